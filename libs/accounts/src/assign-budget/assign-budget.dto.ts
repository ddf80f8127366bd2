import { CommandEnvelopeDto, AmountVndField } from '@ledger/http';

export class AssignBudgetDto extends CommandEnvelopeDto {
  @AmountVndField('729500000000')
  amountVnd!: string;
}
