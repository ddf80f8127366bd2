/**
 * Appends on EventStoreDB, with command records and unique keys, in one append on the normal
 * path.
 *
 * - **Without a command or keys**: the append itself, at the caller's expected revision.
 * - **With a command**: the record is the first event's marker (`command-marker.ts`), so it is
 *   written atomically with the events. Before appending at exact revision E, the adapter looks
 *   the command up in revisions 0 to E of the stream (`command-records.ts`); those revisions never
 *   change, and the append lands only if the stream is still at E, so check and append together
 *   are exact. The account repository has just folded the stream through the adapter, so the
 *   look-up is answered from memory. A version conflict is looked at again up to the stream's
 *   end: a command recorded meanwhile (by another process, or an earlier attempt whose answer was
 *   lost) makes the request a duplicate, with the first append's figures, as the port requires.
 *   `any` and `stream_exists` are turned into the exact revision read first, and tried again on
 *   a conflict, so the check is exact for them too.
 * - **With unique keys**: one claim per key first (`unique-key-claims.ts`), then the append;
 *   claims of a refused append are given back.
 *
 * Lost connections are ridden out by `EsdbLog`: a repeat carries the same ids at the same exact
 * revision, which EventStoreDB stores once. A repeat answered "already stored" is read back, and
 * if the events are not where the answer says (a node that lost an unreplicated write), sent again.
 */
import { InvalidAppendError, StreamDeletedError, WrongExpectedRevisionError, CommandIdConflictError } from '@ledger/event-store';
import type { AppendResult, CommandRecord, ExpectedRevision, ValidatedAppend } from '@ledger/event-store';
import { withMarker } from './command-marker';
import type { CommandRecords } from './command-records';
import { positionOf } from './esdb-log';
import type { EsdbLog, EventToWrite, RawAppendResult } from './esdb-log';
import type { StreamCommandIndex } from './stream-command-index';
import type { UniqueKeyClaims } from './unique-key-claims';

/**
 * Rounds of read the revision, append, conflict, for `any` and `stream_exists` with a command or
 * keys while other writers keep appending; and of appends whose "already stored" answer did not
 * hold up.
 */
export const appendRoundsMax = 10;

interface AppendedEvents {
  readonly firstRevision: bigint;
  readonly nextRevision: bigint;
  readonly firstPosition: bigint;
  readonly position: bigint;
  readonly eventIds: readonly string[];
}

export class EsdbAppender {
  constructor(
    private readonly log: EsdbLog,
    private readonly index: StreamCommandIndex,
    private readonly records: CommandRecords,
    private readonly claims: UniqueKeyClaims,
  ) {}

