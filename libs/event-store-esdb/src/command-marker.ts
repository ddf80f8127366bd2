/**
 * The command record, carried in the append's own first event.
 *
 * On SQLite a command record is a row written in the same transaction as the command's events.
 * EventStoreDB has no transaction across streams, but one append to one stream is atomic: so the
 * record travels inside the append, as one more key in the first event's metadata,
 * `$ledger: { schemaVersion, commandId, requestHash, eventCount, uniqueKeys }`. A retry finds it
 * exactly where it was written atomically, and it costs no write of its own.
 *
 * The key is the adapter's: it is added after the application's keys (so their order is kept),
 * removed from every event the adapter hands out, and an application append whose metadata
 * already has it is refused. `$`-prefixed metadata keys are where EventStoreDB itself keeps
 * what is not the application's (`$correlationId`, `$causationId`).
 */
import { InvalidAppendError } from '@ledger/event-store';
import type { JsonObject } from '@ledger/event-store';

export const commandMarkerKey = '$ledger';
const schemaVersion = 1;

export interface CommandMarker {
  readonly commandId: string;
  readonly requestHash: string;
  /** How many events the append holds, this one first. */
  readonly eventCount: number;
  readonly uniqueKeys: readonly string[];
}

/** The application's metadata with the marker added last. */
export function withMarker(metadata: JsonObject, marker: CommandMarker): JsonObject {
  return {
    ...metadata,
    [commandMarkerKey]: {
      schemaVersion,
      commandId: marker.commandId,
      requestHash: marker.requestHash,
      eventCount: marker.eventCount,
      uniqueKeys: [...marker.uniqueKeys],
    },
  };
}

/** The marker an event carries, if it is the first event of an append that named a command. */
export function markerOf(metadata: JsonObject | undefined): CommandMarker | undefined {
  const value = metadata?.[commandMarkerKey];
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`the ${commandMarkerKey} metadata of an event is not an object`);
  if (value.schemaVersion !== schemaVersion) {
    throw new Error(`an event carries a command record of schema version ${String(value.schemaVersion)}; this program reads version ${schemaVersion}`);
  }
  const { commandId, requestHash, eventCount, uniqueKeys } = value;
  if (typeof commandId !== 'string' || typeof requestHash !== 'string') {
    throw new Error(`the ${commandMarkerKey} metadata of an event names no command properly`);
  }
  if (typeof eventCount !== 'number' || !Number.isInteger(eventCount) || eventCount < 1) throw new Error(`the ${commandMarkerKey} metadata of an event has no event count`);
  if (!Array.isArray(uniqueKeys) || !uniqueKeys.every((key) => typeof key === 'string')) throw new Error(`the ${commandMarkerKey} metadata of an event has no key list`);
  return { commandId, requestHash, eventCount, uniqueKeys: uniqueKeys as string[] };
}

/** The metadata as the application wrote it: the marker removed, every other key in its order. */
export function withoutMarker(metadata: JsonObject): JsonObject {
  if (!(commandMarkerKey in metadata)) return metadata;
  const { [commandMarkerKey]: _marker, ...rest } = metadata;
  return rest;
}

export function refuseMarkerInApplicationMetadata(streamId: string, eventId: string, metadata: JsonObject): void {
  if (commandMarkerKey in metadata) {
    throw new InvalidAppendError(`stream ${streamId}: event ${eventId} has the metadata key ${commandMarkerKey}, which the EventStoreDB adapter keeps for its command records`);
  }
}
