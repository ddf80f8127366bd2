import {
  accountId,
  accountStreamId,
  decodeEvent,
  encodeEventData,
  eventCatalogue,
  evolveAccount,
  initialAccountState,
  type AccountDecision,
  type AccountEvent,
  type AccountKey,
  type AccountState,
  type DomainEvent,
  type Refusal,
} from '@ledger/domain';
import {
  CommandIdConflictError,
  readCountMax,
  WrongExpectedRevisionError,
  type AppendResult,
  type CommandRecord,
  type EventStore,
  type EventToAppend,
  type JsonObject,
} from '@ledger/event-store';
import type { Clock, IdGenerator } from './clock';
import { requestHash, type CommandContext } from './command-context';
import { CommandRefusedError, ConcurrencyConflictError, StaleRevisionError } from './command-errors';

/** Attempts at one command when other writers keep moving the stream. */
export const conflictAttemptsMax = 5;
/** Account states kept in memory; the least recently used are dropped beyond this. */
export const accountCacheEntriesMax = 100_000;

export interface LoadedAccount {
  readonly key: AccountKey;
  readonly state: AccountState;
  /** The stream's revision the state reflects; -1n when the stream does not exist. */
  readonly revision: bigint;
}

export interface CommandResult {
  readonly commandId: string;
  readonly accountId: string;
  readonly streamId: string;
  readonly eventIds: readonly string[];
  /** The stream's revision after the command. */
  readonly revision: bigint;
  /** Global position of the command's last event: pass it to queries to read your own write. */
  readonly position: bigint;
  /** True when this is a retry of a command already recorded: nothing new was written. */
  readonly duplicate: boolean;
}

export interface AccountCommandRequest {
  readonly key: AccountKey;
  /** Command name and content, hashed to tell a retry from a reuse of the command id. */
  readonly kind: string;
  readonly content: unknown;
  readonly context: CommandContext;
  /** Set from `If-Match`: the command applies only at exactly this revision, with no retry. */
  readonly expectedRevision?: bigint;
  /** Decides on the current state; `firstEventId` becomes the id of the first event (a transfer's or disbursement's id). */
  readonly decide: (state: AccountState, firstEventId: string) => AccountDecision;
  /** Called when a refusal might come from a stale registry; returns true when it learned something new. */
  readonly refreshRegistry?: (refusal: Refusal) => Promise<boolean>;
}

export function toStoredEvent(event: DomainEvent, id: string, context: CommandContext, recordedAt: string): EventToAppend {
  const metadata: JsonObject = {
    commandId: context.commandId,
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: { id: context.actor.id, role: context.actor.role, jurisdiction: context.actor.jurisdiction },
    decisionRef: context.decisionRef,
    effectiveDate: context.effectiveDate,
    recordedAt,
    schemaVersion: eventCatalogue[event.type].schemaVersion,
  };
  return { id, type: event.type, data: encodeEventData(event), metadata };
}

function resultFromRecord(record: CommandRecord, key: AccountKey): CommandResult {
  return {
    commandId: record.commandId,
    accountId: accountId(key),
    streamId: record.streamId,
    eventIds: record.eventIds,
    revision: record.nextRevision,
    position: record.position,
    duplicate: true,
  };
}

/**
 * Loads accounts, decides commands and appends their events with the revision they were
 * decided on. Commands on one stream are serialised in this process, so concurrent requests
 * for one account queue instead of conflicting; other writers (another process) are caught
 * by the expected-revision check, which evicts the cached state and retries.
 */
export class AccountRepository {
  private readonly cache = new Map<string, LoadedAccount>();
  private readonly streamTails = new Map<string, Promise<void>>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async load(key: AccountKey): Promise<LoadedAccount> {
    const streamId = accountStreamId(key);
    const cached = this.cache.get(streamId);
    if (cached) {
      // Refresh the entry's place in the least-recently-used order.
      this.cache.delete(streamId);
      this.cache.set(streamId, cached);
      return cached;
    }
    let state = initialAccountState;
    let revision = -1n;
    for (;;) {
      const page = await this.store.readStream(streamId, { fromRevision: revision + 1n, maxCount: readCountMax });
      for (const stored of page) {
        state = evolveAccount(state, decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as AccountEvent, key);
        revision = stored.revision;
      }
      if (page.length < readCountMax) break;
    }
    const loaded = { key, state, revision };
    this.remember(streamId, loaded);
    return loaded;
  }

