import type { AccountKey } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkAccountKnown, checkAmount, checkAvailable, checkOpened, firstRefusal } from '../account.rules';
import { defaultDisbursementDeadline, type AccountState } from '../account.state';
import { accept, refuse } from '../refusals';

export type RecordDisbursement = Extract<AccountCommand, { readonly kind: 'RecordDisbursement' }>;

/** A payment through the State Treasury, recorded once paid, against its voucher. */
export function decideRecordDisbursement(command: RecordDisbursement, state: AccountState, context: DecisionContext): AccountDecision {
  const self = command.account;
  const refused = firstRefusal(
    () => checkAmount(command.amountVnd),
    () => checkAccountKnown(context.registry, self, 'account'),
    () => checkOpened(state, self),
    () => checkDisbursementDate(state, self, command.disbursedOn, context.today),
    () => checkVoucherUnused(state, command.voucherRef),
    () => checkAvailable(state, command.amountVnd),
  );
  if (refused) return refused;
  return accept({
    type: 'FundsDisbursed',
    data: { disbursementId: context.firstEventId, amountVnd: command.amountVnd, voucherRef: command.voucherRef, disbursedOn: command.disbursedOn },
  });
}

function checkDisbursementDate(state: AccountState, key: AccountKey, disbursedOn: string, today: string): AccountDecision | undefined {
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
  if (disbursedOn > today) {
    return refuse('DISBURSEMENT_DATE_IN_FUTURE', 'a disbursement is recorded once paid: its date cannot be in the future', { disbursedOn, today });
  }
  return undefined;
}

/** A treasury voucher pays once; a reversed disbursement frees its voucher. */
function checkVoucherUnused(state: AccountState, voucherRef: string): AccountDecision | undefined {
  if (!state.activeVouchers.has(voucherRef)) return undefined;
  return refuse('DUPLICATE_VOUCHER', `treasury voucher ${voucherRef} is already recorded on this account`, { voucherRef });
}
