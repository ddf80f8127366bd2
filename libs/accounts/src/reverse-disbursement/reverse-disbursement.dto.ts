import { ApiProperty } from '@nestjs/swagger';
import { MaxLength, MinLength } from 'class-validator';
import { CommandEnvelopeDto } from '@ledger/http';

export class ReverseDisbursementDto extends CommandEnvelopeDto {
  @ApiProperty({ example: 'Kho bạc từ chối thanh toán: sai thông tin người thụ hưởng' })
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