  /**
   * The account as the store holds it now: the cached state brought forward with any events
   * another writer appended since. Reads use this; commands rely on the expected-revision check.
   */
  async loadCurrent(key: AccountKey): Promise<LoadedAccount> {
    const streamId = accountStreamId(key);
    let loaded = await this.load(key);
    for (;;) {
      const page = await this.store.readStream(streamId, { fromRevision: loaded.revision + 1n, maxCount: readCountMax });
      if (page.length === 0) return loaded;
      let { state, revision } = loaded;
      for (const stored of page) {
        state = evolveAccount(state, decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as AccountEvent, key);
        revision = stored.revision;
      }
      loaded = { key, state, revision };
      this.remember(streamId, loaded);
      if (page.length < readCountMax) return loaded;
    }
  }

  async execute(request: AccountCommandRequest): Promise<CommandResult> {
    const hash = requestHash(request.kind, request.content, request.context);
    const streamId = accountStreamId(request.key);
    return this.withStreamLock(streamId, () => this.decideAndAppend(request, streamId, hash));
  }

  private async decideAndAppend(request: AccountCommandRequest, streamId: string, hash: string): Promise<CommandResult> {
    // A retry is recognised by the store when the append carries the command record, whatever
    // the decision; only a refusal needs to ask first whether the command was already recorded
    // (its original may have spent the money the retry would now find missing).
    const recordedResult = async (): Promise<CommandResult | undefined> => {
      const known = await this.store.findCommand(request.context.commandId);
      if (!known) return undefined;
      if (known.requestHash !== hash) throw new CommandIdConflictError(request.context.commandId);
      return resultFromRecord(known, request.key);
    };
    let registryRefreshed = false;
    for (let attempt = 1; attempt <= conflictAttemptsMax; attempt += 1) {
      const loaded = await this.load(request.key);
      if (request.expectedRevision !== undefined && request.expectedRevision !== loaded.revision) {
        throw new StaleRevisionError(streamId, request.expectedRevision, loaded.revision < 0n ? undefined : loaded.revision);
      }
      const firstEventId = this.ids.next();
      const decision = request.decide(loaded.state, firstEventId);
      if (!decision.ok) {
        if (!registryRefreshed && request.refreshRegistry && (await request.refreshRegistry(decision.refusal))) {
          registryRefreshed = true;
          attempt -= 1;
          continue;
        }
        const recorded = await recordedResult();
        if (recorded) return recorded;
        throw new CommandRefusedError(decision.refusal);
      }
      if (decision.events.length === 0) {
        const recorded = await recordedResult();
        if (recorded) return recorded;
        return {
          commandId: request.context.commandId,
          accountId: accountId(request.key),
          streamId,
          eventIds: [],
          revision: loaded.revision,
          position: -1n,
          duplicate: false,
        };
      }
      const recordedAt = this.clock.now().toISOString();
      const toAppend = decision.events.map((event, index) => toStoredEvent(event, index === 0 ? firstEventId : this.ids.next(), request.context, recordedAt));
      let appended: AppendResult;
      try {
        appended = await this.store.appendToStream(streamId, toAppend, {
          expectedRevision: loaded.revision < 0n ? 'no_stream' : loaded.revision,
          command: { commandId: request.context.commandId, requestHash: hash },
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        this.cache.delete(streamId);
        if (request.expectedRevision !== undefined) throw new StaleRevisionError(streamId, request.expectedRevision, error.actualRevision);
        continue;
      }
      if (!appended.duplicate) {
        const state = decision.events.reduce((current, event) => evolveAccount(current, event, request.key), loaded.state);
        this.remember(streamId, { key: request.key, state, revision: appended.nextRevision });
      }
      return {
        commandId: request.context.commandId,
        accountId: accountId(request.key),
        streamId,
        eventIds: appended.eventIds,
        revision: appended.nextRevision,
        position: appended.position,
        duplicate: appended.duplicate,
      };
    }
    throw new ConcurrencyConflictError(streamId, conflictAttemptsMax);
  }

  private remember(streamId: string, loaded: LoadedAccount): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, loaded);
    if (this.cache.size > accountCacheEntriesMax) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private async withStreamLock<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.streamTails.get(streamId) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.streamTails.set(streamId, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.streamTails.get(streamId) === tail) this.streamTails.delete(streamId);
    }
  }
}
