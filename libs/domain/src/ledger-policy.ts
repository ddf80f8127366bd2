import type { CapitalType } from './account-id';
import type { Vnd } from './money';
import type { LocalityLevel } from './registry.events';

/**
 * The limits the law and the ledger's operators set on dates, configurable per deployment.
 *
 * - Back-dating: an entry usually takes effect a few days before it is recorded (a voucher entered
 *   late); beyond `backdatingWindowDays` it must cite a decision and is marked a late entry, so
 *   the auditors' view of what the ledger knew when shows it.
 * - Extensions: investment capital of plan year Y may be disbursed until 31 January of Y+1, and an
 *   extension moves that at most to 31 December of Y+1 (Public Investment Law 2019 Art. 68; 2024
 *   Art. 72); recurrent funds carried over (chuyển nguồn) likewise run at most to the end of the
 *   next year. A special resolution of the National Assembly may allow longer.
 * - Four-eyes: a budget assignment, allocation, reallocation or return of at least the threshold of
 *   its source account's level needs a second person's approval; the request expires after
 *   `approvalExpiryHours`. No law sets the figures: each deployment (a ministry, a province) sets
 *   its own, and a level without one needs no approval.
 */
export interface LedgerPolicy {
  readonly backdatingWindowDays: number;
  /** Years after the plan year whose 31 December an ordinary extension may reach, per capital type. */
  readonly extensionYearsMax: Readonly<Record<CapitalType, number>>;
  /** The same under a special resolution of the National Assembly. */
  readonly specialResolutionExtensionYearsMax: number;
  /** Per level of the source account: movements of at least this amount wait for an approver; null where none do. */
  readonly approvalThresholdsVnd: Readonly<Record<LocalityLevel, Vnd | null>>;
  /** Hours a movement request waits for its approval before it expires. */
  readonly approvalExpiryHours: number;
}

export const defaultLedgerPolicy: LedgerPolicy = {
  backdatingWindowDays: 30,
  extensionYearsMax: { DTPT: 1, SN: 1 },
  specialResolutionExtensionYearsMax: 3,
  approvalThresholdsVnd: { nation: null, province: null, district: null, commune: null },
  approvalExpiryHours: 7 * 24,
};

const hourMs = 3_600_000;

/** The instant (ISO 8601) a request made at `now` expires. Pure arithmetic on the instant given: no clock is read. */
export function approvalExpiresAt(now: string, policy: LedgerPolicy): string {
  return new Date(Date.parse(now) + policy.approvalExpiryHours * hourMs).toISOString();
}

/** True once `now` has reached a request's expiry: it can no longer be approved. */
export function hasExpired(expiresAt: string, now: string): boolean {
  return Date.parse(now) >= Date.parse(expiresAt);
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

function dayNumber(date: string): number {
  const match = isoDate.exec(date);
  if (!match) throw new RangeError(`not an ISO date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / dayMs;
}

/** Whole days from `earlier` to `later` (negative when `later` comes first). */
export function daysBetween(earlier: string, later: string): number {
  return dayNumber(later) - dayNumber(earlier);
}

/** How many days late an entry taking effect on `effectiveDate` is when recorded on `today`; 0 within the window. */
export function lateEntryDays(effectiveDate: string, today: string, policy: LedgerPolicy): number {
  const days = daysBetween(effectiveDate, today);
  return days > policy.backdatingWindowDays ? days : 0;
}

/** The last day an extension may name for money of `planYear`. */
export function extensionDeadlineMax(planYear: number, capitalType: CapitalType, specialResolution: boolean, policy: LedgerPolicy): string {
  const years = specialResolution ? policy.specialResolutionExtensionYearsMax : policy.extensionYearsMax[capitalType];
  return `${planYear + years}-12-31`;
}
