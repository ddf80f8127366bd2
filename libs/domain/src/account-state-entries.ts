import type { AccountEvent } from './account.events';
import { initialAccountState, movementTotalsOf, type AccountState, type DisbursementRecord, type MovementRequestRecord } from './account.state';
import type { Vnd } from './money';
import { PersistentMap, PersistentSet } from './persistent-collections';
import { normalizeVoucherRef } from './voucher-ref';

/**
 * An account's state as two parts: its scalars (amounts, deadline, closing, successors) and the
 * entries of its keyed collections (disbursements, movement requests, vouchers, funders, received
 * transfers). `evolveAccount` reads and writes a collection only at the keys its event names, so
 * folding events from a state that holds just those entries gives the same scalars and the same
 * entries at those keys as folding from the whole state. Derived data about an account (the as-of
 * snapshots) can then keep the collections entry by entry and load only the entries a fold needs.
 *
 * Keep `accountStateKeysOf` in step with `evolveAccount`: an event that reads or writes another key
 * must name it here (account-state-entries.spec.ts folds random histories both ways).
 */
export const accountStateCollections = ['disbursements', 'movementRequests', 'vouchers', 'fundingByAccount', 'receivedTransfers'] as const;
export type AccountStateCollection = (typeof accountStateCollections)[number];

/** The value an entry holds: a record, an amount, or `true` for a member of a set. */
export type AccountStateEntryValue = DisbursementRecord | MovementRequestRecord | string | Vnd | true;

export interface AccountStateKey {
  readonly collection: AccountStateCollection;
  readonly key: string;
}

/** The state without its keyed collections. */
export type AccountStateScalars = Omit<AccountState, AccountStateCollection>;

/** Every key of every collection the event reads or writes when it is folded. */
export function accountStateKeysOf(event: AccountEvent): AccountStateKey[] {
  switch (event.type) {
    case 'MovementRequested':
    case 'MovementApproved':
    case 'MovementRejected':
    case 'MovementRequestExpired':
      return [{ collection: 'movementRequests', key: event.data.requestId }];
    case 'FundsReceived':
      return [
        { collection: 'receivedTransfers', key: event.data.transferId },
        { collection: 'fundingByAccount', key: event.data.fromAccountId },
      ];
    case 'FundsReturned':
      return [{ collection: 'fundingByAccount', key: event.data.toAccountId }];
    case 'FundsDisbursed':
      return [
        { collection: 'disbursements', key: event.data.disbursementId },
        { collection: 'vouchers', key: normalizeVoucherRef(event.data.voucherRef) },
      ];
    case 'DisbursementReversed':
      return [{ collection: 'disbursements', key: event.data.disbursementId }];
    default:
      return [];
  }
}

/** The entry at a key, or undefined where the collection has none. */
export function accountStateEntry(state: AccountState, { collection, key }: AccountStateKey): AccountStateEntryValue | undefined {
  if (collection === 'receivedTransfers') return state.receivedTransfers.has(key) ? true : undefined;
  return state[collection].get(key);
}

export function accountStateScalarsOf(state: AccountState): AccountStateScalars {
  return {
    opened: state.opened,
    ...movementTotalsOf(state),
    heldVnd: state.heldVnd,
    deadline: state.deadline,
    handedOverVnd: state.handedOverVnd,
    closed: state.closed,
    closedOn: state.closedOn,
    successorAccountIds: state.successorAccountIds,
  };
}

/** A state of these scalars whose collections hold exactly these entries (all of them, or only those a fold will touch). */
export function accountStateOf(scalars: AccountStateScalars, entries: Iterable<readonly [AccountStateKey, AccountStateEntryValue]>): AccountState {
  const grouped = { disbursements: [] as [string, DisbursementRecord][], movementRequests: [] as [string, MovementRequestRecord][], vouchers: [] as [string, string][], fundingByAccount: [] as [string, Vnd][], received: [] as string[] };
  for (const [{ collection, key }, value] of entries) {
    if (collection === 'receivedTransfers') grouped.received.push(key);
    else (grouped[collection] as [string, AccountStateEntryValue][]).push([key, value]);
  }
  let receivedTransfers = PersistentSet.empty<string>();
  for (const transferId of grouped.received) receivedTransfers = receivedTransfers.add(transferId);
  return {
    ...initialAccountState,
    ...scalars,
    disbursements: grouped.disbursements.length === 0 ? PersistentMap.empty() : PersistentMap.of(grouped.disbursements),
    movementRequests: grouped.movementRequests.length === 0 ? PersistentMap.empty() : PersistentMap.of(grouped.movementRequests),
    vouchers: grouped.vouchers.length === 0 ? PersistentMap.empty() : PersistentMap.of(grouped.vouchers),
    fundingByAccount: grouped.fundingByAccount.length === 0 ? PersistentMap.empty() : PersistentMap.of(grouped.fundingByAccount),
    receivedTransfers,
  };
}

/** Every entry of every collection of a state, in collection order. */
export function* accountStateEntries(state: AccountState): Generator<[AccountStateKey, AccountStateEntryValue]> {
  for (const collection of accountStateCollections) {
    if (collection === 'receivedTransfers') for (const key of state.receivedTransfers) yield [{ collection, key }, true];
    else for (const [key, value] of state[collection]) yield [{ collection, key }, value];
  }
}
