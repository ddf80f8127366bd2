import {
  decideRecordSuccession,
  decideRegisterLocality,
  decideRegisterProgram,
  deriveSuccessionsAbove,
  isInForceOn,
  decodeEvent,
  localityRegistryStreamId,
  programRegistryStreamId,
  RegistryState,
  type Locality,
  type LocalityLevel,
  type LocalityRegistered,
  type LocalitySucceeded,
  type Program,
  type Refusal,
  type RegisterProgram,
  type RegistryEvent,
  type RegistryView,
  type Succession,
} from '@ledger/domain';
import { CommandIdConflictError, readCountMax, WrongExpectedRevisionError, type EventStore } from '@ledger/event-store';
import {
  CommandRefusedError,
  commandRecordId,
  ConcurrencyConflictError,
  conflictAttemptsMax,
  requestHash,
  toStoredEvent,
  vietnamDate,
  type Clock,
  type CommandContext,
  type IdGenerator,
  type RecordingFacts,
} from '@ledger/commands';

/** Events per append when importing an official list of units. */
export const importEventsPerAppendMax = 1_000;
/** Refusals listed in an import summary; the count covers the rest. */
export const importRefusalsListedMax = 100;

export interface ImportSummary {
  readonly registered: number;
  readonly unchanged: number;
  /** Successions written by this import, the derived ones included. */
  readonly successionsRecorded: number;
  /** Successions of districts and provinces derived from their communes' (written, or already recorded). */
  readonly successionsDerived: number;
  readonly refusedCount: number;
  readonly refusals: readonly { readonly localityId: string; readonly code: string; readonly message: string }[];
}

export interface LocalityListFilter {
  readonly level?: LocalityLevel;
  readonly parentId?: string;
  /** Only units in force on this date (ISO). */
  readonly on?: string;
  readonly afterLocalityId?: string;
  readonly limit: number;
}

export interface LocalityPage {
  readonly localities: readonly Locality[];
  /** Pass as the cursor for the next page; null on the last page. */
  readonly nextAfterLocalityId: string | null;
}

export interface ProgramRegistration {
  readonly programCode: string;
  readonly eventIds: readonly string[];
  readonly revision: bigint;
  readonly position: bigint;
}

/**
 * The registry of programs and localities: an in-memory view folded from the registry streams,
 * and the writer of those streams. Another process (the import CLI) may write them too, so the
 * view catches up from the store whenever a lookup might be stale.
 */
export class RegistryService {
  private readonly state = new RegistryState();
  private readonly revisions = new Map<string, bigint>([
    [localityRegistryStreamId, -1n],
    [programRegistryStreamId, -1n],
  ]);
  private writing: Promise<unknown> = Promise.resolve();
  private sorted: { readonly count: number; readonly localities: readonly Locality[] } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  get view(): RegistryView {
    return this.state;
  }

  locality(localityId: string): Locality | undefined {
    return this.state.locality(localityId);
  }

  children(localityId: string): readonly string[] {
    return this.state.children(localityId);
  }

  programs(): Program[] {
    return [...this.state.allPrograms()];
  }

  program(programCode: string): Program | undefined {
    return this.state.program(programCode);
  }

  /** Every version of an official code, oldest first. */
  versionsOf(code: string): readonly Locality[] {
    return this.state.versionsOf(code);
  }

  successorsOf(localityId: string): readonly Succession[] {
    return this.state.successorsOf(localityId);
  }

  predecessorsOf(localityId: string): readonly Succession[] {
    return this.state.predecessorsOf(localityId);
  }

