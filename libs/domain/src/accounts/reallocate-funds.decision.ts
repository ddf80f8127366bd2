import { accountId, type AccountKey } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkTransferDebit } from '../account.rules';
import type { AccountState } from '../account.state';
import { accept, refuse } from '../refusals';
import type { RegistryView } from '../registry';

export type ReallocateFunds = Extract<AccountCommand, { readonly kind: 'ReallocateFunds' }>;

/**
 * The debit half of a reallocation under a decision that names its reason; the destination is
 * credited later by `ReceiveFunds`. The checks run in the same order as an allocation's.
 */
export function decideReallocateFunds(command: ReallocateFunds, state: AccountState, context: DecisionContext): AccountDecision {
  const { registry } = context;
  const self = command.account;
  const refused = checkTransferDebit(registry, state, self, command.to, command.amountVnd, checkSideways);
  if (refused) return refused;
  return accept({
    type: 'FundsReallocated',
    data: { transferId: context.firstEventId, toAccountId: accountId(command.to), amountVnd: command.amountVnd, reason: command.reason },
  });
}

/** Reallocation goes sideways: between component projects of one locality, or between sibling localities. */
function checkSideways(registry: RegistryView, source: AccountKey, destination: AccountKey): AccountDecision | undefined {
  const sameLocality = source.localityId === destination.localityId;
  const sourceParent = registry.locality(source.localityId)?.parentId ?? null;
  const destinationParent = registry.locality(destination.localityId)?.parentId ?? null;
  const siblings = !sameLocality && sourceParent !== null && sourceParent === destinationParent;
  if ((sameLocality && source.componentCode !== destination.componentCode) || siblings) return undefined;
  return refuse('REALLOCATION_NOT_SIDEWAYS', 'reallocation moves money between component projects of one locality or between localities under the same parent', {
    sourceLocalityId: source.localityId,
    destinationLocalityId: destination.localityId,
  });
}
