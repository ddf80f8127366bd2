import { Matches } from 'class-validator';
import type { AsOfView, ViewDifferences } from '@ledger/audit';
import { describeView } from '@ledger/audit';
import { DateParam, PositionParam, QueryParam } from './query-param-decorators';
import { InputValidationError, isRealDate } from './validation';

/** An instant with its offset, as `knownAt` takes it: `2024-06-30T17:00:00Z`, `2024-07-01T00:00:00+07:00`. */
const instantPattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/** What the as-of parameters add to a query's parameters. */
export interface AsOfFields {
  asOfDate?: string;
  knownAt?: string;
  asOfPosition?: string;
}

/*
 * The as-of parameters, declared on each query's parameters with these decorators: at most one of
 * `asOfDate` (what had happened by that effective date), `knownAt` (what the ledger had recorded
 * by that instant) or `asOfPosition` (every event up to that position). With one, the answer is
 * computed from the events, not from today's read models. Decorators rather than a mixin class:
 * a mixin's constructor must take `any[]`.
 */

export function AsOfDateParam(): PropertyDecorator {
  return DateParam({ description: 'As of this effective date (YYYY-MM-DD): what had happened by then, computed from the events; late entries for it count', example: '2024-06-30' });
}

export function KnownAtParam(): PropertyDecorator {
  return QueryParam(
    { description: 'Known at this instant (ISO 8601 with its offset): what the ledger had recorded by then, computed from the events', example: '2024-07-01T00:00:00+07:00' },
    Matches(instantPattern, { message: 'knownAt must be an ISO 8601 instant with its offset, such as 2024-07-01T00:00:00+07:00' }),
  );
}

export function AsOfPositionParam(): PropertyDecorator {
  return PositionParam({ description: 'As of this position: every event up to it, computed from the events; a report produced with the position an earlier answer named is that answer again', example: '1234' });
}

/** The as-of parameters alone, for a query that has no others. */
export class AsOfParams implements AsOfFields {
  @AsOfDateParam() asOfDate?: string;
  @KnownAtParam() knownAt?: string;
  @AsOfPositionParam() asOfPosition?: string;
}

/** The view the parameters name, or undefined for an answer from today's read models. */
export function asOfViewFrom(params: AsOfFields): AsOfView | undefined {
  const given = (['asOfDate', 'knownAt', 'asOfPosition'] as const).filter((field) => params[field] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length > 1) throw new InputValidationError([{ field: given[1], messages: [`give one of asOfDate, knownAt and asOfPosition, not ${given.join(' and ')}`] }]);
  if (params.asOfDate !== undefined) {
    if (!isRealDate(params.asOfDate)) throw new InputValidationError([{ field: 'asOfDate', messages: ['asOfDate is not a calendar date'] }]);
    return { kind: 'effective-date', asOfDate: params.asOfDate };
  }
  if (params.knownAt !== undefined) {
    const time = Date.parse(params.knownAt);
    if (Number.isNaN(time)) throw new InputValidationError([{ field: 'knownAt', messages: ['knownAt is not a real instant'] }]);
    return { kind: 'recorded-time', knownAt: new Date(time) };
  }
  return { kind: 'position', asOfPosition: BigInt(params.asOfPosition as string) };
}

/** What an as-of answer says about itself: the view, the position it reflects, and where the other clock differs. */
export interface AsOfSummary {
  readonly view: AsOfView['kind'];
  readonly parameters: Record<string, string>;
  /** Always true: the figures come from a fold of the events, not from the read models. */
  readonly fromEvents: true;
  readonly position: string;
  readonly eventsInView: number;
  /** The events on which the other clock's view of the same moment differs (late entries, back-dated corrections); null for a position. */
  readonly differences: {
    readonly comparedWith: Record<string, string>;
    readonly count: number;
    readonly events: readonly { readonly position: string; readonly eventId: string; readonly streamId: string; readonly type: string; readonly effectiveDate: string; readonly recordedAt: string; readonly inThisView: boolean; readonly lateEntry: boolean }[];
  } | null;
}

export function asOfSummary(view: AsOfView, position: bigint, eventsInView: number, differences: ViewDifferences | null): AsOfSummary {
  return {
    view: view.kind,
    parameters: describeView(view),
    fromEvents: true,
    position: position.toString(),
    eventsInView,
    differences: differences && { ...differences, events: differences.events.map((event) => ({ ...event, position: event.position.toString() })) },
  };
}
