import { hash as oneShotHash } from 'node:crypto';
import type { EventToAppend, JsonObject, JsonValue } from '@ledger/event-store';
import { canonicalObject } from './canonical-json';

/**
 * Hash links: every event the ledger writes carries, in its metadata under `hashLink`, the hash of
 * its own canonical content and the hash of the event before it in its stream. Everything in the
 * hash is known when the command is decided — the event's stream, revision, id, type, data and
 * metadata (the link itself left out), and the previous event's hash — so the link is made before
 * the append, per stream, under the stream's expected-revision check, with no lock across streams.
 * What only the store knows after the append, the event's global position and the store's time, is
 * covered by the Merkle digests (`merkle-tree.ts`), whose leaves are (position, time, event hash).
 *
 * Events written before links existed carry none: they are reported as unlinked (legacy), and the
 * first linked event of a stream after them starts its chain with `previousHash: null`.
 */

/** The metadata key that holds an event's link. */
export const hashLinkKey = 'hashLink';
/** The version of the hashed content's shape; a change of shape is a new version, and old links keep verifying under theirs. */
export const hashLinkVersion = 1;

export interface HashLink {
  readonly version: number;
  /** The previous event's `hash` in the same stream; null for the first linked event of a stream. */
  readonly previousHash: string | null;
  /** sha256, lower-case hex, of the event's canonical content (`eventHashInput`). */
  readonly hash: string;
}

/** What an event's hash covers: what a writer knows before the store gives it a position. */
export interface HashedEventContent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  /** The event's metadata; its `hashLink`, if any, is left out. */
  readonly metadata: JsonObject;
}

const hexHashPattern = /^[0-9a-f]{64}$/;

/**
 * The canonical JSON the hash is taken over: the object
 * `{data, eventId, metadata (without hashLink), previousHash, revision (decimal string), streamId, type, version}`
 * with its keys in canonical order, written out directly rather than built and sorted.
 */
export function eventHashInput(event: HashedEventContent, previousHash: string | null, version: number = hashLinkVersion): string {
  return (
    `{"data":${canonicalObject(event.data)}` +
    `,"eventId":${JSON.stringify(event.id)}` +
    `,"metadata":${canonicalObject(event.metadata, hashLinkKey)}` +
    `,"previousHash":${previousHash === null ? 'null' : JSON.stringify(previousHash)}` +
    `,"revision":"${event.revision.toString()}"` +
    `,"streamId":${JSON.stringify(event.streamId)}` +
    `,"type":${JSON.stringify(event.type)}` +
    `,"version":${version}}`
  );
}

/** sha256 in lower-case hex, by node's one-shot hash (no Hash object per call: verify pays this on every event). */
export function sha256Hex(text: string | Buffer): string {
  return oneShotHash('sha256', text, 'hex');
}

/** The hash of an event's content chained to `previousHash`. */
export function eventHash(event: HashedEventContent, previousHash: string | null, version: number = hashLinkVersion): string {
  return sha256Hex(eventHashInput(event, previousHash, version));
}

/** The link an event carries, or undefined when it carries none (a legacy event) or one that is not a link. */
export function hashLinkOf(metadata: JsonObject): HashLink | undefined {
  const value: JsonValue | undefined = metadata[hashLinkKey];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { version, previousHash, hash } = value;
  if (typeof version !== 'number' || typeof hash !== 'string') return undefined;
  if (previousHash !== null && typeof previousHash !== 'string') return undefined;
  return { version, previousHash, hash };
}

/** True when the metadata has a `hashLink` key at all, well formed or not. */
export function hasHashLinkKey(metadata: JsonObject): boolean {
  return Object.prototype.hasOwnProperty.call(metadata, hashLinkKey);
}

export function isHexHash(text: string): boolean {
  return hexHashPattern.test(text);
}

/** Where a stream's chain stands before an append: the revision of its last event and that event's hash. */
export interface StreamChainHead {
  readonly streamId: string;
  /** The stream's last revision; -1n when it has no event yet. */
  readonly revision: bigint;
  /** The last event's hash; null when the stream is empty or its last event is unlinked (legacy). */
  readonly lastHash: string | null;
}

export interface LinkedEvents {
  readonly events: EventToAppend[];
  /** The last event's hash: the chain head after the append. */
  readonly lastHash: string | null;
}

/**
 * Stamps a link on each event to append after `head`, in order: one canonical serialisation and one
 * sha256 per event. The events' metadata objects are copied with `hashLink` added last.
 */
export function linkEvents(head: StreamChainHead, events: readonly EventToAppend[]): LinkedEvents {
  let previousHash = head.lastHash;
  let revision = head.revision;
  const linked: EventToAppend[] = [];
  for (const event of events) {
    revision += 1n;
    const hash = eventHash({ streamId: head.streamId, revision, id: event.id, type: event.type, data: event.data, metadata: event.metadata }, previousHash);
    const link: HashLink = { version: hashLinkVersion, previousHash, hash };
    linked.push({ ...event, metadata: { ...event.metadata, [hashLinkKey]: { ...link } } });
    previousHash = hash;
  }
  return { events: linked, lastHash: previousHash };
}

/** The hash a chain continues from after this stored event: its link's hash, or null for an unlinked (legacy) event. */
export function chainHashAfter(metadata: JsonObject): string | null {
  return hashLinkOf(metadata)?.hash ?? null;
}
