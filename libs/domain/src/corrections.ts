/**
 * The event a correction corrects, by id. A reversal names the payment it reverses by its
 * disbursement id, which is the id of the `FundsDisbursed` event that recorded it (the decider
 * takes the payment's first event id as its disbursement id); other movements stand on their own
 * (a return or a reallocation is a decision of its own, not a correction of an earlier event).
 */
export function correctedEventIdOf(event: { readonly type: string; readonly data: { readonly disbursementId?: unknown } }): string | null {
  return event.type === 'DisbursementReversed' && typeof event.data.disbursementId === 'string' ? event.data.disbursementId : null;
}
