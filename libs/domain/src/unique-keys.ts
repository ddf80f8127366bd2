import { accountId, parseAccountStreamId } from './account-id';
import type { AccountEvent } from './account.events';
import { refuse, type Decision } from './refusals';

/**
 * Facts that must happen once across the whole ledger, not only within one account, each named by
 * a key the event store keeps unique: a treasury voucher pays one disbursement, ever.
 */
export const treasuryVoucherKeyPrefix = 'treasury-voucher/';

/** The unique keys a decision's events take. */
export function uniqueKeysOf(events: readonly AccountEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'FundsDisbursed' ? [`${treasuryVoucherKeyPrefix}${event.data.voucherRef}`] : []));
}

/** The refusal for a key another account's event already took (the store names the holder). */
export function refusalOfTakenKey(key: string, holder: { readonly streamId: string; readonly eventId: string }): Decision<never> | undefined {
  if (!key.startsWith(treasuryVoucherKeyPrefix)) return undefined;
  const voucherRef = key.slice(treasuryVoucherKeyPrefix.length);
  const account = parseAccountStreamId(holder.streamId);
  const holderAccountId = account ? accountId(account) : holder.streamId;
  return refuse('DUPLICATE_VOUCHER', `treasury voucher ${voucherRef} already paid disbursement ${holder.eventId} of account ${holderAccountId}`, {
    voucherRef,
    accountId: holderAccountId,
    disbursementId: holder.eventId,
  });
}
