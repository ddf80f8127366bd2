import type { JsonObject } from '@ledger/event-store';
import { eventHash, hashLinkOf, hashLinkVersion, hasHashLinkKey, isHexHash, type HashLink } from '../hash-link';

/** What an event read back needs for its link to be checked. */
export interface VerifiableEvent {
  readonly position: bigint;
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
}

/**
 * The ways a history can fail its links, each named after what was done to it:
 * - `content-changed`: the event's content no longer hashes to its own link (edited);
 * - `previous-mismatch`: the event's link names another predecessor than the event before it in
 *   its stream (that one was edited with its hash recomputed, or an event was deleted, inserted or
 *   moved between them);
 * - `chain-start-mismatch`: the first linked event of a stream names a predecessor (events before
 *   it were deleted, or their links removed);
 * - `link-missing`: an event without a link after linked ones in its stream (inserted, or its link
 *   removed), or after the first linked event of the whole history: the ledger links every event
 *   it writes since it began to, so an unlinked one later in the log — in a new stream too — was
 *   written behind its back;
 * - `link-malformed`: a `hashLink` that is not a link of a known version;
 * - `revision-gap`: revisions skip in the global order (events deleted);
 * - `revision-out-of-order`: a revision again or lower than one already read (events inserted or reordered).
 */
export const chainBreakKinds = ['content-changed', 'previous-mismatch', 'chain-start-mismatch', 'link-missing', 'link-malformed', 'revision-gap', 'revision-out-of-order'] as const;
export type ChainBreakKind = (typeof chainBreakKinds)[number];

export interface ChainBreak {
  readonly kind: ChainBreakKind;
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  /** The position of the event before it in its stream, where there was one. */
  readonly previousPosition: bigint | null;
  readonly message: string;
}

export interface ChainReport {
  readonly events: number;
  readonly streams: number;
  readonly linkedEvents: number;
  /** Events written before links existed, before the first linked event of their stream. */
  readonly unlinkedLegacyEvents: number;
  /** Streams holding unlinked legacy events. */
  readonly legacyStreams: number;
  readonly breakCount: number;
  /** The first break in global order; null when the history verifies. */
  readonly firstBreak: ChainBreak | null;
  /** The first break of each stream, in global order, at most `listedBreaksMax`. */
  readonly breaks: readonly ChainBreak[];
  /** Events whose store time is earlier than the event before them (a clock stepped back): not a break, but worth a look. */
  readonly storeTimeStepsBack: number;
  readonly lastPosition: bigint;
}

/** Breaks listed in a report; the count covers the rest. */
export const listedBreaksMax = 100;
/** Streams whose chain state is kept while verifying: a ledger's accounts, with room to spare. */
const streamsTrackedMax = 10_000_000;

interface StreamChain {
  nextRevision: bigint;
  lastPosition: bigint;
  lastHash: string | null;
  linked: boolean;
  legacy: boolean;
  broken: boolean;
}

