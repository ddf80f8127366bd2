/**
 * Unique keys on EventStoreDB: one claim stream per key, written before the append.
 *
 * SQLite takes a key in the append's own transaction. EventStoreDB cannot make one append
 * atomic across two streams, but its one store-wide check, "this stream does not exist yet"
 * (or "is still at revision r"), is enough for a claim: `uniquekey-{key}` holds
 * `UniqueKeyClaimed` events naming one attempt at an append (its stream, the exact revision it
 * expects, its first event and its command) and `UniqueKeyReleased` events. The last event is the
 * state; every change is an append at the revision read, so two writers never both change it.
 *
 * A claim names one attempt, and an append lands only at exactly the revision it expects. So
 * whether the named attempt took the key is a question about one place in one stream, revision
 * E+1 of its stream:
 * - the event there is the attempt's first event, or opens an append of the same command (a
 *   second attempt at the same revision): the key is taken;
 * - another event is there, or the stream is gone: the attempt can never land; the claim is
 *   stale, and whoever finds it releases it and claims again;
 * - nothing is there yet: the attempt may still land, and the key is reported taken.
 *
 * Attempts of the same command (a client retrying on another replica, a retry after a crash)
 * share the claim: one that expects a later revision moves the claim on to itself (the earlier
 * attempt can no longer land, or the later attempt would have found its command recorded), one
 * that expects the same or an earlier revision leaves it, since whichever lands the command is
 * recorded where the claim points or the append is refused.
 *
 * An attempt refused by the store (a version conflict, too large) releases the claims it made
 * or moved, if they still name it. What is left behind by a crash between the claim and the
 * append is released by the next claimant once the claimed revision has been passed; until then
 * the key reads as taken. The price is one append per key before the command's append: a
 * disbursement with a treasury voucher costs two appends on EventStoreDB.
 */
import { StreamDeletedError, UniqueKeyTakenError } from '@ledger/event-store';
import { bookkeepingEventTypes, decodeUniqueKeyClaim, encodeUniqueKeyClaim, encodeUniqueKeyRelease, uniqueKeyStreamName } from './bookkeeping-streams';
import type { UniqueKeyClaim } from './bookkeeping-streams';
import { jsonObjectOf, storedMarkerOf } from './esdb-log';
import type { EsdbLog } from './esdb-log';

/** Rounds of read, release a stale claim, claim again, when other writers keep racing for a key. */
export const claimRoundsMax = 8;

/** A claim this attempt relies on, and whether it is this attempt's own (made or moved by it). */
export interface HeldClaim {
  readonly key: string;
  /** Revision of the `UniqueKeyClaimed` event relied on. */
  readonly revision: bigint;
  readonly own: boolean;
}

type ClaimState =
  | { readonly kind: 'none' }
  | { readonly kind: 'released'; readonly revision: bigint }
  | { readonly kind: 'claimed'; readonly revision: bigint; readonly claim: UniqueKeyClaim };

type Liveness = 'taken' | 'pending' | 'stale';

export class UniqueKeyClaims {
  constructor(private readonly log: EsdbLog) {}

  /**
   * Claims every key for one attempt, in a fixed order (so two appends wanting the same keys
   * meet on the first), or refuses it with `UniqueKeyTakenError` after releasing what it claimed.
   */
  async claimAll(attempt: Omit<UniqueKeyClaim, 'key'>, keys: readonly string[]): Promise<HeldClaim[]> {
    const held: HeldClaim[] = [];
    for (const key of [...keys].sort()) {
      try {
        held.push(await this.claimOne({ ...attempt, key }));
      } catch (error) {
        await this.release(attempt, held, 'another key of the append was taken, or claiming it failed');
        throw error;
      }
    }
    return held;
  }

  /** Gives back the claims this attempt made or moved, if they still name it. Best effort. */
  async release(attempt: Omit<UniqueKeyClaim, 'key'>, held: readonly HeldClaim[], reason: string): Promise<void> {
    for (const claim of held) {
      if (!claim.own) continue;
      try {
        await this.log.appendIfAt(uniqueKeyStreamName(claim.key), bookkeepingEventTypes.uniqueKeyReleased, encodeUniqueKeyRelease(`${reason} (stream ${attempt.streamId})`), claim.revision);
      } catch {
        // Left claimed: the next claimant finds the claimed revision passed and releases it.
      }
    }
  }

