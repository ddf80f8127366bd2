import type { ParkedEvent } from '@ledger/event-store';

/** One line per credit, the fields separated by tabs for scripts: transfer id, debit position, code, attempts, reason. */
export function parkedCreditLine(parked: ParkedEvent): string {
  return [parked.key, parked.position.toString(), parked.code, String(parked.attempts), parked.reason].join('\t');
}
