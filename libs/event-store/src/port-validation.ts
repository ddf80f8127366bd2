/**
 * Checks of the port's rules that do not depend on the engine. They are the decisions the
 * contract suite (`libs/event-store/testing`) fixes, shared by every adapter (embedded SQLite,
 * EventStoreDB) so that both refuse the same calls with the same errors.
 */
import { InvalidAppendError } from './errors';
import { appendEventCountMax, countEventsLimitMax, readCountMax, uniqueKeyLengthMax, uniqueKeysPerAppendMax } from './event-store.port';
import type {
  AppendOptions,
  CommandRecordToAppend,
  EventFilter,
  EventToAppend,
  ExpectedRevision,
  FindCommandOptions,
  ReadAllOptions,
  ReadDirection,
  ReadStreamOptions,
  SubscribeOptions,
} from './event-store.port';

/**
 * Event ids must be lowercase canonical UUIDs: one spelling per id, so a resent append is
 * recognised by its ids whatever their case, and every engine stores them the same way.
 */
const eventIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Each filter list becomes SQL parameters or a server-side filter expression; past this a caller
 * is doing something else.
 */
export const filterEntryCountMax = 100;

/** The largest signed 64-bit integer (a SQLite INTEGER, an EventStoreDB revision); revisions and positions never exceed it. */
export const int64Max = 9_223_372_036_854_775_807n;

export interface ValidatedEvent {
  readonly id: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
}

export interface ValidatedAppend {
  readonly streamId: string;
  readonly events: readonly ValidatedEvent[];
  readonly expectedRevision: ExpectedRevision;
  readonly command: CommandRecordToAppend | undefined;
  /** Empty when the append takes no key. */
  readonly uniqueKeys: readonly string[];
}

/** Validates an append and serialises its events; throws `InvalidAppendError` for a broken rule. */
export function validateAppend(streamId: string, events: readonly EventToAppend[], options: AppendOptions): ValidatedAppend {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidAppendError('the stream id must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(`stream ${streamId}: an append needs at least one event`);
  if (events.length > appendEventCountMax) {
    throw new InvalidAppendError(`stream ${streamId}: ${events.length} events exceed appendEventCountMax (${appendEventCountMax})`);
  }
  if (options === null || typeof options !== 'object') throw new InvalidAppendError(`stream ${streamId}: append options are required`);
  const expectedRevision = validateExpectedRevision(streamId, options.expectedRevision);
  const command = options.command === undefined ? undefined : validateCommand(streamId, options.command);
  const uniqueKeys = validateUniqueKeys(streamId, options.uniqueKeys);

  const seenIds = new Set<string>();
  const validated: ValidatedEvent[] = [];
  for (const event of events) {
    if (typeof event.id !== 'string' || !eventIdPattern.test(event.id)) {
      throw new InvalidAppendError(`stream ${streamId}: event id ${String(event.id)} is not a lowercase canonical UUID`);
    }
    if (seenIds.has(event.id)) throw new InvalidAppendError(`stream ${streamId}: event id ${event.id} appears twice in one append`);
    seenIds.add(event.id);
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError(`stream ${streamId}: event ${event.id} has an empty type`);
    }
    validated.push({
      id: event.id,
      type: event.type,
      dataJson: serialiseObject(streamId, event.id, 'data', event.data),
      metadataJson: serialiseObject(streamId, event.id, 'metadata', event.metadata),
    });
  }
  return { streamId, events: validated, expectedRevision, command, uniqueKeys };
}

/** The options of `findCommand`; throws `RangeError` for a bad hint. */
export function validateFindCommand(commandId: string, options: FindCommandOptions | undefined): { readonly streamId: string | undefined } {
  if (typeof commandId !== 'string' || commandId.length === 0) throw new RangeError('the command id must be a non-empty string');
  if (options === undefined) return { streamId: undefined };
  if (options === null || typeof options !== 'object') throw new RangeError('findCommand options must be an object');
  const { streamId } = options;
  if (streamId !== undefined && (typeof streamId !== 'string' || streamId.length === 0)) {
    throw new RangeError(`findCommand: streamId must be a non-empty string, got ${String(streamId)}`);
  }
  return { streamId };
}

/** The arguments of `countEventsAfter`; throws `RangeError` for nonsense. */
export function validateCount(afterPosition: bigint, limit: bigint): { readonly afterPosition: bigint; readonly limit: bigint } {
  if (typeof afterPosition !== 'bigint' || afterPosition < -1n) {
    throw new RangeError(`afterPosition must be a bigint of at least -1, got ${String(afterPosition)}`);
  }
  if (typeof limit !== 'bigint' || limit < 1n || limit > countEventsLimitMax) {
    throw new RangeError(`limit must be a bigint from 1 to countEventsLimitMax (${countEventsLimitMax}), got ${String(limit)}`);
  }
  return { afterPosition, limit };
}

/**
 * `readStream`'s options, checked in the order every adapter checks them, with their defaults
 * filled in; `fromRevision` stays undefined when omitted, because each direction starts elsewhere.
 */
export function validateReadStream(options: ReadStreamOptions): { readonly maxCount: number; readonly direction: ReadDirection; readonly fromRevision: bigint | undefined } {
  const maxCount = resolveMaxCount(options.maxCount);
  const direction = resolveDirection(options.direction);
  const fromRevision = validateStart('fromRevision', options.fromRevision, 0n);
  return { maxCount, direction, fromRevision };
}

