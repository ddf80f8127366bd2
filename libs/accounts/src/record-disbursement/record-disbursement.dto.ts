import { ApiProperty } from '@nestjs/swagger';
import { Matches, MaxLength, MinLength } from 'class-validator';
import { CommandEnvelopeDto, AmountVndField, isoDatePattern } from '@ledger/http';

export class RecordDisbursementDto extends CommandEnvelopeDto {
  @AmountVndField('2500000000')
  amountVnd!: string;

  @ApiProperty({ description: 'The State Treasury voucher reference (chứng từ)', example: 'KBNN-DB-2024-000123' })
  @MinLength(1)
  @MaxLength(100)
  voucherRef!: string;

  @ApiProperty({ description: 'The payment date, YYYY-MM-DD', example: '2024-06-14' })
  @Matches(isoDatePattern, { message: 'disbursedOn must be a date written YYYY-MM-DD' })
  disbursedOn!: string;
}