  private async claimOne(attempt: UniqueKeyClaim): Promise<HeldClaim> {
    const stream = uniqueKeyStreamName(attempt.key);
    const data = encodeUniqueKeyClaim(attempt);
    // Optimistic first round: most keys are new.
    let state: ClaimState = { kind: 'none' };
    for (let round = 1; round <= claimRoundsMax; round++) {
      if (state.kind !== 'claimed') {
        const revision = await this.log.appendIfAt(stream, bookkeepingEventTypes.uniqueKeyClaimed, data, state.kind === 'none' ? 'no_stream' : state.revision);
        if (revision !== undefined) return { key: attempt.key, revision, own: true };
        state = await this.readState(stream);
        continue;
      }
      const holder = state.claim;
      if (sameAttempt(holder, attempt)) return { key: attempt.key, revision: state.revision, own: true };
      if (attempt.commandId !== null && holder.commandId === attempt.commandId && holder.streamId === attempt.streamId) {
        if (attempt.expectedRevision <= holder.expectedRevision) return { key: attempt.key, revision: state.revision, own: false };
        const moved = await this.log.appendIfAt(stream, bookkeepingEventTypes.uniqueKeyClaimed, data, state.revision);
        if (moved !== undefined) return { key: attempt.key, revision: moved, own: true };
        state = await this.readState(stream);
        continue;
      }
      const liveness = await this.livenessOf(holder);
      if (liveness !== 'stale') {
        throw new UniqueKeyTakenError(attempt.key, { streamId: holder.streamId, commandId: holder.commandId, eventId: holder.firstEventId });
      }
      const released = await this.log.appendIfAt(
        stream,
        bookkeepingEventTypes.uniqueKeyReleased,
        encodeUniqueKeyRelease(`the claimed append to ${holder.streamId} at revision ${holder.expectedRevision} can never land`),
        state.revision,
      );
      state = released !== undefined ? { kind: 'released', revision: released } : await this.readState(stream);
    }
    throw new Error(`unique key ${attempt.key}: its claim kept changing hands for ${claimRoundsMax} rounds`);
  }

  /** Whether the attempt a claim names took the key, may still take it, or never can (see the header). */
  private async livenessOf(holder: UniqueKeyClaim): Promise<Liveness> {
    let events;
    try {
      events = await this.log.readStream(holder.streamId, 'forwards', holder.expectedRevision + 1n, 1);
    } catch (error) {
      if (error instanceof StreamDeletedError) return 'stale';
      throw error;
    }
    const [landed] = events;
    if (landed === undefined || landed.revision !== holder.expectedRevision + 1n) return landed === undefined ? 'pending' : 'stale';
    if (landed.id === holder.firstEventId) return 'taken';
    const marker = storedMarkerOf(landed);
    if (holder.commandId !== null && marker?.commandId === holder.commandId) return 'taken';
    return 'stale';
  }

  private async readState(stream: string): Promise<ClaimState> {
    const last = await this.log.lastEvent(stream);
    if (last === undefined) return { kind: 'none' };
    if (last.type === bookkeepingEventTypes.uniqueKeyReleased) return { kind: 'released', revision: last.revision };
    if (last.type === bookkeepingEventTypes.uniqueKeyClaimed) {
      return { kind: 'claimed', revision: last.revision, claim: decodeUniqueKeyClaim(jsonObjectOf(last, 'data', last.data)) };
    }
    throw new Error(`stream ${stream} ends with an event of unknown type ${last.type}`);
  }
}

function sameAttempt(holder: UniqueKeyClaim, attempt: UniqueKeyClaim): boolean {
  return (
    holder.streamId === attempt.streamId &&
    holder.commandId === attempt.commandId &&
    holder.firstEventId === attempt.firstEventId &&
    holder.expectedRevision === attempt.expectedRevision
  );
}