/**
 * Checks every event's link as the events come in global order, in memory of one entry per stream.
 * `add` answers each event's hash (recomputed, never taken from the link), for the Merkle digest.
 * After a break the stream's chain goes on from the event that broke it, so one edit is reported
 * once and later breaks of the same stream still count.
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamChain>();
  private readonly listed: ChainBreak[] = [];
  private eventCount = 0;
  private linkedCount = 0;
  private legacyCount = 0;
  private legacyStreamCount = 0;
  private breakCount = 0;
  private firstBreak: ChainBreak | null = null;
  private lastStoreTimeMs = Number.NEGATIVE_INFINITY;
  private storeTimeStepsBack = 0;
  private lastPosition = -1n;
  /** A linked event was read: from here on every event must carry a link. */
  private linkingBegun = false;

  add(event: VerifiableEvent): string {
    this.eventCount += 1;
    this.lastPosition = event.position;
    const time = event.recordedAt.getTime();
    if (time < this.lastStoreTimeMs) this.storeTimeStepsBack += 1;
    else this.lastStoreTimeMs = time;

    let chain = this.streams.get(event.streamId);
    if (!chain) {
      if (this.streams.size >= streamsTrackedMax) throw new RangeError(`more than ${streamsTrackedMax} streams: too many to verify in one pass`);
      chain = { nextRevision: 0n, lastPosition: -1n, lastHash: null, linked: false, legacy: false, broken: false };
      this.streams.set(event.streamId, chain);
    }
    const fail = (kind: ChainBreakKind, message: string): void => this.record(chain as StreamChain, event, kind, message);

    if (event.revision > chain.nextRevision) fail('revision-gap', `revision ${event.revision} follows revision ${chain.nextRevision - 1n} in its stream: ${event.revision - chain.nextRevision} event(s) deleted before it`);
    else if (event.revision < chain.nextRevision) fail('revision-out-of-order', `revision ${event.revision} comes after revision ${chain.nextRevision - 1n} in the global order: an event inserted or reordered`);

    const link = hashLinkOf(event.metadata);
    const hashUnderItsLink = link ? hashUnderLink(event, link) : undefined;
    const hash = hashUnderItsLink ?? eventHash(event, null);
    if (!link) {
      if (hasHashLinkKey(event.metadata)) fail('link-malformed', 'its hashLink is not a link (version, previousHash, hash)');
      else if (chain.linked) fail('link-missing', 'it has no hash link though earlier events of its stream have: inserted, or its link removed');
      else if (this.linkingBegun) fail('link-missing', 'it has no hash link though it was written after the ledger began linking every event: written behind its back');
      else {
        this.legacyCount += 1;
        if (!chain.legacy) this.legacyStreamCount += 1;
        chain.legacy = true;
      }
    } else if (hashUnderItsLink === undefined) {
      fail('link-malformed', `its hashLink has version ${link.version} or hashes that are not sha256 hex; this build reads version ${hashLinkVersion}`);
    } else {
      this.linkedCount += 1;
      this.linkingBegun = true;
      if (hash !== link.hash) fail('content-changed', `its content hashes to ${hash}, not to the ${link.hash} of its link: edited`);
      else if (!chain.linked && link.previousHash !== null) fail('chain-start-mismatch', `it links to a predecessor ${link.previousHash} though no linked event precedes it in its stream: events before it deleted or their links removed`);
      else if (chain.linked && link.previousHash !== chain.lastHash) {
        fail('previous-mismatch', `its link names ${link.previousHash ?? 'no predecessor'} as the event before it, but that event hashes to ${chain.lastHash}: the event before it was changed, or one was deleted, inserted or moved between them`);
      }
      chain.linked = true;
    }
    // An edited event's successor still names the hash first written, so the chain goes on from
    // that one: the edit is one break, not two.
    chain.lastHash = link ? link.hash : null;
    chain.nextRevision = event.revision + 1n;
    chain.lastPosition = event.position;
    return hash;
  }

  report(): ChainReport {
    return {
      events: this.eventCount,
      streams: this.streams.size,
      linkedEvents: this.linkedCount,
      unlinkedLegacyEvents: this.legacyCount,
      legacyStreams: this.legacyStreamCount,
      breakCount: this.breakCount,
      firstBreak: this.firstBreak,
      breaks: [...this.listed],
      storeTimeStepsBack: this.storeTimeStepsBack,
      lastPosition: this.lastPosition,
    };
  }

  /** Records a break of the event's chain; called before the chain moves on to the event. */
  private record(chain: StreamChain, event: VerifiableEvent, kind: ChainBreakKind, message: string): void {
    const previousPosition = chain.lastPosition < 0n ? null : chain.lastPosition;
    const found: ChainBreak = { kind, position: event.position, streamId: event.streamId, revision: event.revision, eventId: event.id, previousPosition, message };
    this.breakCount += 1;
    this.firstBreak ??= found;
    if (!chain.broken && this.listed.length < listedBreaksMax) this.listed.push(found);
    chain.broken = true;
  }
}

/**
 * The event's hash under a link of this version, chained to the predecessor it names; undefined
 * when the link is not one (a version this build does not read, or hashes that are not sha256
 * hex). The link's own hash is read as hex only when it differs from the recomputed one.
 */
function hashUnderLink(event: VerifiableEvent, link: HashLink): string | undefined {
  if (link.version !== hashLinkVersion || (link.previousHash !== null && !isHexHash(link.previousHash))) return undefined;
  const hash = eventHash(event, link.previousHash);
  return hash === link.hash || isHexHash(link.hash) ? hash : undefined;
}