  async append(append: ValidatedAppend, toWrite: readonly EventToWrite[]): Promise<AppendResult> {
    const { streamId, command, uniqueKeys } = append;
    if (command === undefined && uniqueKeys.length === 0) {
      for (let round = 1; round <= appendRoundsMax; round++) {
        const appended = await this.appendOnce(streamId, toWrite, append.expectedRevision);
        if (appended !== undefined) {
          this.index.noteAppended(streamId, appended.figures.firstRevision, toWrite.length, null);
          return toAppendResult(appended.figures, false);
        }
      }
      throw notWhereAnswered(streamId);
    }

    const events: EventToWrite[] =
      command === undefined
        ? [...toWrite]
        : [
            { ...toWrite[0], metadata: withMarker(toWrite[0].metadata, { ...command, eventCount: toWrite.length, uniqueKeys }) },
            ...toWrite.slice(1),
          ];
    for (let round = 1; round <= appendRoundsMax; round++) {
      const exact = await this.exactRevision(streamId, append.expectedRevision);
      if (command !== undefined && exact >= 0n) {
        const recorded = await this.records.find(streamId, command.commandId, exact);
        if (recorded !== undefined) return duplicateOf(recorded, command.requestHash);
      }
      const attempt = { streamId, commandId: command?.commandId ?? null, firstEventId: events[0].id, expectedRevision: exact };
      const held = uniqueKeys.length === 0 ? [] : await this.claims.claimAll(attempt, uniqueKeys);
      let appended: { figures: AppendedEvents; repeat: boolean } | undefined;
      try {
        appended = await this.appendOnce(streamId, events, exact < 0n ? 'no_stream' : exact);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          if (command !== undefined) {
            const recorded = await this.records.find(streamId, command.commandId, 'end');
            if (recorded !== undefined) return duplicateOf(recorded, command.requestHash);
          }
          await this.claims.release(attempt, held, `its append met revision ${String(error.actualRevision)} instead of ${exact}`);
          const retryable = append.expectedRevision === 'any' || (append.expectedRevision === 'stream_exists' && error.actualRevision !== undefined);
          if (retryable) continue;
          throw new WrongExpectedRevisionError(streamId, append.expectedRevision, error.actualRevision);
        }
        if (error instanceof InvalidAppendError || error instanceof StreamDeletedError) {
          await this.claims.release(attempt, held, `its append was refused: ${error.message}`);
        }
        throw error;
      }
      if (appended === undefined) continue;
      this.index.noteAppended(streamId, appended.figures.firstRevision, events.length, command?.commandId ?? null);
      // A repeat answered "already stored" on the first attempt was sent by someone else with
      // these very ids: a resent request of the same command.
      return toAppendResult(appended.figures, command !== undefined && appended.repeat);
    }
    throw notWhereAnswered(streamId);
  }

  /**
   * One append with its retries, and its figures; `undefined` when the server answered "already
   * stored" but the events are not there, so it must be sent again.
   */
  private async appendOnce(
    streamId: string,
    events: readonly EventToWrite[],
    expectedRevision: ExpectedRevision,
  ): Promise<{ figures: AppendedEvents; repeat: boolean } | undefined> {
    const raw = await this.log.append(streamId, events, expectedRevision);
    const figures = await this.figuresOf(streamId, events, raw);
    if (figures === undefined) return undefined;
    if (expectedRevision === 'no_stream' && figures.firstRevision !== 0n) {
      throw new StreamDeletedError(
        streamId,
        `the stream had been soft-deleted: this append was stored at revision ${figures.firstRevision}, and the events before it are hidden. The ledger never deletes events; restore them from a backup or an export`,
      );
    }
    return { figures, repeat: raw.position === undefined && !raw.earlierAttemptMayHaveLanded };
  }

  /**
   * Revisions come with the answer, and so does the last event's position, but not the first
   * event's (nor any position when the server found the events already stored): what is missing
   * is read back.
   */
  private async figuresOf(streamId: string, events: readonly EventToWrite[], raw: RawAppendResult): Promise<AppendedEvents | undefined> {
    const eventIds = events.map((event) => event.id);
    const nextRevision = raw.nextRevision;
    const firstRevision = nextRevision - BigInt(eventIds.length - 1);
    if (raw.position !== undefined && eventIds.length === 1) {
      return { firstRevision, nextRevision, firstPosition: raw.position, position: raw.position, eventIds };
    }
    const count = raw.position === undefined ? eventIds.length : 1;
    const stored = await this.log.readStream(streamId, 'forwards', firstRevision, count);
    if (stored.length !== count || stored.some((event, index) => event.id !== eventIds[index] || event.revision !== firstRevision + BigInt(index))) {
      if (raw.position === undefined) return undefined;
      throw new Error(`stream ${streamId}: the events at revisions ${firstRevision} to ${nextRevision} are not the ones just appended`);
    }
    return {
      firstRevision,
      nextRevision,
      firstPosition: positionOf(stored[0]),
      position: raw.position ?? positionOf(stored[stored.length - 1]),
      eventIds,
    };
  }

  /** The exact revision an append is sent at: -1 for a stream that must not exist yet. */
  private async exactRevision(streamId: string, expectedRevision: ExpectedRevision): Promise<bigint> {
    if (typeof expectedRevision === 'bigint') return expectedRevision;
    if (expectedRevision === 'no_stream') return -1n;
    const last = await this.log.lastEvent(streamId);
    if (last === undefined && expectedRevision === 'stream_exists') throw new WrongExpectedRevisionError(streamId, expectedRevision, undefined);
    return last?.revision ?? -1n;
  }
}

function duplicateOf(recorded: CommandRecord, requestHash: string): AppendResult {
  if (recorded.requestHash !== requestHash) throw new CommandIdConflictError(recorded.commandId);
  return {
    nextRevision: recorded.nextRevision,
    position: recorded.position,
    eventIds: [...recorded.eventIds],
    firstPosition: recorded.firstPosition,
    duplicate: true,
  };
}

function toAppendResult(events: AppendedEvents, duplicate: boolean): AppendResult {
  return { nextRevision: events.nextRevision, position: events.position, eventIds: [...events.eventIds], firstPosition: events.firstPosition, duplicate };
}

function notWhereAnswered(streamId: string): Error {
  return new Error(`stream ${streamId}: for ${appendRoundsMax} rounds the server answered an append as already stored, or other writers moved the stream on, and the events were not stored`);
}
