import {
  decideRegisterLocality,
  decideRegisterProgram,
  decodeEvent,
  localityRegistryStreamId,
  programRegistryStreamId,
  RegistryState,
  type Locality,
  type LocalityRegistered,
  type LocalitySucceeded,
  type Program,
  type RegisterProgram,
  type RegistryEvent,
  type RegistryView,
} from '@ledger/domain';
import { CommandIdConflictError, readCountMax, WrongExpectedRevisionError, type EventStore, type EventToAppend } from '@ledger/event-store';
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
import { chainHashAfter, linkEvents } from '@ledger/audit';

/** Events per append when importing an official list of units. */
export const importEventsPerAppendMax = 1_000;
/** Refusals listed in an import summary; the count covers the rest. */
export const importRefusalsListedMax = 100;

export interface ImportSummary {
  readonly registered: number;
  readonly unchanged: number;
  readonly successionsRecorded: number;
  readonly refusedCount: number;
  readonly refusals: readonly { readonly localityId: string; readonly code: string; readonly message: string }[];
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
  /** The hash link of each registry stream's last event, which the next event links to. */
  private readonly lastHashes = new Map<string, string | null>();
  private writing: Promise<unknown> = Promise.resolve();

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
          this.lastHashes.set(streamId, chainHashAfter(stored.metadata));
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
            this.linked(programRegistryStreamId, decision.events.map((event) => toStoredEvent(event, this.ids.next(), context, facts))),
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
   * Registers units in the order given (parents before children). Units already registered
   * identically are counted as unchanged, so re-running an import is harmless; a unit that
   * conflicts with the registry is refused and reported, and so are its descendants.
   */
  async importLocalities(units: readonly LocalityRegistered['data'][], successions: readonly LocalitySucceeded['data'][], context: CommandContext): Promise<ImportSummary> {
    return this.serialised(async () => {
      await this.catchUp();
      const pending = new Map<string, LocalityRegistered['data']>();
      const overlay: RegistryView = {
        locality: (id) => {
          const unit = pending.get(id);
          return unit ?? this.state.locality(id);
        },
        program: (code) => this.state.program(code),
      };
      const toAppend: RegistryEvent[] = [];
      const refusals: { localityId: string; code: string; message: string }[] = [];
      let refusedCount = 0;
      let unchanged = 0;
      for (const unit of units) {
        const decision = decideRegisterLocality(overlay, unit);
        if (!decision.ok) {
          refusedCount += 1;
          if (refusals.length < importRefusalsListedMax) refusals.push({ localityId: unit.localityId, code: decision.refusal.code, message: decision.refusal.message });
          continue;
        }
        if (decision.events.length === 0) unchanged += 1;
        for (const event of decision.events) {
          pending.set(event.data.localityId, event.data);
          toAppend.push(event);
        }
      }
      const successionKeys = new Set<string>();
      let successionsRecorded = 0;
      for (const succession of successions) {
        const key = `${succession.predecessorId}>${succession.successorId}`;
        if (successionKeys.has(key) || this.state.hasSuccession(succession.predecessorId, succession.successorId)) continue;
        successionKeys.add(key);
        toAppend.push({ type: 'LocalitySucceeded', data: succession });
        successionsRecorded += 1;
      }
      for (let start = 0; start < toAppend.length; start += importEventsPerAppendMax) {
        const chunk = toAppend.slice(start, start + importEventsPerAppendMax);
        const revision = this.revisions.get(localityRegistryStreamId) ?? -1n;
        const facts = this.recordingFacts(context);
        await this.store.appendToStream(
          localityRegistryStreamId,
          this.linked(localityRegistryStreamId, chunk.map((event) => toStoredEvent(event, this.ids.next(), context, facts))),
          { expectedRevision: revision < 0n ? 'no_stream' : revision },
        );
        await this.catchUp();
      }
      return { registered: toAppend.length - successionsRecorded, unchanged, successionsRecorded, refusedCount, refusals };
    });
  }

  /**
   * The events linked to the stream's last event as this service last read it; the append's
   * expected revision is that same revision, so a link made on a stale view never lands.
   */
  private linked(streamId: string, events: EventToAppend[]): EventToAppend[] {
    return linkEvents({ streamId, revision: this.revisions.get(streamId) ?? -1n, lastHash: this.lastHashes.get(streamId) ?? null }, events).events;
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
