import { ApiProperty } from '@nestjs/swagger';
import { Matches, MaxLength, MinLength } from 'class-validator';
import { CommandEnvelopeDto, amountPattern, isoDatePattern } from '@ledger/http';

export class RecordDisbursementDto extends CommandEnvelopeDto {
  @ApiProperty({ description: 'Whole đồng as a decimal string', example: '2500000000' })
  @Matches(amountPattern, { message: 'amountVnd must be whole đồng written as a decimal string of digits' })
  amountVnd!: string;

  @ApiProperty({ description: 'The State Treasury voucher reference (chứng từ)', example: 'KBNN-DB-2024-000123' })
  @MinLength(1)
  @MaxLength(100)
  voucherRef!: string;

  @ApiProperty({ description: 'The payment date, YYYY-MM-DD', example: '2024-06-14' })
  @Matches(isoDatePattern, { message: 'disbursedOn must be a date written YYYY-MM-DD' })
  disbursedOn!: string;
}
