import { v7 as uuidv7 } from 'uuid';

/** The clock and the id source are injected so the domain and tests never reach for globals. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A time-ordered UUIDv7: ordered ids keep the store's unique index append-only and fast. */
  next(): string;
}

export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');

export const systemClock: Clock = { now: () => new Date() };
export const uuidv7Generator: IdGenerator = { next: () => uuidv7() };

const vietnamOffsetMs = 7 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;
/** The last day computed: every command asks, and nearly all of them ask about the same day. */
let lastDay: { readonly startMs: number; readonly date: string } | undefined;

/** The calendar date in Vietnam (UTC+7, no daylight saving), where the ledger's dates are legal dates. */
export function vietnamDate(instant: Date): string {
  const shiftedMs = instant.getTime() + vietnamOffsetMs;
  const startMs = Math.floor(shiftedMs / dayMs) * dayMs;
  if (lastDay?.startMs !== startMs) lastDay = { startMs, date: new Date(startMs).toISOString().slice(0, 10) };
  return lastDay.date;
}
