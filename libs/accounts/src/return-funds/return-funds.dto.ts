import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, MaxLength, MinLength } from 'class-validator';
import { CommandEnvelopeDto, accountIdPattern, AmountVndField, OptionalField } from '@ledger/http';

export class ReturnFundsDto extends CommandEnvelopeDto {
  @ApiPropertyOptional({ description: 'The funding account to return to; omit when only one account funded this one', example: 'DTTS.2024.11.DTPT.NSTW._' })
  @OptionalField()
  @Matches(accountIdPattern, { message: 'toAccountId must be an account id such as DTTS.2024.11.DTPT.NSTW._' })
  toAccountId?: string;

  @AmountVndField('1000000000')
  amountVnd!: string;

  @ApiProperty({ example: 'Không có khả năng giải ngân hết trong năm' })
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
