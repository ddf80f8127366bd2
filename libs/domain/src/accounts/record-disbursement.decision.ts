import { accountId, type AccountKey } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkAccountKnown, checkAmount, checkAvailable, checkOpened, firstRefusal } from '../account.rules';
import { defaultDisbursementDeadline, type AccountState } from '../account.state';
import { accept, refuse } from '../refusals';
import { normalizeVoucherRef } from '../voucher-ref';

export type RecordDisbursement = Extract<AccountCommand, { readonly kind: 'RecordDisbursement' }>;

/** A payment through the State Treasury, recorded once paid, against its voucher. */
export function decideRecordDisbursement(command: RecordDisbursement, state: AccountState, context: DecisionContext): AccountDecision {
  const self = command.account;
  const voucherRef = normalizeVoucherRef(command.voucherRef);
  const refused = firstRefusal(
    () => checkAmount(command.amountVnd),
    () => checkVoucherGiven(voucherRef),
    () => checkAccountKnown(context.registry, self, 'account'),
    () => checkOpened(state, self),
    () => checkDisbursementDate(state, self, command.disbursedOn, context.today),
    () => checkVoucherUnused(state, self, voucherRef),
    () => checkAvailable(state, command.amountVnd),
  );
  if (refused) return refused;
  return accept({
    type: 'FundsDisbursed',
    data: { disbursementId: context.firstEventId, amountVnd: command.amountVnd, voucherRef, disbursedOn: command.disbursedOn },
  });
}

function checkDisbursementDate(state: AccountState, key: AccountKey, disbursedOn: string, today: string): AccountDecision | undefined {
  // A payment not yet made is refused as such, whatever the deadline.
  if (disbursedOn > today) {
    return refuse('DISBURSEMENT_DATE_IN_FUTURE', 'a disbursement is recorded once paid: its date cannot be in the future', { disbursedOn, today });
  }
  const deadline = state.deadline ?? defaultDisbursementDeadline(key);
  if (disbursedOn > deadline) {
    return refuse('DISBURSEMENT_AFTER_DEADLINE', `money of plan year ${key.planYear} may be disbursed until ${deadline} unless a decision extends it`, {
      deadline,
      disbursedOn,
    });
  }
  const planYearStart = `${key.planYear}-01-01`;
  if (disbursedOn < planYearStart) {
    return refuse('DISBURSEMENT_BEFORE_PLAN_YEAR', `money of plan year ${key.planYear} cannot be disbursed before ${planYearStart}`, { planYearStart, disbursedOn });
  }
  return undefined;
}

/** A reference that is nothing but spaces and invisible characters names no voucher. */
function checkVoucherGiven(voucherRef: string): AccountDecision | undefined {
  if (voucherRef.length > 0) return undefined;
  return refuse('VOUCHER_REF_EMPTY', 'the treasury voucher reference is empty once spaces and invisible characters are removed', {});
}

/** A treasury voucher pays once, reversed or not; the refusal names the disbursement that used it. */
function checkVoucherUnused(state: AccountState, account: AccountKey, voucherRef: string): AccountDecision | undefined {
  const disbursementId = state.vouchers.get(voucherRef);
  if (disbursementId === undefined) return undefined;
  return refuse('DUPLICATE_VOUCHER', `treasury voucher ${voucherRef} already paid disbursement ${disbursementId} of account ${accountId(account)}`, {
    voucherRef,
    accountId: accountId(account),
    disbursementId,
  });
}
