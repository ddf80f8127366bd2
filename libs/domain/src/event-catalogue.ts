import type { AccountEvent } from './account.events';
import { successionKindOfNote, type RegistryEvent } from './registry.events';
import { parseVnd } from './money';

/**
 * The one place where event type strings and schema versions are written down. Type strings are
 * written by hand, never taken from a class name at run time, so renaming code never renames a
 * stored fact. A change of an event's shape adds a new version here with an upcaster from the old.
 */
export type DomainEvent = AccountEvent | RegistryEvent;
export type DomainEventType = DomainEvent['type'];

interface CatalogueEntry {
  readonly schemaVersion: number;
  /** Fields holding amounts: `bigint` in code, decimal strings in storage. */
  readonly amountFields: readonly string[];
}

export const eventCatalogue: Readonly<Record<DomainEventType, CatalogueEntry>> = {
  BudgetAssigned: { schemaVersion: 1, amountFields: ['amountVnd'] },
  FundsAllocated: { schemaVersion: 1, amountFields: ['amountVnd'] },
  FundsReallocated: { schemaVersion: 1, amountFields: ['amountVnd'] },
  FundsReturned: { schemaVersion: 1, amountFields: ['amountVnd'] },
  FundsReceived: { schemaVersion: 2, amountFields: ['amountVnd'] },
  FundsDisbursed: { schemaVersion: 1, amountFields: ['amountVnd'] },
  DisbursementReversed: { schemaVersion: 1, amountFields: ['amountVnd'] },
  DisbursementDeadlineExtended: { schemaVersion: 1, amountFields: [] },
  FundsHandedOver: { schemaVersion: 1, amountFields: ['amountVnd'] },
  AccountClosed: { schemaVersion: 1, amountFields: [] },
  MovementRequested: { schemaVersion: 1, amountFields: ['amountVnd', 'thresholdVnd'] },
  MovementApproved: { schemaVersion: 1, amountFields: ['amountVnd'] },
  MovementRejected: { schemaVersion: 1, amountFields: ['amountVnd'] },
  MovementRequestExpired: { schemaVersion: 1, amountFields: ['amountVnd'] },
  LocalityRegistered: { schemaVersion: 1, amountFields: [] },
  LocalitySucceeded: { schemaVersion: 2, amountFields: [] },
  ProgramRegistered: { schemaVersion: 1, amountFields: [] },
  ComponentProjectRegistered: { schemaVersion: 2, amountFields: [] },
  ProgramSucceeded: { schemaVersion: 1, amountFields: [] },
};

type RawData = Record<string, unknown>;

/**
 * Upcasters, per event type, from each older schema version to the next, applied in turn to
 * the stored data (amounts still decimal strings) until it has the current shape. Stored events
 * are never rewritten: an old event is read in the new shape every time it is read.
 */
const upcasters: Partial<Record<DomainEventType, Readonly<Record<number, (data: RawData) => RawData>>>> = {
  // v2 added `deadline` to the credit of a hand-over; a version 1 credit is never one.
  FundsReceived: { 1: (data) => data },
  // v2 split the official note into the kind of change and the note itself.
  LocalitySucceeded: {
    1: ({ change, ...rest }) => ({ ...rest, kind: successionKindOfNote(typeof change === 'string' ? change : ''), note: typeof change === 'string' ? change : null }),
  },
  // v2 added the plan years a component runs; version 1 components run as long as their program.
  ComponentProjectRegistered: { 1: (data) => ({ ...data, planYearFrom: null, planYearTo: null }) },
};

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.prototype.hasOwnProperty.call(eventCatalogue, type);
}

type StoredData = { [key: string]: string | number | boolean | null };

/** The stored form of an event's data: amounts become decimal strings. */
export function encodeEventData(event: DomainEvent): StoredData {
  const entry = eventCatalogue[event.type];
  const stored: StoredData = {};
  for (const [key, value] of Object.entries(event.data)) {
    stored[key] = entry.amountFields.includes(key) ? (value as bigint).toString() : (value as string | number | boolean | null);
  }
  return stored;
}

/** Thrown when stored data does not match the catalogue: a broken invariant, not a client error. */
export class UnknownStoredEventError extends Error {
  override readonly name = 'UnknownStoredEventError';
}

/**
 * Decodes a stored event into its domain form, upcasting it first when it was stored in an older
 * schema version. A version this build has no upcaster from (a newer one, or nonsense) is
 * refused loudly rather than misread. An event stored without a version is read as current.
 */
export function decodeEvent(type: string, data: Record<string, unknown>, schemaVersion: unknown): DomainEvent {
  if (!isDomainEventType(type)) throw new UnknownStoredEventError(`unknown event type ${type}`);
  const entry = eventCatalogue[type];
  let upcast: RawData = data;
  if (schemaVersion !== undefined && schemaVersion !== entry.schemaVersion) {
    const unreadable = () => new UnknownStoredEventError(`event type ${type} has schema version ${String(schemaVersion)}; this build reads ${entry.schemaVersion} and upcasts from no other`);
    if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > entry.schemaVersion) throw unreadable();
    for (let version = schemaVersion; version < entry.schemaVersion; version += 1) {
      const step = upcasters[type]?.[version];
      if (!step) throw unreadable();
      upcast = step(upcast);
    }
  }
  const decoded: Record<string, unknown> = { ...upcast };
  for (const field of entry.amountFields) {
    const text = upcast[field];
    // `BigInt` alone would read "" as 0, " 12" as 12 and "0x10" as 16: stored amounts are held to
    // the same whole-number form the codec writes, so a corrupt row stops the reader instead.
    const amountVnd = typeof text === 'string' ? parseVnd(text) : undefined;
    if (amountVnd === undefined) throw new UnknownStoredEventError(`event ${type}: ${field} is not a decimal string of whole đồng`);
    decoded[field] = amountVnd;
  }
  return { type, data: decoded } as DomainEvent;
}
