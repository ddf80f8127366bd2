/**
 * Store-wide unique event ids on EventStoreDB.
 *
 * The port refuses an event id that is already stored in any stream. EventStoreDB checks ids
 * only within a stream (and only where the append lands), and its one store-wide uniqueness
 * check is "this stream does not exist yet". So every event id is claimed before its event is
 * appended, by creating the stream `eventid-{id}` with one `EventIdClaimed` event naming the
 * target stream (and the command, if any). A claim that already exists means the id is stored,
 * or is being stored, elsewhere: the append is refused with `InvalidAppendError`.
 *
 * A refused append releases the claims it made (`EventIdReleased`), so a refused append leaves
 * its ids free, as the port promises. Failure windows:
 * - The process stops between claiming and appending, or the append fails in a way that leaves
 *   its outcome unknown: the claims stay. Such an id can then be appended only by a retry of the
 *   same command to the same stream (the claim names both); any other reuse is refused. That is
 *   safe, because ids are fresh UUIDv7 values that nothing but a retry ever sends twice.
 * - The release itself fails: the same as above.
 *
 * The price is one extra single-event append per event, sent concurrently (at most
 * `eventIdClaimConcurrencyMax` at a time), and one extra stream per event in the database.
 */
import { InvalidAppendError } from '@ledger/event-store';
import {
  bookkeepingEventTypes,
  decodeEventIdClaim,
  encodeEventIdClaim,
  encodeEventIdRelease,
  eventIdClaimStreamName,
} from './bookkeeping-streams';
import { jsonObjectOf } from './esdb-log';
import type { EsdbLog } from './esdb-log';

/** Claims sent at once for one append: bounds the calls in flight for a large append. */
export const eventIdClaimConcurrencyMax = 32;
/** Rounds of claim, find a released claim, claim again, when other writers keep racing for the same id. */
const claimRoundsMax = 5;

export interface HeldEventIdClaim {
  readonly eventId: string;
  /** Revision of the claim stream's `EventIdClaimed` event this append holds. */
  readonly revision: bigint;
}

type ClaimOutcome =
  | { readonly kind: 'held'; readonly claim: HeldEventIdClaim }
  | { readonly kind: 'taken'; readonly eventId: string; readonly holderStreamId: string }
  | { readonly kind: 'failed'; readonly error: unknown };

export class EventIdClaims {
  constructor(private readonly log: EsdbLog) {}

  /**
   * Claims every id for an append to `streamId`, or refuses the append with
   * `InvalidAppendError` after releasing what it claimed.
   */
  async claim(streamId: string, eventIds: readonly string[], commandId: string | undefined): Promise<HeldEventIdClaim[]> {
    const outcomes = await mapWithConcurrency(eventIds, eventIdClaimConcurrencyMax, async (eventId): Promise<ClaimOutcome> => {
      try {
        return await this.claimOne(streamId, eventId, commandId);
      } catch (error) {
        return { kind: 'failed', error };
      }
    });
    const held = outcomes.flatMap((outcome) => (outcome.kind === 'held' ? [outcome.claim] : []));
    for (const outcome of outcomes) {
      if (outcome.kind === 'held') continue;
      // Nothing is appended unless every id is held, so what was claimed is given back.
      await this.release(held);
      if (outcome.kind === 'failed') throw outcome.error;
      throw new InvalidAppendError(
        `stream ${streamId}: event id ${outcome.eventId} is already stored, or being stored, in stream ${outcome.holderStreamId}`,
      );
    }
    return held;
  }

  /** Best effort: a claim that cannot be released stays (see the failure windows above). */
  async release(claims: readonly HeldEventIdClaim[]): Promise<void> {
    await mapWithConcurrency(claims, eventIdClaimConcurrencyMax, async (claim) => {
      try {
        await this.log.appendIfAt(eventIdClaimStreamName(claim.eventId), bookkeepingEventTypes.eventIdReleased, encodeEventIdRelease(), claim.revision);
      } catch {
        // Left claimed: only a retry of the same command can reuse the id, which is safe.
      }
    });
  }

  private async claimOne(streamId: string, eventId: string, commandId: string | undefined): Promise<ClaimOutcome> {
    const claimStream = eventIdClaimStreamName(eventId);
    const data = encodeEventIdClaim({ streamId, commandId: commandId ?? null });
    let expected: bigint | 'no_stream' = 'no_stream';
    for (let round = 1; round <= claimRoundsMax; round++) {
      const revision = await this.log.appendIfAt(claimStream, bookkeepingEventTypes.eventIdClaimed, data, expected);
      if (revision !== undefined) return { kind: 'held', claim: { eventId, revision } };

      const last = await this.log.lastEvent(claimStream);
      if (last === undefined) continue;
      if (last.type === bookkeepingEventTypes.eventIdReleased) {
        expected = last.revision;
        continue;
      }
      const holder = decodeEventIdClaim(jsonObjectOf(last, 'data', last.data));
      // Another attempt of the same command, for the same stream, claimed it: a retry after a
      // crash or a concurrent retry. The command record makes sure the events land once.
      if (commandId !== undefined && holder.commandId === commandId && holder.streamId === streamId) {
        return { kind: 'held', claim: { eventId, revision: last.revision } };
      }
      return { kind: 'taken', eventId, holderStreamId: holder.streamId };
    }
    throw new Error(`event id ${eventId}: its claim kept changing hands for ${claimRoundsMax} rounds`);
  }
}

/** Runs `work` over `items` with at most `concurrencyMax` in flight; results keep the items' order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], concurrencyMax: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrencyMax, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
