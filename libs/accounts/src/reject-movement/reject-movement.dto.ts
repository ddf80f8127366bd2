import { ApiProperty } from '@nestjs/swagger';
import { MaxLength, MinLength } from 'class-validator';
import { ApproveMovementDto } from '../approve-movement/approve-movement.dto';

export class RejectMovementDto extends ApproveMovementDto {
  @ApiProperty({ description: 'Why the request is refused; recorded with the rejection and shown to the requester', example: 'Thiếu quyết định phê duyệt dự án' })
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
