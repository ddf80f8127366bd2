import { accountId, correctedEventIdOf, decodeEvent, evolveAccount, initialAccountState, parseAccountStreamId, type AccountEvent, type AccountKey, type AccountState } from '@ledger/domain';
import type { JsonObject } from '@ledger/event-store';
import type { ProjectionEvent, ProjectionEventSource } from '@ledger/read-models';
import { effectiveDateOf } from '../as-of/as-of-view';

/**
 * Whose history is replayed (or exported): one account; a program's accounts everywhere; the
 * accounts at one locality; or those of a locality and the localities below it — the last two
 * optionally of one program.
 */
export type ReplayScope =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'program'; readonly programCode: string }
  | { readonly kind: 'locality'; readonly localityId: string; readonly programCode?: string; readonly subtree: boolean };

/** Which events are printed: positions or effective dates, both ends included. Balances always run from the first event. */
export interface ReplayRange {
  readonly fromPosition?: bigint;
  readonly toPosition?: bigint;
  readonly fromDate?: string;
  readonly toDate?: string;
}

/** One event of the replay, with the account's figures after it. */
export interface ReplayEntry {
  readonly position: bigint;
  readonly eventId: string;
  readonly eventType: string;
  readonly accountId: string;
  readonly effectiveDate: string;
  readonly recordedAt: string;
  /** The event's amount, as the audit trail shows it; null for events that move none. */
  readonly amountVnd: bigint | null;
  readonly counterpartyAccountId: string | null;
  readonly actorId: string | null;
  readonly decisionRef: string | null;
  /** The event a correction corrects (a reversal's payment); null for any other. */
  readonly corrects: string | null;
  /** The account's running figures after this event. */
  readonly availableVnd: bigint;
  readonly heldVnd: bigint;
  readonly netDisbursedVnd: bigint;
}

/** Events read per page from the source. */
export const replayPageEventsMax = 5_000;

/**
 * The history of accounts event by event, with running balances folded by the domain's own
 * `evolveAccount` — one pass over every event in global order (registry events teach the
 * locality tree a subtree needs), yielding the entries of the scope and range asked.
 */
export async function* replayLedger(source: ProjectionEventSource, scope: ReplayScope, range: ReplayRange = {}, onPage?: (eventsRead: number) => void): AsyncGenerator<ReplayEntry> {
  const states = new Map<string, AccountState>();
  const inScope = new ScopeTest(scope);
  let read = 0;
  for (let after = -1n; ; ) {
    const page = await source.readAfter(after, replayPageEventsMax);
    if (page.length === 0) return;
    for (const event of page) {
      if (range.toPosition !== undefined && event.position > range.toPosition) return;
      const key = inScope.accountOf(event);
      if (!key) continue;
      const decoded = decodeEvent(event.type, event.data, event.metadata.schemaVersion) as AccountEvent;
      const state = evolveAccount(states.get(event.streamId) ?? initialAccountState, decoded, key);
      states.set(event.streamId, state);
      if (!inRange(range, event)) continue;
      yield entryOf(event, key, state);
    }
    read += page.length;
    onPage?.(read);
    after = page[page.length - 1].position;
  }
}

/**
 * Tells, event by event in global order, whether an event is of an account in the scope. The
 * registry events it sees teach it the locality tree a subtree needs: a unit is registered before
 * any account of it can move money, so the tree is known by the time its accounts' events come.
 */
export class ScopeTest {
  private readonly parents = new Map<string, string | null>();

  constructor(private readonly scope: ReplayScope) {}

  /** The account the event belongs to when it is in the scope; undefined otherwise. */
  accountOf(event: ProjectionEvent): AccountKey | undefined {
    if (event.type === 'LocalityRegistered') this.parents.set(String(event.data.localityId), typeof event.data.parentId === 'string' ? event.data.parentId : null);
    const key = parseAccountStreamId(event.streamId);
    return key && this.holds(key) ? key : undefined;
  }

  private holds(key: AccountKey): boolean {
    const { scope } = this;
    switch (scope.kind) {
      case 'account':
        return accountId(key) === scope.accountId;
      case 'program':
        return key.programCode === scope.programCode;
      case 'locality':
        return (scope.programCode === undefined || key.programCode === scope.programCode) && (scope.subtree ? this.under(key.localityId, scope.localityId) : key.localityId === scope.localityId);
    }
  }

  private under(localityId: string, ancestorId: string): boolean {
    // Nation, province, district, commune: a walk up longer than this is a cycle in a broken registry.
    for (let current: string | null | undefined = localityId, steps = 0; current && steps < 16; current = this.parents.get(current), steps += 1) if (current === ancestorId) return true;
    return false;
  }
}

/** True when the event falls in the range (positions and effective dates, both ends included). */
export function inRange(range: ReplayRange, event: ProjectionEvent): boolean {
  if (range.fromPosition !== undefined && event.position < range.fromPosition) return false;
  const date = effectiveDateOf(event);
  if (range.fromDate !== undefined && date < range.fromDate) return false;
  return range.toDate === undefined || date <= range.toDate;
}

function text(metadata: JsonObject, path: readonly string[]): string | null {
  let value: unknown = metadata;
  for (const step of path) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject)[step] : undefined;
  return typeof value === 'string' ? value : null;
}

function entryOf(event: ProjectionEvent, key: AccountKey, state: AccountState): ReplayEntry {
  const { data } = event;
  const amount = data.amountVnd;
  const counterparty = typeof data.toAccountId === 'string' ? data.toAccountId : typeof data.fromAccountId === 'string' ? data.fromAccountId : null;
  return {
    position: event.position,
    eventId: event.id,
    eventType: event.type,
    accountId: accountId(key),
    effectiveDate: effectiveDateOf(event),
    recordedAt: event.recordedAt.toISOString(),
    amountVnd: typeof amount === 'string' || typeof amount === 'number' ? BigInt(amount) : null,
    counterpartyAccountId: counterparty,
    actorId: text(event.metadata, ['actor', 'id']),
    decisionRef: text(event.metadata, ['decisionRef']),
    corrects: correctedEventIdOf(event),
    availableVnd: state.availableVnd,
    heldVnd: state.heldVnd,
    netDisbursedVnd: state.disbursedVnd - state.reversedVnd,
  };
}