/** `readAll`'s options, checked in the order every adapter checks them, with their defaults filled in. */
export function validateReadAll(options: ReadAllOptions): { readonly maxCount: number; readonly fromPosition: bigint; readonly filter: ValidatedFilter } {
  const maxCount = resolveMaxCount(options.maxCount);
  const fromPosition = validateStart('fromPosition', options.fromPosition, 0n) ?? 0n;
  const filter = validateFilter(options.filter);
  return { maxCount, fromPosition, filter };
}

/** `subscribeToAll`'s options, checked synchronously (the contract has it throw), with their defaults filled in. */
export function validateSubscribe(options: SubscribeOptions): { readonly afterPosition: bigint; readonly filter: ValidatedFilter } {
  const afterPosition = validateStart('afterPosition', options.afterPosition, -1n) ?? -1n;
  const filter = validateFilter(options.filter);
  return { afterPosition, filter };
}

/** The number of events a read returns: refuses nonsense, clamps what is merely too large. */
export function resolveMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return readCountMax;
  if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1) {
    throw new RangeError(`maxCount must be an integer of at least 1, got ${String(maxCount)}`);
  }
  return Math.min(maxCount, readCountMax);
}

export function resolveDirection(direction: ReadDirection | undefined): ReadDirection {
  if (direction === undefined || direction === 'forwards' || direction === 'backwards') return direction ?? 'forwards';
  throw new RangeError(`direction must be 'forwards' or 'backwards', got ${String(direction)}`);
}

/** A revision or position the caller gives as a starting point: a bigint no lower than `lowest`. */
export function validateStart(name: string, value: bigint | undefined, lowest: bigint): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'bigint' || value < lowest) throw new RangeError(`${name} must be a bigint of at least ${lowest}, got ${String(value)}`);
  return value;
}

export interface ValidatedFilter {
  readonly eventTypes: readonly string[] | undefined;
  readonly streamPrefixes: readonly string[] | undefined;
}

export function validateFilter(filter: EventFilter | undefined): ValidatedFilter {
  return {
    eventTypes: validateFilterList('eventTypes', filter?.eventTypes),
    streamPrefixes: validateFilterList('streamPrefixes', filter?.streamPrefixes),
  };
}

function validateFilterList(name: string, entries: readonly string[] | undefined): readonly string[] | undefined {
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new RangeError(`filter.${name} must be a non-empty list; omit it for no filter`);
  }
  if (entries.length > filterEntryCountMax) {
    throw new RangeError(`filter.${name} has ${entries.length} entries, more than filterEntryCountMax (${filterEntryCountMax})`);
  }
  for (const entry of entries) {
    if (typeof entry !== 'string' || entry.length === 0) throw new RangeError(`filter.${name} entries must be non-empty strings`);
  }
  return [...new Set(entries)];
}

function validateExpectedRevision(streamId: string, expectedRevision: unknown): ExpectedRevision {
  if (expectedRevision === 'no_stream' || expectedRevision === 'any' || expectedRevision === 'stream_exists') return expectedRevision;
  if (typeof expectedRevision === 'bigint' && expectedRevision >= 0n && expectedRevision <= int64Max) return expectedRevision;
  throw new InvalidAppendError(
    `stream ${streamId}: expected revision must be 'no_stream', 'any', 'stream_exists' or a non-negative bigint, got ${typeof expectedRevision} ${String(expectedRevision)}`,
  );
}

function validateCommand(streamId: string, command: CommandRecordToAppend): CommandRecordToAppend {
  if (command === null || typeof command !== 'object') throw new InvalidAppendError(`stream ${streamId}: command must be an object`);
  if (typeof command.commandId !== 'string' || command.commandId.length === 0) {
    throw new InvalidAppendError(`stream ${streamId}: command id must be a non-empty string`);
  }
  if (typeof command.requestHash !== 'string' || command.requestHash.length === 0) {
    throw new InvalidAppendError(`stream ${streamId}: command ${command.commandId} needs a non-empty request hash`);
  }
  return { commandId: command.commandId, requestHash: command.requestHash };
}

function validateUniqueKeys(streamId: string, uniqueKeys: unknown): readonly string[] {
  if (uniqueKeys === undefined) return [];
  if (!Array.isArray(uniqueKeys)) throw new InvalidAppendError(`stream ${streamId}: uniqueKeys must be a list of strings`);
  if (uniqueKeys.length > uniqueKeysPerAppendMax) {
    throw new InvalidAppendError(`stream ${streamId}: ${uniqueKeys.length} unique keys exceed uniqueKeysPerAppendMax (${uniqueKeysPerAppendMax})`);
  }
  const seen = new Set<string>();
  for (const key of uniqueKeys) {
    if (typeof key !== 'string' || key.length === 0 || key.length > uniqueKeyLengthMax) {
      throw new InvalidAppendError(`stream ${streamId}: a unique key must be a string of 1 to ${uniqueKeyLengthMax} characters, got ${typeof key === 'string' ? `${key.length} characters` : typeof key}`);
    }
    if (seen.has(key)) throw new InvalidAppendError(`stream ${streamId}: unique key ${JSON.stringify(key)} appears twice in one append`);
    seen.add(key);
  }
  return [...uniqueKeys];
}

function serialiseObject(streamId: string, eventId: string, field: string, value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidAppendError(`stream ${streamId}: event ${eventId} ${field} must be a JSON object`);
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    // JSON.stringify throws for a bigint (typically a VND amount not yet written as a string)
    // and for cycles; both are caller bugs that must not reach the store.
    throw new InvalidAppendError(
      `stream ${streamId}: event ${eventId} ${field} cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
