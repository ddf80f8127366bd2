import type { JsonObject } from '@ledger/event-store';
import { vietnamDayOf } from '@ledger/read-models';

export { vietnamDayOf };

/**
 * The three views of the past an auditor asks for, each computed from the events themselves:
 * - `effective-date` (`asOfDate=D`): what had happened by D — every event whose effective date is
 *   on or before D, whenever it was recorded (a late entry for D recorded in March counts);
 * - `recorded-time` (`knownAt=T`): what the ledger had recorded by T — every event the store had
 *   stamped at or before T, whatever date it takes effect;
 * - `position` (`asOfPosition=P`): every event up to P in the store's order: what an answer that
 *   named position P reflected, so that a report can be produced again byte for byte.
 */
export type AsOfView =
  | { readonly kind: 'effective-date'; readonly asOfDate: string }
  | { readonly kind: 'recorded-time'; readonly knownAt: Date }
  | { readonly kind: 'position'; readonly asOfPosition: bigint };

/** What a view needs of an event: its position, its store time and its effective date. */
export interface TimedEvent {
  readonly position: bigint;
  readonly recordedAt: Date;
  readonly metadata: JsonObject;
}

const vietnamOffsetMs = 7 * 60 * 60 * 1000;

/** The first instant after day D in Vietnam: an event recorded before it was known on D. */
export function endOfVietnamDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * 60 * 60 * 1000 - vietnamOffsetMs);
}

/** The date an event takes effect: its metadata's `effectiveDate`, or for an event without one the day it was recorded. */
export function effectiveDateOf(event: TimedEvent): string {
  const text = event.metadata.effectiveDate;
  return typeof text === 'string' ? text : vietnamDayOf(event.recordedAt);
}

export function inView(view: AsOfView, event: TimedEvent): boolean {
  switch (view.kind) {
    case 'effective-date':
      return effectiveDateOf(event) <= view.asOfDate;
    case 'recorded-time':
      return event.recordedAt.getTime() <= view.knownAt.getTime();
    case 'position':
      return event.position <= view.asOfPosition;
  }
}

/**
 * The other clock's view of the same moment, to show where the two differ: for `asOfDate=D`, what
 * the ledger knew at the end of D (Vietnam time); for `knownAt=T`, what had happened by T's day.
 * The events in one and not the other are the late entries and back-dated corrections. A
 * position has no other clock.
 */
export function companionView(view: AsOfView): AsOfView | undefined {
  switch (view.kind) {
    case 'effective-date':
      return { kind: 'recorded-time', knownAt: new Date(endOfVietnamDay(view.asOfDate).getTime() - 1) };
    case 'recorded-time':
      return { kind: 'effective-date', asOfDate: vietnamDayOf(view.knownAt) };
    case 'position':
      return undefined;
  }
}

/** An event on which the two clocks disagree. */
export interface ViewDifference {
  readonly position: bigint;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly effectiveDate: string;
  readonly recordedAt: string;
  /** True when the event is in the view asked for and not in the other clock's; false the other way round. */
  readonly inThisView: boolean;
  readonly lateEntry: boolean;
}

/** Differences listed in an answer; the count covers the rest. */
export const listedDifferencesMax = 100;

/** Collects, event by event, where a view and its companion disagree. */
export class DifferenceCollector {
  private readonly listed: ViewDifference[] = [];
  count = 0;
  private readonly companion: AsOfView | undefined;

  constructor(readonly view: AsOfView) {
    this.companion = companionView(view);
  }

  consider(event: TimedEvent & { readonly id: string; readonly streamId: string; readonly type: string }, inThis: boolean): void {
    if (!this.companion) return;
    if (inThis !== inView(this.companion, event)) this.differs(event, inThis);
  }

  /** Records an event the caller found in one view and not the other (`inThis`: in the view asked for). */
  differs(event: TimedEvent & { readonly id: string; readonly streamId: string; readonly type: string }, inThis: boolean): void {
    this.count += 1;
    if (this.listed.length < listedDifferencesMax) {
      this.listed.push({
        position: event.position,
        eventId: event.id,
        streamId: event.streamId,
        type: event.type,
        effectiveDate: effectiveDateOf(event),
        recordedAt: event.recordedAt.toISOString(),
        inThisView: inThis,
        lateEntry: event.metadata.lateEntry === true,
      });
    }
  }

  /** The companion view, for a caller that tests events itself. */
  get comparedView(): AsOfView | undefined {
    return this.companion;
  }

  summary(): ViewDifferences | null {
    if (!this.companion) return null;
    return { comparedWith: describeView(this.companion), count: this.count, events: [...this.listed] };
  }
}

export interface ViewDifferences {
  /** The other clock's view, as query parameters would name it. */
  readonly comparedWith: Record<string, string>;
  readonly count: number;
  readonly events: readonly ViewDifference[];
}

/** A view as the query parameters that name it. */
export function describeView(view: AsOfView): Record<string, string> {
  switch (view.kind) {
    case 'effective-date':
      return { asOfDate: view.asOfDate };
    case 'recorded-time':
      return { knownAt: view.knownAt.toISOString() };
    case 'position':
      return { asOfPosition: view.asOfPosition.toString() };
  }
}

/** What the account index keeps of an event for the views: its position, store time in ms and effective date. */
export interface IndexedTimes {
  readonly position: bigint;
  readonly recordedAtMs: number;
  readonly metadata: { readonly effectiveDate: string };
}

/** `inView` for indexed events, made once per query: the loop over a long stream tests plain fields. */
export function indexedViewTest(view: AsOfView): (event: IndexedTimes) => boolean {
  switch (view.kind) {
    case 'effective-date': {
      const date = view.asOfDate;
      return (event) => event.metadata.effectiveDate <= date;
    }
    case 'recorded-time': {
      const ms = view.knownAt.getTime();
      return (event) => event.recordedAtMs <= ms;
    }
    case 'position': {
      const position = view.asOfPosition;
      return (event) => event.position <= position;
    }
  }
}
