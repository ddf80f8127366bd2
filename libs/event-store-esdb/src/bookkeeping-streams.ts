/**
 * The streams the adapter writes for itself next to the application's events: command claims
 * (`command-{commandId}`) and event id claims (`eventid-{eventId}`). They are ordinary
 * EventStoreDB streams, named `category-id` like the application's, so they need no special
 * rights; the adapter refuses application appends to these two categories and hides their
 * events (and EventStoreDB's own `$` streams and types) from every read and subscription.
 *
 * Every payload carries `schemaVersion`; a change of shape is a new version read alongside the
 * old one, because claims written by an older release stay in the log.
 */
import type { ExpectedRevision, JsonObject, JsonValue } from '@ledger/event-store';

export const commandStreamPrefix = 'command-';
export const eventIdClaimStreamPrefix = 'eventid-';
export const reservedStreamPrefixes: readonly string[] = [commandStreamPrefix, eventIdClaimStreamPrefix];

export const bookkeepingEventTypes = {
  commandClaimed: 'CommandClaimed',
  commandReleased: 'CommandReleased',
  eventIdClaimed: 'EventIdClaimed',
  eventIdReleased: 'EventIdReleased',
} as const;

const schemaVersion = 1;

export function commandStreamName(commandId: string): string {
  return `${commandStreamPrefix}${commandId}`;
}

export function eventIdClaimStreamName(eventId: string): string {
  return `${eventIdClaimStreamPrefix}${eventId}`;
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

/** One event of the claimed append, kept whole so a retry can append exactly these events. */
export interface ClaimedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface CommandClaim {
  readonly commandId: string;
  readonly requestHash: string;
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  /**
   * The claimed events, if stored, are at or after this revision of `streamId`: the expected
   * revision plus one, 0 for `no_stream`, or one past the revision read before claiming for
   * `any` and `stream_exists`.
   */
  readonly searchFromRevision: bigint;
  readonly events: readonly ClaimedEvent[];
}

export function encodeCommandClaim(claim: CommandClaim): JsonObject {
  return {
    schemaVersion,
    commandId: claim.commandId,
    requestHash: claim.requestHash,
    streamId: claim.streamId,
    expectedRevision: typeof claim.expectedRevision === 'bigint' ? claim.expectedRevision.toString() : claim.expectedRevision,
    searchFromRevision: claim.searchFromRevision.toString(),
    events: claim.events.map((event) => ({ id: event.id, type: event.type, data: event.data, metadata: event.metadata })),
  };
}

export function decodeCommandClaim(data: unknown): CommandClaim {
  const object = requireObject(data, 'command claim');
  requireSchemaVersion(object, 'command claim');
  const expectedText = requireString(object.expectedRevision, 'command claim expectedRevision');
  const expectedRevision: ExpectedRevision =
    expectedText === 'no_stream' || expectedText === 'any' || expectedText === 'stream_exists' ? expectedText : parseRevision(expectedText);
  const events = object.events;
  if (!Array.isArray(events) || events.length === 0) throw new Error('a command claim has no events');
  return {
    commandId: requireString(object.commandId, 'command claim commandId'),
    requestHash: requireString(object.requestHash, 'command claim requestHash'),
    streamId: requireString(object.streamId, 'command claim streamId'),
    expectedRevision,
    searchFromRevision: parseRevision(requireString(object.searchFromRevision, 'command claim searchFromRevision')),
    events: events.map((value) => {
      const event = requireObject(value, 'claimed event');
      return {
        id: requireString(event.id, 'claimed event id'),
        type: requireString(event.type, 'claimed event type'),
        data: requireObject(event.data, 'claimed event data'),
        metadata: requireObject(event.metadata, 'claimed event metadata'),
      };
    }),
  };
}

export function encodeCommandRelease(reason: string): JsonObject {
  return { schemaVersion, reason };
}

export interface EventIdClaim {
  readonly streamId: string;
  /** The command whose append claimed the id, if any: a retry of that command may reuse the claim. */
  readonly commandId: string | null;
}

export function encodeEventIdClaim(claim: EventIdClaim): JsonObject {
  return { schemaVersion, streamId: claim.streamId, commandId: claim.commandId };
}

export function decodeEventIdClaim(data: unknown): EventIdClaim {
  const object = requireObject(data, 'event id claim');
  requireSchemaVersion(object, 'event id claim');
  const commandId = object.commandId;
  return {
    streamId: requireString(object.streamId, 'event id claim streamId'),
    commandId: commandId === null || commandId === undefined ? null : requireString(commandId, 'event id claim commandId'),
  };
}

export function encodeEventIdRelease(): JsonObject {
  return { schemaVersion };
}

function requireObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a JSON object`);
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

function parseRevision(text: string): bigint {
  if (!/^[0-9]+$/.test(text)) throw new Error(`${text} is not a revision`);
  return BigInt(text);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
