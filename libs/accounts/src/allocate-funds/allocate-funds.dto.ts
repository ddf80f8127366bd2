import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandEnvelopeDto, accountIdPattern, AmountVndField } from '@ledger/http';

export class AllocateFundsDto extends CommandEnvelopeDto {
  @ApiProperty({ description: 'The destination account id', example: 'DTTS.2024.094.DTPT.NSTW._' })
  @Matches(accountIdPattern, { message: 'toAccountId must be an account id such as DTTS.2024.094.DTPT.NSTW._' })
  toAccountId!: string;

  @AmountVndField('50000000000')
  amountVnd!: string;
}
