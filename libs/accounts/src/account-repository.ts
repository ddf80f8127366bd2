import {
  accountId,
  accountStreamId,
  decideAccount,
  decodeEvent,
  defaultLedgerPolicy,
  evolveAccount,
  initialAccountState,
  type AccountCommand,
  type AccountEvent,
  type AccountKey,
  type AccountState,
  lateEntryDays,
  parseAccountStreamId,
  recordingOf,
  refusalOfTakenKey,
  resolveLocalityReference,
  uniqueKeysOf,
  versionsOfCode,
  type LedgerPolicy,
  type Refusal,
  type RegistryView,
} from '@ledger/domain';
import { CommandIdConflictError, readCountMax, UniqueKeyTakenError, WrongExpectedRevisionError, type AppendResult, type CommandRecord, type EventStore } from '@ledger/event-store';
import {
  CommandRefusedError,
  commandRecordId,
  ConcurrencyConflictError,
  conflictAttemptsMax,
  invariant,
  StaleRevisionError,
  toStoredEvent,
  vietnamDate,
  type Clock,
  type CommandContext,
  type IdGenerator,
} from '@ledger/commands';
import type { CommandOutcome, LedgerMetrics } from '@ledger/operations';
import { chainHashAfter, linkEvents } from '@ledger/audit';
import { accountCommandHash } from './account-command-hash';

/** Events per read when looking for a hand-over's debit from the end of the closed account's stream. */
export const carriedDeadlinePageEvents = 100;

/** Account states kept in memory; the least recently used are dropped beyond this. */
export const accountCacheEntriesMax = 100_000;

/** Refusals that rest on the registry: another process may have registered what was missing since. */
const registryRefusals = new Set([
  'UNKNOWN_PROGRAM',
  'UNKNOWN_COMPONENT',
  'UNKNOWN_LOCALITY',
  'PLAN_YEAR_OUTSIDE_PROGRAM',
  'COMPONENT_OUTSIDE_PLAN_YEARS',
  'DESTINATION_NOT_BELOW_SOURCE',
  'REALLOCATION_NOT_SIDEWAYS',
  'HANDOVER_TARGET_NOT_SUCCESSOR',
  'HANDOVER_SOURCE_IN_FORCE',
]);

/** The registry as commands need it: a view to decide against, and a way to learn what another process registered. */
export interface RegistrySource {
  readonly view: RegistryView;
  /** Reads registry events appended since the last look; true when there were any. */
  catchUp(): Promise<boolean>;
}

export interface LoadedAccount {
  readonly key: AccountKey;
  readonly state: AccountState;
  /** The stream's revision the state reflects; -1n when the stream does not exist. */
  readonly revision: bigint;
  /**
   * The hash link of the event at `revision`, which the next event's link names as its previous
   * one; null when the stream is empty or that event was written before links existed (the next
   * event then starts the stream's chain).
   */
  readonly lastHash: string | null;
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
  /**
   * The events the command recorded, in order (for a retry, read back from the store): an answer
   * tells from them what happened — a movement recorded, or held as a request for approval.
   */
  readonly events: readonly AccountEvent[];
}

export interface AccountRepositoryOptions {
  /** The app's metrics, which count every command by outcome. */
  readonly metrics?: LedgerMetrics;
  /** The date limits of this deployment (back-dating window, extension caps); the law's defaults otherwise. */
  readonly policy?: LedgerPolicy;
}

export interface ExecuteOptions {
  /** Set from `If-Match`: the command applies only at exactly this revision, with no retry. */
  readonly expectedRevision?: bigint;
  /**
   * The command's accounts name their localities as a client wrote them: a bare code is resolved
   * to the unit in force on the command's date (03127 after 1 July 2025 is 03127@2025), and a code
   * that names several units is refused when the command gives no date. The ledger's own commands
   * (a transfer's credit, a hand-over step) name stored version ids and are taken as they are.
   */
  readonly resolveLocalities?: boolean;
}

function resultFromRecord(record: CommandRecord, key: AccountKey, commandId: string, events: readonly AccountEvent[]): CommandResult {
  return {
    commandId,
    accountId: accountId(key),
    streamId: record.streamId,
    eventIds: record.eventIds,
    revision: record.nextRevision,
    position: record.position,
    duplicate: true,
    events,
  };
}