  /**
   * A page of the registered units matching the filter, ordered by id, after the cursor. The
   * registry holds some 14,000 units (both structures); a page is one pass over them.
   */
  listLocalities(filter: LocalityListFilter): LocalityPage {
    const sorted = this.sortedLocalities();
    let start = 0;
    if (filter.afterLocalityId !== undefined) {
      // Binary search for the first id after the cursor.
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (sorted[middle].localityId <= filter.afterLocalityId) low = middle + 1;
        else high = middle;
      }
      start = low;
    }
    const matches = (unit: Locality) =>
      unit.level !== 'nation' &&
      (filter.level === undefined || unit.level === filter.level) &&
      (filter.parentId === undefined || unit.parentId === filter.parentId) &&
      (filter.on === undefined || isInForceOn(unit, filter.on));
    const page: Locality[] = [];
    let index = start;
    for (; index < sorted.length && page.length < filter.limit; index += 1) if (matches(sorted[index])) page.push(sorted[index]);
    let more = false;
    for (; index < sorted.length && !more; index += 1) more = matches(sorted[index]);
    return { localities: page, nextAfterLocalityId: more && page.length > 0 ? page[page.length - 1].localityId : null };
  }

  private sortedLocalities(): readonly Locality[] {
    if (this.sorted?.count !== this.state.localityCount) {
      const all = [...this.state.allLocalities()].sort((a, b) => (a.localityId < b.localityId ? -1 : a.localityId > b.localityId ? 1 : 0));
      this.sorted = { count: this.state.localityCount, localities: all };
    }
    return this.sorted.localities;
  }

  /** Reads registry events appended since the last catch-up. Returns true when there were any. */
  async catchUp(): Promise<boolean> {
    let learned = false;
    for (const streamId of this.revisions.keys()) {
      for (;;) {
        const from = (this.revisions.get(streamId) ?? -1n) + 1n;
        const page = await this.store.readStream(streamId, { fromRevision: from, maxCount: readCountMax });
        for (const stored of page) {
          this.state.evolve(decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as RegistryEvent);
          this.revisions.set(streamId, stored.revision);
          learned = true;
        }
        if (page.length < readCountMax) break;
      }
    }
    return learned;
  }

  /**
   * Registers a program, idempotently by command id like every command: a retry with the same
   * definition answers the first result, the same id with another definition is refused.
   */
  async registerProgram(command: RegisterProgram, context: CommandContext): Promise<ProgramRegistration> {
    const hash = requestHash('RegisterProgram', command, context);
    const recorded = async (): Promise<ProgramRegistration | undefined> => {
      const known = await this.store.findCommand(commandRecordId(context), { streamId: programRegistryStreamId });
      if (!known) return undefined;
      if (known.requestHash !== hash) throw new CommandIdConflictError(context.commandId);
      return { programCode: command.programCode, eventIds: known.eventIds, revision: known.nextRevision, position: known.position };
    };
    return this.serialised(async () => {
      for (let attempt = 1; attempt <= conflictAttemptsMax; attempt += 1) {
        await this.catchUp();
        const decision = decideRegisterProgram(this.state, command);
        if (!decision.ok) {
          const first = await recorded();
          if (first) return first;
          throw new CommandRefusedError(decision.refusal);
        }
        const revision = this.revisions.get(programRegistryStreamId) ?? -1n;
        if (decision.events.length === 0) return (await recorded()) ?? { programCode: command.programCode, eventIds: [], revision, position: -1n };
        try {
          const facts = this.recordingFacts(context);
          const result = await this.store.appendToStream(
            programRegistryStreamId,
            decision.events.map((event) => toStoredEvent(event, this.ids.next(), context, facts)),
            { expectedRevision: revision < 0n ? 'no_stream' : revision, command: { commandId: commandRecordId(context), requestHash: hash } },
          );
          await this.catchUp();
          return { programCode: command.programCode, eventIds: result.eventIds, revision: result.nextRevision, position: result.position };
        } catch (error) {
          if (error instanceof CommandIdConflictError) throw new CommandIdConflictError(context.commandId);
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
        }
      }
      throw new ConcurrencyConflictError(programRegistryStreamId, conflictAttemptsMax);
    });
  }

  /**
   * Registers units in the order given (parents before children), then the successions given
   * and those of the districts and provinces above them (derived from their communes'). Units
   * and successions already recorded identically are counted as unchanged, so re-running an
   * import is harmless; a unit that conflicts with the registry is refused and reported, and so
   * are its descendants and the successions naming it.
   */
  async importLocalities(units: readonly LocalityRegistered['data'][], successions: readonly LocalitySucceeded['data'][], context: CommandContext): Promise<ImportSummary> {
    return this.serialised(async () => {
      await this.catchUp();
      const overlay = new PendingRegistry(this.state);
      const toAppend: RegistryEvent[] = [];
      const refusals: { localityId: string; code: string; message: string }[] = [];
      let refusedCount = 0;
      let unchanged = 0;
      const refused = (localityId: string, refusal: Refusal): void => {
        refusedCount += 1;
        if (refusals.length < importRefusalsListedMax) refusals.push({ localityId, code: refusal.code, message: refusal.message });
      };
      for (const unit of units) {
        const decision = decideRegisterLocality(overlay, unit);
        if (!decision.ok) {
          refused(unit.localityId, decision.refusal);
          continue;
        }
        if (decision.events.length === 0) unchanged += 1;
        for (const event of decision.events) {
          overlay.evolve(event);
          toAppend.push(event);
        }
      }
      let successionsRecorded = 0;
      const derived = deriveSuccessionsAbove(overlay, successions);
      for (const succession of [...successions, ...derived]) {
        const decision = decideRecordSuccession(overlay, succession);
        if (!decision.ok) {
          refused(`${succession.predecessorId}>${succession.successorId}`, decision.refusal);
          continue;
        }
        for (const event of decision.events) {
          overlay.evolve(event);
          toAppend.push(event);
          successionsRecorded += 1;
        }
      }
      for (let start = 0; start < toAppend.length; start += importEventsPerAppendMax) {
        const chunk = toAppend.slice(start, start + importEventsPerAppendMax);
        const revision = this.revisions.get(localityRegistryStreamId) ?? -1n;
        const facts = this.recordingFacts(context);
        await this.store.appendToStream(
          localityRegistryStreamId,
          chunk.map((event) => toStoredEvent(event, this.ids.next(), context, facts)),
          { expectedRevision: revision < 0n ? 'no_stream' : revision },
        );
        await this.catchUp();
      }
      return { registered: toAppend.length - successionsRecorded, unchanged, successionsRecorded, successionsDerived: derived.length, refusedCount, refusals };
    });
  }

  private recordingFacts(context: CommandContext): RecordingFacts {
    const now = this.clock.now();
    return { recordedAt: now.toISOString(), effectiveDate: context.effectiveDate ?? vietnamDate(now) };
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writing.then(work, work);
    this.writing = next.catch(() => undefined);
    return next;
  }
}

