import {
  accountStateCollections,
  accountStateEntry,
  accountStateKeysOf,
  accountStateOf,
  accountStateScalarsOf,
  evolveAccount,
  initialAccountState,
  type AccountEvent,
  type AccountKey,
  type AccountState,
  type AccountStateCollection,
  type AccountStateEntryValue,
  type AccountStateKey,
  type AccountStateScalars,
} from '@ledger/domain';

/**
 * The account history's stored form of an account's state, and the fold that continues it from
 * the few entries a run of events touches (see `accountStateKeysOf`). Amounts are decimal strings
 * in the stored JSON (every amount field's name ends in `Vnd`), read back as `bigint`.
 */

/** The counts an answer shows, kept beside the scalars: the collections they count are stored entry by entry. */
export interface AccountHistoryCounts {
  readonly disbursementCount: number;
  readonly pendingApprovalRequestCount: number;
  readonly reversedDisbursementCount: number;
}

/** An account's state at a revision as stored: its scalars and counts; its collections are entries beside it. */
export interface StoredAccountState {
  readonly scalars: AccountStateScalars;
  readonly counts: AccountHistoryCounts;
}

export const initialStoredAccountState: StoredAccountState = {
  scalars: accountStateScalarsOf(initialAccountState),
  counts: { disbursementCount: 0, pendingApprovalRequestCount: 0, reversedDisbursementCount: 0 },
};

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function reviver(key: string, value: unknown): unknown {
  return typeof value === 'string' && key.endsWith('Vnd') ? BigInt(value) : value;
}

export function encodeStoredAccountState(state: StoredAccountState): string {
  return JSON.stringify(state, replacer);
}

export function decodeStoredAccountState(text: string): StoredAccountState {
  return JSON.parse(text, reviver) as StoredAccountState;
}

/**
 * `{collection}:{key}`: one text column keys an entry (collection names hold no colon). The key is
 * written as the inside of a JSON string, so a control character or a lone surrogate in an old
 * event's voucher reference is escaped: PostgreSQL's text refuses a NUL and invalid UTF-8.
 */
export function entryKeyText({ collection, key }: AccountStateKey): string {
  return `${collection}:${JSON.stringify(key).slice(1, -1)}`;
}

export function parseEntryKey(text: string): AccountStateKey {
  const colon = text.indexOf(':');
  const collection = text.slice(0, colon) as AccountStateCollection;
  if (colon < 0 || !accountStateCollections.includes(collection)) throw new Error(`account history entry key ${text} names no collection`);
  return { collection, key: JSON.parse(`"${text.slice(colon + 1)}"`) as string };
}

/** An entry's value as stored; null where the collection no longer holds the key. */
export function encodeEntryValue(collection: AccountStateCollection, value: AccountStateEntryValue | undefined): string | null {
  if (value === undefined) return null;
  switch (collection) {
    case 'disbursements':
    case 'movementRequests':
      return JSON.stringify(value, replacer);
    case 'fundingByAccount':
      return (value as bigint).toString();
    case 'vouchers':
      return JSON.stringify(value);
    case 'receivedTransfers':
      return '1';
  }
}

export function decodeEntryValue(collection: AccountStateCollection, text: string): AccountStateEntryValue {
  switch (collection) {
    case 'disbursements':
    case 'movementRequests':
      return JSON.parse(text, reviver) as AccountStateEntryValue;
    case 'fundingByAccount':
      return BigInt(text);
    case 'vouchers':
      return JSON.parse(text) as string;
    case 'receivedTransfers':
      return true;
  }
}

/**
 * The domain's fold continued from a stored state and the entries its events touch: `state` holds
 * the stored scalars and only those entries (loaded beforehand, as of the stored state's
 * revision), so its collections are partial while its scalars are exact; the counts move by what
 * each event did at the keys it touched, which is what it did to the whole collection.
 */
export class AccountHistoryFold {
  state: AccountState;
  private disbursementCount: number;
  private pendingApprovalRequestCount: number;
  private reversedDisbursementCount: number;

  constructor(
    private readonly account: AccountKey,
    from: StoredAccountState,
    entries: Iterable<readonly [AccountStateKey, AccountStateEntryValue]>,
  ) {
    this.state = accountStateOf(from.scalars, entries);
    ({ disbursementCount: this.disbursementCount, pendingApprovalRequestCount: this.pendingApprovalRequestCount, reversedDisbursementCount: this.reversedDisbursementCount } = from.counts);
  }

  /** Folds one event; returns the entries it changed, with their new values (undefined: removed). */
  apply(event: AccountEvent): { readonly key: AccountStateKey; readonly value: AccountStateEntryValue | undefined }[] {
    const changed: { readonly key: AccountStateKey; readonly value: AccountStateEntryValue | undefined }[] = [];
    const previous = this.state;
    const next = evolveAccount(previous, event, this.account);
    this.disbursementCount += next.disbursements.size - previous.disbursements.size;
    for (const key of accountStateKeysOf(event)) {
      const before = accountStateEntry(previous, key);
      const after = accountStateEntry(next, key);
      if (before === after) continue;
      if (key.collection === 'disbursements') this.reversedDisbursementCount += reversedCount(after) - reversedCount(before);
      if (key.collection === 'movementRequests') this.pendingApprovalRequestCount += pendingCount(after) - pendingCount(before);
      changed.push({ key, value: after });
    }
    this.state = next;
    return changed;
  }

  get counts(): AccountHistoryCounts {
    return { disbursementCount: this.disbursementCount, pendingApprovalRequestCount: this.pendingApprovalRequestCount, reversedDisbursementCount: this.reversedDisbursementCount };
  }

  stored(): StoredAccountState {
    return { scalars: accountStateScalarsOf(this.state), counts: this.counts };
  }
}

function reversedCount(value: AccountStateEntryValue | undefined): number {
  return value !== undefined && typeof value === 'object' && 'reversed' in value && value.reversed ? 1 : 0;
}

function pendingCount(value: AccountStateEntryValue | undefined): number {
  return value !== undefined && typeof value === 'object' && 'state' in value && value.state === 'pending' ? 1 : 0;
}
