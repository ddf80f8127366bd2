/**
 * What the adapter writes next to the application's events, and how the application's records
 * are told from everything else in `$all`.
 *
 * The adapter's one kind of bookkeeping stream is the unique-key claim, `uniquekey-{key}` (see
 * `unique-key-claims.ts`): an ordinary EventStoreDB stream, named `category-id` like the
 * application's, so it needs no special rights. The adapter refuses application appends to that
 * category and hides its events (and EventStoreDB's own `$` streams and types) from every read,
 * subscription, count and head.
 *
 * Every payload carries `schemaVersion`; a change of shape is a new version read alongside the
 * old one, because claims written by an older release stay in the log.
 */
import type { JsonObject, JsonValue } from '@ledger/event-store';

export const uniqueKeyStreamPrefix = 'uniquekey-';
export const reservedStreamPrefixes: readonly string[] = [uniqueKeyStreamPrefix];

/**
 * The stream the start-up check appends to, at a revision it can never have, to learn whether the
 * user may write: it is a claim stream for the empty key, which no append can take.
 */
export const accessProbeStreamName = uniqueKeyStreamPrefix;

export const bookkeepingEventTypes = {
  uniqueKeyClaimed: 'UniqueKeyClaimed',
  uniqueKeyReleased: 'UniqueKeyReleased',
  accessProbe: 'AccessProbe',
} as const;

const schemaVersion = 1;

export function uniqueKeyStreamName(key: string): string {
  return `${uniqueKeyStreamPrefix}${key}`;
}

export function isReservedStream(streamId: string): boolean {
  return reservedStreamPrefixes.some((prefix) => streamId.startsWith(prefix));
}

/** EventStoreDB's own records: `$`-prefixed streams (`$et-…`, `$epoch-information`) or types (`$>`, `$metadata`). */
export function isSystemRecord(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/** True for the application's events: neither EventStoreDB's nor the adapter's bookkeeping. */
export function isApplicationRecord(streamId: string, type: string): boolean {
  return !isSystemRecord(streamId, type) && !isReservedStream(streamId);
}

/**
 * A server-side stream filter that lets only application streams through, so an unfiltered
 * subscription is not sent every claim and system record. It is .NET regular-expression syntax
 * that JavaScript reads the same way.
 */
export const applicationStreamsRegex = `^(?!\\$|${reservedStreamPrefixes.map(escapeRegex).join('|')})`;

/**
 * Who holds a key: one attempt at an append, named by the revision it expects and its first
 * event, and the command it belongs to. A later attempt of the same command may take the claim
 * over (see `unique-key-claims.ts`).
 */
export interface UniqueKeyClaim {
  readonly key: string;
  readonly streamId: string;
  readonly commandId: string | null;
  readonly firstEventId: string;
  /** The exact revision the append expects; -1 for a stream that must not exist yet. */
  readonly expectedRevision: bigint;
}

export function encodeUniqueKeyClaim(claim: UniqueKeyClaim): JsonObject {
  return {
    schemaVersion,
    key: claim.key,
    streamId: claim.streamId,
    commandId: claim.commandId,
    firstEventId: claim.firstEventId,
    expectedRevision: claim.expectedRevision.toString(),
  };
}

export function decodeUniqueKeyClaim(data: unknown): UniqueKeyClaim {
  const object = requireObject(data, 'unique key claim');
  requireSchemaVersion(object, 'unique key claim');
  const commandId = object.commandId;
  const expected = requireString(object.expectedRevision, 'unique key claim expectedRevision');
  if (!/^(-1|0|[1-9][0-9]*)$/.test(expected)) throw new Error(`unique key claim expectedRevision ${expected} is not a revision`);
  return {
    key: requireString(object.key, 'unique key claim key'),
    streamId: requireString(object.streamId, 'unique key claim streamId'),
    commandId: commandId === null || commandId === undefined ? null : requireString(commandId, 'unique key claim commandId'),
    firstEventId: requireString(object.firstEventId, 'unique key claim firstEventId'),
    expectedRevision: BigInt(expected),
  };
}

export function encodeUniqueKeyRelease(reason: string): JsonObject {
  return { schemaVersion, reason };
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) throw new Error(`${what} is not a JSON object`);
  return value as JsonObject;
}

function requireString(value: JsonValue | undefined, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string`);
  return value;
}

function requireSchemaVersion(object: JsonObject, what: string): void {
  if (object.schemaVersion !== schemaVersion) {
    throw new Error(`${what} has schema version ${String(object.schemaVersion)}; this program reads version ${schemaVersion}`);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
