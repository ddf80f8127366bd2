import { ApiProperty } from '@nestjs/swagger';
import { MaxLength, MinLength } from 'class-validator';
import { AllocateFundsDto } from '../allocate-funds/allocate-funds.dto';

export class ReallocateFundsDto extends AllocateFundsDto {
  @ApiProperty({ description: 'Why the money moves', example: 'Điều chỉnh theo tiến độ giải ngân' })
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