/**
 * The registry as an import sees it while deciding: the state read from the store, with the
 * events this import decided so far folded on top (a copy, so a failed import leaves the
 * service's view as the store has it).
 */
class PendingRegistry implements RegistryView {
  private readonly pending = new RegistryState();
  private readonly pendingIds = new Set<string>();

  constructor(private readonly base: RegistryState) {}

  evolve(event: RegistryEvent): void {
    if (event.type === 'LocalityRegistered') this.pendingIds.add(event.data.localityId);
    // A pending unit's parent may be in the base; the pending state needs only the events.
    this.pending.evolve(event);
  }

  locality(localityId: string): Locality | undefined {
    return this.pendingIds.has(localityId) ? this.pending.locality(localityId) : this.base.locality(localityId);
  }

  program(programCode: string): Program | undefined {
    return this.base.program(programCode);
  }

  versionsOf(code: string): readonly Locality[] {
    return [...this.base.versionsOf(code), ...this.pending.versionsOf(code)];
  }

  children(localityId: string): readonly string[] {
    return [...this.base.children(localityId), ...this.pending.children(localityId)];
  }

  successorsOf(localityId: string): readonly Succession[] {
    return [...this.base.successorsOf(localityId), ...this.pending.successorsOf(localityId)];
  }

  predecessorsOf(localityId: string): readonly Succession[] {
    return [...this.base.predecessorsOf(localityId), ...this.pending.predecessorsOf(localityId)];
  }
}
