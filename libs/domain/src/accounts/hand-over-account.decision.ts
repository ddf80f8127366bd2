import { accountId, type AccountKey } from '../account-id';
import { effectiveDateOf, eventIdAt, type AccountCommand, type AccountDecision, type DecisionContext } from '../account.commands';
import type { AccountEvent } from '../account.events';
import { checkAccountKnown, checkAmount, checkFundingLine, checkNotSame, checkOpened, firstRefusal } from '../account.rules';
import type { AccountState } from '../account.state';
import { accept, refuse } from '../refusals';
import { handOverTargetsOf, isInForceOn, type RegistryView } from '../registry';

export type HandOverAccount = Extract<AccountCommand, { readonly kind: 'HandOverAccount' }>;

/**
 * Hands an ended unit's account over to its successors and closes it, in one decision: one
 * `FundsHandedOver` debit per successor (each a transfer the process manager credits, carrying
 * the deadline) and `AccountClosed`. The money keeps its program, plan year, capital type,
 * budget source and component; only the unit changes, to one that succeeded this one (or a unit
 * below it) and is in force on the hand-over's date. The shares add up to the whole available
 * balance, to the đồng.
 *
 * A closed account may be handed over again only for money credited after it closed (a transfer
 * debited towards it before): a closed account holding nothing is a no-op, so a re-run writes nothing.
 */
export function decideHandOverAccount(command: HandOverAccount, state: AccountState, context: DecisionContext): AccountDecision {
  const { registry } = context;
  const self = command.account;
  const date = effectiveDateOf(command, context);
  if (state.closed && state.availableVnd === 0n && command.shares.length === 0) return accept();
  const refused = firstRefusal(
    () => checkAccountKnown(registry, self, 'source'),
    () => checkOpened(state, self),
    () => checkSourceEnded(registry, self, date),
    () => checkNoPendingRequests(state),
    ...command.shares.map((share) => () => checkShare(registry, self, share.to, share.amountVnd, date)),
    () => checkTargetsDistinct(command),
    () => checkWholeBalance(command, state),
  );
  if (refused) return refused;
  // An opened account always has a deadline (its default, or the latest extension).
  const deadline = state.deadline as string;
  const events: AccountEvent[] = command.shares.map((share, index) => ({
    type: 'FundsHandedOver',
    data: { transferId: eventIdAt(context, index), toAccountId: accountId(share.to), amountVnd: share.amountVnd, deadline },
  }));
  if (!state.closed) events.push({ type: 'AccountClosed', data: { closedOn: date } });
  return accept(...events);
}

/** Only a unit that ceased to exist hands its accounts over, and only after its last day. */
function checkSourceEnded(registry: RegistryView, source: AccountKey, date: string): AccountDecision | undefined {
  const locality = registry.locality(source.localityId);
  if (locality && locality.validTo !== null && date > locality.validTo) return undefined;
  return refuse('HANDOVER_SOURCE_IN_FORCE', `${source.localityId} is in force on ${date}: only the accounts of a unit that ceased to exist are handed over, after its last day`, {
    localityId: source.localityId,
    date,
    validTo: locality?.validTo ?? null,
  });
}

function checkShare(registry: RegistryView, source: AccountKey, destination: AccountKey, amountVnd: bigint, date: string): AccountDecision | undefined {
  return firstRefusal(
    () => checkAmount(amountVnd),
    () => checkAccountKnown(registry, destination, 'successor'),
    () => checkNotSame(source, destination),
    () => checkFundingLine(source, destination),
    () =>
      source.componentCode === destination.componentCode
        ? undefined
        : refuse('COMPONENT_MISMATCH', `money is handed over in its original state: source has component ${source.componentCode ?? 'none'}, successor ${destination.componentCode ?? 'none'}`, {
            field: 'componentCode',
            source: source.componentCode,
            destination: destination.componentCode,
          }),
    () => checkSuccessor(registry, source, destination, date),
  );
}

function checkSuccessor(registry: RegistryView, source: AccountKey, destination: AccountKey, date: string): AccountDecision | undefined {
  const targets = handOverTargetsOf(registry, source.localityId);
  if (!targets.has(destination.localityId)) {
    return refuse('HANDOVER_TARGET_NOT_SUCCESSOR', `${destination.localityId} did not succeed ${source.localityId} or a unit below it; its successors are ${[...targets].join(', ') || 'not registered'}`, {
      sourceLocalityId: source.localityId,
      destinationLocalityId: destination.localityId,
      successors: [...targets].join(','),
    });
  }
  const locality = registry.locality(destination.localityId);
  if (locality && !isInForceOn(locality, date)) {
    return refuse('LOCALITY_NOT_IN_FORCE', `successor: ${destination.localityId} is not in force on ${date}`, {
      localityId: destination.localityId,
      date,
      validFrom: locality.validFrom,
      validTo: locality.validTo,
      successors: '',
    });
  }
  return undefined;
}

function checkTargetsDistinct(command: HandOverAccount): AccountDecision | undefined {
  const seen = new Set<string>();
  for (const share of command.shares) {
    const id = accountId(share.to);
    if (seen.has(id)) return refuse('HANDOVER_TARGET_REPEATED', `successor account ${id} is named twice; give it one share`, { accountId: id });
    seen.add(id);
  }
  return undefined;
}

/** The shares move the whole balance, to the đồng: nothing may stay behind in a closed account, nor more leave it. */
/**
 * Money a movement request holds would be left in a closed account: the requests are approved,
 * rejected or left to expire first.
 */
function checkNoPendingRequests(state: AccountState): AccountDecision | undefined {
  const pending = [...state.movementRequests.values()].filter((request) => request.state === 'pending');
  if (pending.length === 0) return undefined;
  return refuse('HANDOVER_REQUESTS_PENDING', `${pending.length} movement request(s) wait for approval on this account: approve, reject or let them expire before handing it over`, {
    pendingRequestCount: pending.length,
    firstPendingRequestId: pending[0].requestId,
    heldVnd: state.heldVnd.toString(),
  });
}

function checkWholeBalance(command: HandOverAccount, state: AccountState): AccountDecision | undefined {
  const sharesVnd = command.shares.reduce((sum, share) => sum + share.amountVnd, 0n);
  if (sharesVnd === state.availableVnd) return undefined;
  return refuse('HANDOVER_SHARES_MISMATCH', `the shares add up to ${sharesVnd} đồng but the account holds ${state.availableVnd}: a hand-over moves the whole balance`, {
    availableVnd: state.availableVnd.toString(),
    sharesVnd: sharesVnd.toString(),
    differenceVnd: (state.availableVnd - sharesVnd).toString(),
  });
}
