import { accountId, type AccountKey } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkTransferDebit } from '../account.rules';
import type { AccountState } from '../account.state';
import { accept, refuse } from '../refusals';
import { isStrictlyBelow, type RegistryView } from '../registry';

export type AllocateFunds = Extract<AccountCommand, { readonly kind: 'AllocateFunds' }>;

/** The debit half of an allocation: the destination is credited later by `ReceiveFunds`. */
export function decideAllocateFunds(command: AllocateFunds, state: AccountState, context: DecisionContext): AccountDecision {
  const { registry } = context;
  const self = command.account;
  const refused = checkTransferDebit(registry, state, self, command.to, command.amountVnd, checkDownward);
  if (refused) return refused;
  return accept({ type: 'FundsAllocated', data: { transferId: context.firstEventId, toAccountId: accountId(command.to), amountVnd: command.amountVnd } });
}

/**
 * Allocation goes down: to a locality strictly below (keeping the component, if any), or from a
 * locality's general account to one of the program's component projects at the same locality.
 */
function checkDownward(registry: RegistryView, source: AccountKey, destination: AccountKey): AccountDecision | undefined {
  const sameLocality = source.localityId === destination.localityId;
  const toComponentHere = sameLocality && source.componentCode === null && destination.componentCode !== null;
  const toLocalityBelow =
    isStrictlyBelow(registry, source.localityId, destination.localityId) &&
    (source.componentCode === null || source.componentCode === destination.componentCode);
  if (toComponentHere || toLocalityBelow) return undefined;
  return refuse('DESTINATION_NOT_BELOW_SOURCE', 'allocation moves money down the locality tree or to a component project', {
    sourceLocalityId: source.localityId,
    destinationLocalityId: destination.localityId,
    sourceComponentCode: source.componentCode,
    destinationComponentCode: destination.componentCode,
  });
}
