import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandEnvelopeDto, isoDatePattern } from '@ledger/http';

export class ExtendDisbursementDeadlineDto extends CommandEnvelopeDto {
  @ApiProperty({ description: 'The new last day of disbursement, YYYY-MM-DD', example: '2025-12-31' })
  @Matches(isoDatePattern, { message: 'newDeadline must be a date written YYYY-MM-DD' })
  newDeadline!: string;
}
