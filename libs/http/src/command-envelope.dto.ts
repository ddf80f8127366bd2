import { OptionalField } from './field-decorators';
import { Matches, MaxLength, MinLength } from 'class-validator';
import { isoDatePattern } from './validation';
import { clientCommandIdMessage, clientCommandIdPattern } from '@ledger/commands';

/** Fields every command body may carry besides its content. */
export class CommandEnvelopeDto {
  /** Client-chosen command id; a retry with the same id is answered with the first result. May come as `Idempotency-Key` instead. */
  @OptionalField()
  @Matches(clientCommandIdPattern, { message: `commandId ${clientCommandIdMessage}` })
  commandId?: string;

  /** The legal act behind the movement (số quyết định), e.g. `123/QĐ-UBND`. */
  @OptionalField()
  @MinLength(1)
  @MaxLength(100)
  decisionRef?: string;

  /** The date the fact takes effect (YYYY-MM-DD); defaults to today in Vietnam. */
  @OptionalField()
  @Matches(isoDatePattern, { message: 'effectiveDate must be a date written YYYY-MM-DD' })
  effectiveDate?: string;
}
