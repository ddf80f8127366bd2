import { lastDayOf, monthOf, monthsBefore, type EffectiveMonth } from '@ledger/read-models';

/** A month (`2024-03`) or a quarter (`2024-Q1`): the report is as of its last day, by effective date. */
export const periodPattern = /^(20[0-9]{2})-(0[1-9]|1[0-2]|Q[1-4])$/;

export interface ReportPeriod {
  /** As written: `2024-03` or `2024-Q1`. */
  readonly label: string;
  readonly kind: 'month' | 'quarter';
  /** The last month the period covers. */
  readonly throughMonth: EffectiveMonth;
  /** Its last day: the report counts events dated on or before it. */
  readonly asOf: string;
}

function labelOf(kind: 'month' | 'quarter', month: EffectiveMonth): string {
  const year = Math.floor(month / 100);
  const monthNumber = month % 100;
  return kind === 'month' ? `${year}-${String(monthNumber).padStart(2, '0')}` : `${year}-Q${Math.ceil(monthNumber / 3)}`;
}

function periodOf(kind: 'month' | 'quarter', throughMonth: EffectiveMonth): ReportPeriod {
  return { label: labelOf(kind, throughMonth), kind, throughMonth, asOf: lastDayOf(throughMonth) };
}

/** The period a `period` parameter names (it has passed `periodPattern`). */
export function parsePeriod(text: string): ReportPeriod {
  const match = periodPattern.exec(text);
  if (!match) throw new Error(`not a period: ${text}`);
  const year = Number(match[1]);
  const part = match[2];
  if (part.startsWith('Q')) return periodOf('quarter', monthOf(year, Number(part.slice(1)) * 3));
  return periodOf('month', monthOf(year, Number(part)));
}

/** The period before: the month before a month, the quarter before a quarter. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  return periodOf(period.kind, monthsBefore(period.throughMonth, period.kind === 'month' ? 1 : 3));
}

/** The same period a year earlier. */
export function yearEarlierPeriod(period: ReportPeriod): ReportPeriod {
  return periodOf(period.kind, monthsBefore(period.throughMonth, 12));
}