function outcomeOf(result: CommandResult): CommandOutcome {
  return result.duplicate ? 'duplicate' : 'accepted';
}

function outcomeOfError(error: unknown): CommandOutcome {
  if (error instanceof CommandRefusedError) return 'refused';
  if (error instanceof ConcurrencyConflictError || error instanceof StaleRevisionError || error instanceof CommandIdConflictError) return 'conflict';
  return 'error';
}

/**
 * Decides account commands and records their events. One call goes: hash the command, take the
 * stream's lock in this process, load the account (cached or folded from its stream), decide, and
 * append with the revision decided on and the command record — one round trip to the store on the
 * normal path. Commands on one stream are serialised here, so concurrent requests for one account
 * queue instead of conflicting; other writers (another process) are caught by the
 * expected-revision check, which evicts the cached state and decides again.
 */
export class AccountRepository {
  private readonly cache = new Map<string, LoadedAccount>();
  private readonly streamTails = new Map<string, Promise<void>>();

  private readonly metrics: LedgerMetrics | undefined;
  private readonly policy: LedgerPolicy;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly registry: RegistrySource,
    options: AccountRepositoryOptions = {},
  ) {
    this.metrics = options.metrics;
    this.policy = options.policy ?? defaultLedgerPolicy;
  }

  async load(key: AccountKey): Promise<LoadedAccount> {
    const streamId = accountStreamId(key);
    const cached = this.cache.get(streamId);
    if (cached) {
      // Refresh the entry's place in the least-recently-used order.
      this.cache.delete(streamId);
      this.cache.set(streamId, cached);
      return cached;
    }
    const loaded = await this.foldFrom(streamId, { key, state: initialAccountState, revision: -1n, lastHash: null });
    this.remember(streamId, loaded);
    return loaded;
  }

  /**
   * The account as the store holds it now: the cached state brought forward with any events
   * another writer appended since. Reads use this; commands rely on the expected-revision check.
   */
  async loadCurrent(key: AccountKey): Promise<LoadedAccount> {
    const streamId = accountStreamId(key);
    const cached = await this.load(key);
    const loaded = await this.foldFrom(streamId, cached);
    if (loaded !== cached) this.remember(streamId, loaded);
    return loaded;
  }

  /** Decides and records one command; a retry of a recorded command answers its first result. */
  execute(command: AccountCommand, context: CommandContext, options: ExecuteOptions = {}): Promise<CommandResult> {
    const work = async () => {
      // A retry is recognised by what the client sent, before any locality is resolved.
      const hash = accountCommandHash(command, context);
      const resolved = options.resolveLocalities ? await this.resolveLocalities(command, context, hash) : await this.withCarriedDeadline(command);
      if ('duplicate' in resolved) return resolved;
      const streamId = accountStreamId(resolved.account);
      return this.withStreamLock(streamId, () => this.decideAndAppend(resolved, context, options, streamId, hash));
    };
    return this.metrics ? this.metrics.observeCommand(command.kind, work, outcomeOf, outcomeOfError) : work();
  }

  /**
   * A hand-over's credit carries the deadline its debit recorded. The transfer process manager
   * passes it on; a credit that comes without it (from a process manager that predates
   * hand-overs) has it read here from the debit, the last events of the closed account's stream.
   */
  private async withCarriedDeadline(command: AccountCommand): Promise<AccountCommand> {
    if (command.kind !== 'ReceiveFunds' || command.transferKind !== 'handover' || command.deadline !== undefined) return command;
    const streamId = accountStreamId(command.from);
    for (let fromRevision: bigint | undefined; ; ) {
      const page = await this.store.readStream(streamId, { direction: 'backwards', fromRevision, maxCount: carriedDeadlinePageEvents });
      for (const stored of page) {
        if (stored.type !== 'FundsHandedOver' || stored.data.transferId !== command.transferId) continue;
        const debit = decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion);
        return debit.type === 'FundsHandedOver' ? { ...command, deadline: debit.data.deadline } : command;
      }
      const last = page[page.length - 1];
      if (page.length < carriedDeadlinePageEvents || !last || last.revision === 0n) return command;
      fromRevision = last.revision - 1n;
    }
  }

  /**
   * The command with its accounts' localities resolved to version ids, or the first result of
   * the command when it was recorded before (its codes may have become ambiguous since: a later
   * structure was registered).
   */
  private async resolveLocalities(command: AccountCommand, context: CommandContext, hash: string): Promise<AccountCommand | CommandResult> {
    const date = command.kind === 'RecordDisbursement' ? command.disbursedOn : context.effectiveDate;
    const attempt = () => resolveCommandLocalities(this.registry.view, command, date);
    let outcome = attempt();
    if (!outcome.ok && (await this.registry.catchUp())) outcome = attempt();
    if (outcome.ok) return outcome.command;
    // The command was recorded on the stream of one of the versions its code names.
    const versions = versionsOfCode(this.registry.view, command.account.localityId);
    for (const version of versions.length > 0 ? versions : [{ localityId: command.account.localityId }]) {
      const known = await this.store.findCommand(commandRecordId(context), { streamId: accountStreamId({ ...command.account, localityId: version.localityId }) });
      if (!known) continue;
      if (known.requestHash !== hash) throw new CommandIdConflictError(context.commandId);
      return resultFromRecord(known, parseAccountStreamId(known.streamId) ?? command.account, context.commandId, await this.recordedEvents(known.streamId, known.firstRevision, known.eventIds.length));
    }
    throw new CommandRefusedError(outcome.refusal);
  }

  private async decideAndAppend(command: AccountCommand, context: CommandContext, options: ExecuteOptions, streamId: string, hash: string): Promise<CommandResult> {
    const key = command.account;
    const recordId = commandRecordId(context);
    // A retry is recognised by the store when the append carries the command record, whatever
    // the decision; only a refusal or an empty decision needs to ask first whether the command was
    // already recorded (its original may have spent the money the retry would now find missing).
    const recordedResult = async (): Promise<CommandResult | undefined> => {
      const known = await this.store.findCommand(recordId, { streamId });
      if (!known) return undefined;
      if (known.requestHash !== hash) throw new CommandIdConflictError(context.commandId);
      return resultFromRecord(known, key, context.commandId, await this.recordedEvents(known.streamId, known.firstRevision, known.eventIds.length));
    };
    let registryRefreshed = false;
    for (let attempt = 1; attempt <= conflictAttemptsMax; attempt += 1) {
      const loaded = await this.load(key);
      if (options.expectedRevision !== undefined && options.expectedRevision !== loaded.revision) {
        throw new StaleRevisionError(streamId, options.expectedRevision, loaded.revision < 0n ? undefined : loaded.revision);
      }
      const now = this.clock.now();
      const today = vietnamDate(now);
      const firstEventId = this.ids.next();
      // Ids of the decision's later events, drawn when the decision names them (a hand-over's
      // transfers) or when they are recorded, and the same in both places.
      const eventIds = [firstEventId];
      const eventIdAt = (index: number): string => {
        while (eventIds.length <= index) eventIds.push(this.ids.next());
        return eventIds[index];
      };
      const decision = decideAccount(command, loaded.state, {
        registry: this.registry.view,
        today,
        firstEventId,
        eventIdAt,
        effectiveDate: context.effectiveDate,
        decisionRef: context.decisionRef,
        policy: this.policy,
        jurisdiction: context.actor.jurisdiction,
        actorId: context.actor.id,
        now: now.toISOString(),
      });
      if (!decision.ok) {
        if (!registryRefreshed && registryRefusals.has(decision.refusal.code) && (await this.registry.catchUp())) {
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
        return { commandId: context.commandId, accountId: accountId(key), streamId, eventIds: [], revision: loaded.revision, position: -1n, duplicate: false, events: [] };
      }
      // A command on a movement request is recorded under the request's decision (and an approval's movement on its date).
      const { effectiveDate, decisionRef } = recordingOf(command, loaded.state, { effectiveDate: context.effectiveDate, decisionRef: context.decisionRef, today });
      const facts = { recordedAt: now.toISOString(), effectiveDate, lateEntryDays: lateEntryDays(effectiveDate, today, this.policy) };
      const recordedUnder = decisionRef === context.decisionRef ? context : { ...context, decisionRef };
      // Each event is linked to the one before it in the stream, as of the revision decided on: the
      // expected-revision check below makes the link right, or the append fails and is decided again.
      const linked = linkEvents(
        { streamId, revision: loaded.revision, lastHash: loaded.lastHash },
        decision.events.map((event, index) => toStoredEvent(event, eventIdAt(index), recordedUnder, facts)),
      );
      const toAppend = linked.events;
      let appended: AppendResult;
      try {
        appended = await this.store.appendToStream(streamId, toAppend, {
          expectedRevision: loaded.revision < 0n ? 'no_stream' : loaded.revision,
          command: { commandId: recordId, requestHash: hash },
          uniqueKeys: uniqueKeysOf(decision.events),
        });
      } catch (error) {
        if (error instanceof UniqueKeyTakenError) {
          const refusal = refusalOfTakenKey(error.key, error.holder);
          if (refusal && !refusal.ok) throw new CommandRefusedError(refusal.refusal);
          throw error;
        }
        // The store names the id it keeps; the client is answered with the id it sent.
        if (error instanceof CommandIdConflictError) throw new CommandIdConflictError(context.commandId);
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        this.cache.delete(streamId);
        if (options.expectedRevision !== undefined) throw new StaleRevisionError(streamId, options.expectedRevision, error.actualRevision);
        continue;
      }
      const recorded = { commandId: context.commandId, accountId: accountId(key), streamId, eventIds: appended.eventIds, revision: appended.nextRevision, position: appended.position };
      if (appended.duplicate) {
        // The store recognised a retry the cache did not: answer with what the first attempt recorded.
        return { ...recorded, duplicate: true, events: await this.recordedEvents(streamId, appended.nextRevision - BigInt(appended.eventIds.length) + 1n, appended.eventIds.length) };
      }
      invariant(appended.nextRevision === loaded.revision + BigInt(toAppend.length), `stream ${streamId}: an append of ${toAppend.length} events after revision ${loaded.revision} reported revision ${appended.nextRevision}`);
      const state = decision.events.reduce((current, event) => evolveAccount(current, event, key), loaded.state);
      this.remember(streamId, { key, state, revision: appended.nextRevision, lastHash: linked.lastHash });
      return { ...recorded, duplicate: false, events: decision.events };
    }
    throw new ConcurrencyConflictError(streamId, conflictAttemptsMax);
  }

  /** The events a recorded command appended, read back to answer its retry. */
  private async recordedEvents(streamId: string, firstRevision: bigint, count: number): Promise<AccountEvent[]> {
    if (count === 0) return [];
    const stored = await this.store.readStream(streamId, { fromRevision: firstRevision, maxCount: count });
    return stored.map((event) => decodeEvent(event.type, event.data, event.metadata.schemaVersion) as AccountEvent);
  }

  /** Folds the events stored after `from`'s revision onto its state; `from` itself when there are none. */
  private async foldFrom(streamId: string, from: LoadedAccount): Promise<LoadedAccount> {
    let loaded = from;
    for (;;) {
      const page = await this.store.readStream(streamId, { fromRevision: loaded.revision + 1n, maxCount: readCountMax });
      if (page.length === 0) return loaded;
      let { state, revision, lastHash } = loaded;
      for (const stored of page) {
        state = evolveAccount(state, decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as AccountEvent, from.key);
        revision = stored.revision;
        lastHash = chainHashAfter(stored.metadata);
      }
      loaded = { key: from.key, state, revision, lastHash };
      if (page.length < readCountMax) return loaded;
    }
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

/** Resolves the localities of a command's accounts (its own and, for a transfer, the destination's) on `date`. */
export function resolveCommandLocalities(registry: RegistryView, command: AccountCommand, date: string | null): { readonly ok: true; readonly command: AccountCommand } | { readonly ok: false; readonly refusal: Refusal } {
  const resolveKey = (key: AccountKey): { ok: true; key: AccountKey } | { ok: false; refusal: Refusal } => {
    const resolution = resolveLocalityReference(registry, key.localityId, date);
    if (!resolution.ok) return resolution;
    return { ok: true, key: resolution.localityId === key.localityId ? key : { ...key, localityId: resolution.localityId } };
  };
  const account = resolveKey(command.account);
  if (!account.ok) return account;
  if ('to' in command && command.to !== null) {
    const to = resolveKey(command.to);
    if (!to.ok) return to;
    return { ok: true, command: { ...command, account: account.key, to: to.key } as AccountCommand };
  }
  return { ok: true, command: { ...command, account: account.key } };
}
