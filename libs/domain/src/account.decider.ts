import { accountId, sameFundingLine, type AccountKey } from './account-id';
import type { AccountEvent, FundsReceived, TransferKind } from './account.events';
import { amountVndMax, isAmountWithinBounds, type Vnd } from './money';
import { accept, refuse, type Decision } from './refusals';
import { PersistentMap, PersistentSet } from './persistent-collections';
import { isStrictlyBelow, nationLocalityId, type RegistryView } from './registry';

/** The largest balance any figure of one account may reach: the signed 64-bit storage limit. */
export const balanceVndMax: Vnd = 9_223_372_036_854_775_807n;

export interface DisbursementRecord {
  readonly amountVnd: Vnd;
  readonly voucherRef: string;
  readonly disbursedOn: string;
  readonly reversed: boolean;
}

/** One account's state, folded from its own events only. */
export interface AccountState {
  readonly opened: boolean;
  readonly receivedVnd: Vnd;
  readonly allocatedOutVnd: Vnd;
  readonly reallocatedOutVnd: Vnd;
  readonly returnedVnd: Vnd;
  readonly disbursedVnd: Vnd;
  readonly reversedVnd: Vnd;
  /** Credits minus debits; never below zero. */
  readonly availableVnd: Vnd;
  /** The last day money of this account may be disbursed (ISO date), or null before the account opens. */
  readonly deadline: string | null;
  readonly disbursements: PersistentMap<string, DisbursementRecord>;
  /** Vouchers of disbursements that stand (not reversed): a treasury voucher pays once. */
  readonly activeVouchers: PersistentSet<string>;
  /** Net money received from each funding account (received from it minus returned to it). */
  readonly fundingByAccount: PersistentMap<string, Vnd>;
  /** Transfers already credited here, so a credit is never applied twice. */
  readonly receivedTransfers: PersistentSet<string>;
}

export const initialAccountState: AccountState = {
  opened: false,
  receivedVnd: 0n,
  allocatedOutVnd: 0n,
  reallocatedOutVnd: 0n,
  returnedVnd: 0n,
  disbursedVnd: 0n,
  reversedVnd: 0n,
  availableVnd: 0n,
  deadline: null,
  disbursements: PersistentMap.empty(),
  activeVouchers: PersistentSet.empty(),
  fundingByAccount: PersistentMap.empty(),
  receivedTransfers: PersistentSet.empty(),
};

/**
 * The normal disbursement deadline of a plan year's money: investment capital may be paid
 * until 31 January of the next year; recurrent funds until the end of the plan year. A later
 * date needs an extension decision (`DisbursementDeadlineExtended`).
 */
export function defaultDisbursementDeadline(key: Pick<AccountKey, 'planYear' | 'capitalType'>): string {
  return key.capitalType === 'DTPT' ? `${key.planYear + 1}-01-31` : `${key.planYear}-12-31`;
}

export type AccountCommand =
  | { readonly kind: 'AssignBudget'; readonly account: AccountKey; readonly amountVnd: Vnd }
  | { readonly kind: 'AllocateFunds'; readonly account: AccountKey; readonly to: AccountKey; readonly amountVnd: Vnd }
  | { readonly kind: 'ReallocateFunds'; readonly account: AccountKey; readonly to: AccountKey; readonly amountVnd: Vnd; readonly reason: string }
  | {
      readonly kind: 'ReturnFunds';
      readonly account: AccountKey;
      /** The funding account to return to; when absent, the only account that funded this one. */
      readonly to: AccountKey | null;
      readonly amountVnd: Vnd;
      readonly reason: string;
    }
  | {
      readonly kind: 'ReceiveFunds';
      readonly account: AccountKey;
      readonly from: AccountKey;
      readonly amountVnd: Vnd;
      readonly transferId: string;
      readonly transferKind: TransferKind;
    }
  | {
      readonly kind: 'RecordDisbursement';
      readonly account: AccountKey;
      readonly amountVnd: Vnd;
      readonly voucherRef: string;
      readonly disbursedOn: string;
    }
  | { readonly kind: 'ReverseDisbursement'; readonly account: AccountKey; readonly disbursementId: string; readonly reason: string }
  | { readonly kind: 'ExtendDisbursementDeadline'; readonly account: AccountKey; readonly newDeadline: string };

export type AccountCommandKind = AccountCommand['kind'];

export interface DecisionContext {
  readonly registry: RegistryView;
  /** Today's date (ISO), from the caller's clock. */
  readonly today: string;
  /**
   * The id the decision's first event will carry, from the caller's id source. A command that
   * starts a transfer or a disbursement names it by this id, so clients can follow it.
   */
  readonly firstEventId: string;
}

export type AccountDecision = Decision<AccountEvent>;

export function evolveAccount(state: AccountState, event: AccountEvent, key: AccountKey): AccountState {
  const opened = state.opened ? state : { ...state, opened: true, deadline: defaultDisbursementDeadline(key) };
  switch (event.type) {
    case 'BudgetAssigned':
      return { ...opened, receivedVnd: opened.receivedVnd + event.data.amountVnd, availableVnd: opened.availableVnd + event.data.amountVnd };
    case 'FundsReceived': {
      // Only an allocation makes the sender a funder that unspent money can be returned to.
      const fundingByAccount =
        event.data.transferKind === 'allocation'
          ? opened.fundingByAccount.set(event.data.fromAccountId, (opened.fundingByAccount.get(event.data.fromAccountId) ?? 0n) + event.data.amountVnd)
          : opened.fundingByAccount;
      const receivedTransfers = opened.receivedTransfers.add(event.data.transferId);
      return {
        ...opened,
        receivedVnd: opened.receivedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd + event.data.amountVnd,
        fundingByAccount,
        receivedTransfers,
      };
    }
    case 'FundsAllocated':
      return { ...opened, allocatedOutVnd: opened.allocatedOutVnd + event.data.amountVnd, availableVnd: opened.availableVnd - event.data.amountVnd };
    case 'FundsReallocated':
      return { ...opened, reallocatedOutVnd: opened.reallocatedOutVnd + event.data.amountVnd, availableVnd: opened.availableVnd - event.data.amountVnd };
    case 'FundsReturned': {
      const fundingByAccount = opened.fundingByAccount.set(event.data.toAccountId, (opened.fundingByAccount.get(event.data.toAccountId) ?? 0n) - event.data.amountVnd);
      return {
        ...opened,
        returnedVnd: opened.returnedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd - event.data.amountVnd,
        fundingByAccount,
      };
    }
    case 'FundsDisbursed': {
      const disbursements = opened.disbursements.set(event.data.disbursementId, {
        amountVnd: event.data.amountVnd,
        voucherRef: event.data.voucherRef,
        disbursedOn: event.data.disbursedOn,
        reversed: false,
      });
      return {
        ...opened,
        disbursedVnd: opened.disbursedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd - event.data.amountVnd,
        disbursements,
        activeVouchers: opened.activeVouchers.add(event.data.voucherRef),
      };
    }
    case 'DisbursementReversed': {
      const original = opened.disbursements.get(event.data.disbursementId);
      const disbursements = original ? opened.disbursements.set(event.data.disbursementId, { ...original, reversed: true }) : opened.disbursements;
      const activeVouchers = original ? opened.activeVouchers.delete(original.voucherRef) : opened.activeVouchers;
      return {
        ...opened,
        reversedVnd: opened.reversedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd + event.data.amountVnd,
        disbursements,
        activeVouchers,
      };
    }
    case 'DisbursementDeadlineExtended':
      return { ...opened, deadline: event.data.newDeadline };
  }
}

export function foldAccount(key: AccountKey, events: readonly AccountEvent[], state: AccountState = initialAccountState): AccountState {
  return events.reduce((current, event) => evolveAccount(current, event, key), state);
}

/** Checks that an account names a known program, component and locality for its plan year. */
function checkAccountKnown(registry: RegistryView, key: AccountKey, role: string): AccountDecision | undefined {
  const program = registry.program(key.programCode);
  if (!program) return refuse('UNKNOWN_PROGRAM', `${role}: program ${key.programCode} is not registered`, { programCode: key.programCode });
  if (key.planYear < program.planYearFrom || key.planYear > program.planYearTo) {
    return refuse('PLAN_YEAR_OUTSIDE_PROGRAM', `${role}: program ${key.programCode} runs ${program.planYearFrom}–${program.planYearTo}`, {
      programCode: key.programCode,
      planYear: key.planYear,
      planYearFrom: program.planYearFrom,
      planYearTo: program.planYearTo,
    });
  }
  if (key.componentCode !== null && !program.components.has(key.componentCode)) {
    return refuse('UNKNOWN_COMPONENT', `${role}: program ${key.programCode} has no component project ${key.componentCode}`, {
      programCode: key.programCode,
      componentCode: key.componentCode,
    });
  }
  if (!registry.locality(key.localityId)) {
    return refuse('UNKNOWN_LOCALITY', `${role}: locality ${key.localityId} is not registered`, { localityId: key.localityId });
  }
  return undefined;
}

function checkAmount(amountVnd: Vnd): AccountDecision | undefined {
  if (isAmountWithinBounds(amountVnd)) return undefined;
  return refuse('INVALID_AMOUNT', 'the amount must be a whole number of đồng between 1 and the per-command maximum', {
    amountVnd: amountVnd.toString(),
    amountVndMax: amountVndMax.toString(),
  });
}

function checkOpened(state: AccountState, key: AccountKey): AccountDecision | undefined {
  if (state.opened) return undefined;
  return refuse('ACCOUNT_NOT_FOUND', `account ${accountId(key)} has never received money`, { accountId: accountId(key) });
}

function checkAvailable(state: AccountState, amountVnd: Vnd): AccountDecision | undefined {
  if (amountVnd <= state.availableVnd) return undefined;
  return refuse('INSUFFICIENT_FUNDS', 'the account does not hold enough money for this', {
    availableVnd: state.availableVnd.toString(),
    requestedVnd: amountVnd.toString(),
    shortfallVnd: (amountVnd - state.availableVnd).toString(),
  });
}

function checkFundingLine(source: AccountKey, destination: AccountKey): AccountDecision | undefined {
  const checks = [
    ['PROGRAM_MISMATCH', 'programCode', source.programCode, destination.programCode],
    ['PLAN_YEAR_MISMATCH', 'planYear', source.planYear, destination.planYear],
    ['CAPITAL_TYPE_MISMATCH', 'capitalType', source.capitalType, destination.capitalType],
    ['BUDGET_SOURCE_MISMATCH', 'budgetSource', source.budgetSource, destination.budgetSource],
  ] as const;
  for (const [code, field, sourceValue, destinationValue] of checks) {
    if (sourceValue !== destinationValue) {
      return refuse(code, `money keeps its ${field} on the way: source has ${sourceValue}, destination ${destinationValue}`, {
        field,
        source: sourceValue,
        destination: destinationValue,
      });
    }
  }
  return undefined;
}

function firstRefusal(...checks: (() => AccountDecision | undefined)[]): AccountDecision | undefined {
  for (const check of checks) {
    const result = check();
    if (result) return result;
  }
  return undefined;
}

/**
 * Allocation goes down: to a locality strictly below (keeping the component, if any), or from a
 * locality's general account to one of the program's component projects at the same locality.
 */
function checkDownward(registry: RegistryView, source: AccountKey, destination: AccountKey): AccountDecision | undefined {
  const sameLocality = source.localityId === destination.localityId;
  const toComponentHere = sameLocality && source.componentCode === null && destination.componentCode !== null;
  const toLocalityBelow =
    isStrictlyBelow(registry, source.localityId, destination.localityId) &&
    (source.componentCode === null || source.componentCode === destination.componentCode);
  if (toComponentHere || toLocalityBelow) return undefined;
  return refuse('DESTINATION_NOT_BELOW_SOURCE', 'allocation moves money down the locality tree or to a component project', {
    sourceLocalityId: source.localityId,
    destinationLocalityId: destination.localityId,
    sourceComponentCode: source.componentCode,
    destinationComponentCode: destination.componentCode,
  });
}

/** Reallocation goes sideways: between component projects of one locality, or between sibling localities. */
function checkSideways(registry: RegistryView, source: AccountKey, destination: AccountKey): AccountDecision | undefined {
  const sameLocality = source.localityId === destination.localityId;
  const sourceParent = registry.locality(source.localityId)?.parentId ?? null;
  const destinationParent = registry.locality(destination.localityId)?.parentId ?? null;
  const siblings = !sameLocality && sourceParent !== null && sourceParent === destinationParent;
  if ((sameLocality && source.componentCode !== destination.componentCode) || siblings) return undefined;
  return refuse('REALLOCATION_NOT_SIDEWAYS', 'reallocation moves money between component projects of one locality or between localities under the same parent', {
    sourceLocalityId: source.localityId,
    destinationLocalityId: destination.localityId,
  });
}

function checkNotSame(source: AccountKey, destination: AccountKey): AccountDecision | undefined {
  if (accountId(source) !== accountId(destination)) return undefined;
  return refuse('SAME_ACCOUNT', 'source and destination are the same account', { accountId: accountId(source) });
}

export function decideAccount(command: AccountCommand, state: AccountState, context: DecisionContext): AccountDecision {
  const { registry } = context;
  const self = command.account;
  switch (command.kind) {
    case 'AssignBudget': {
      const refused = firstRefusal(
        () => checkAmount(command.amountVnd),
        () => checkAccountKnown(registry, self, 'account'),
        () => checkAssignmentLevel(registry, self),
        () => checkBalanceLimit(state, command.amountVnd),
      );
      return refused ?? accept({ type: 'BudgetAssigned', data: { amountVnd: command.amountVnd } });
    }
    case 'AllocateFunds':
    case 'ReallocateFunds': {
      const refused = firstRefusal(
        () => checkAmount(command.amountVnd),
        () => checkAccountKnown(registry, self, 'source'),
        () => checkAccountKnown(registry, command.to, 'destination'),
        () => checkNotSame(self, command.to),
        () => checkFundingLine(self, command.to),
        () => (command.kind === 'AllocateFunds' ? checkDownward(registry, self, command.to) : checkSideways(registry, self, command.to)),
        () => checkOpened(state, self),
        () => checkAvailable(state, command.amountVnd),
      );
      if (refused) return refused;
      const toAccountId = accountId(command.to);
      return command.kind === 'AllocateFunds'
        ? accept({ type: 'FundsAllocated', data: { transferId: context.firstEventId, toAccountId, amountVnd: command.amountVnd } })
        : accept({ type: 'FundsReallocated', data: { transferId: context.firstEventId, toAccountId, amountVnd: command.amountVnd, reason: command.reason } });
    }
    case 'ReturnFunds':
      return decideReturn(command, state, context);
    case 'ReceiveFunds': {
      // The credit half of a transfer whose debit is already recorded: it must not be refused
      // for want of money, and a transfer already credited is a no-op (the process manager retries).
      if (state.receivedTransfers.has(command.transferId)) return accept();
      const refused = firstRefusal(() => checkAmount(command.amountVnd), () => checkBalanceLimit(state, command.amountVnd));
      if (refused) return refused;
      const received: FundsReceived = {
        type: 'FundsReceived',
        data: { transferId: command.transferId, fromAccountId: accountId(command.from), amountVnd: command.amountVnd, transferKind: command.transferKind },
      };
      return accept(received);
    }
    case 'RecordDisbursement': {
      const refused = firstRefusal(
        () => checkAmount(command.amountVnd),
        () => checkAccountKnown(registry, self, 'account'),
        () => checkOpened(state, self),
        () => checkDisbursementDate(state, self, command.disbursedOn, context.today),
        () =>
          state.activeVouchers.has(command.voucherRef)
            ? refuse('DUPLICATE_VOUCHER', `treasury voucher ${command.voucherRef} is already recorded on this account`, { voucherRef: command.voucherRef })
            : undefined,
        () => checkAvailable(state, command.amountVnd),
      );
      if (refused) return refused;
      return accept({
        type: 'FundsDisbursed',
        data: { disbursementId: context.firstEventId, amountVnd: command.amountVnd, voucherRef: command.voucherRef, disbursedOn: command.disbursedOn },
      });
    }
    case 'ReverseDisbursement': {
      const original = state.disbursements.get(command.disbursementId);
      if (!original) {
        return refuse('UNKNOWN_DISBURSEMENT', `no disbursement ${command.disbursementId} on this account`, { disbursementId: command.disbursementId });
      }
      if (original.reversed) {
        return refuse('DISBURSEMENT_ALREADY_REVERSED', `disbursement ${command.disbursementId} is already reversed`, {
          disbursementId: command.disbursementId,
          amountVnd: original.amountVnd.toString(),
        });
      }
      // A reversal credits the account again, so it counts against the balance limit like any
      // credit; otherwise repeated disburse/reverse cycles could push the disbursed figure past
      // what a signed 64-bit column holds.
      const overLimit = checkBalanceLimit(state, original.amountVnd);
      if (overLimit) return overLimit;
      return accept({ type: 'DisbursementReversed', data: { disbursementId: command.disbursementId, amountVnd: original.amountVnd, reason: command.reason } });
    }
    case 'ExtendDisbursementDeadline': {
      const refused = firstRefusal(() => checkAccountKnown(registry, self, 'account'), () => checkOpened(state, self));
      if (refused) return refused;
      const previousDeadline = state.deadline ?? defaultDisbursementDeadline(self);
      if (command.newDeadline <= previousDeadline) {
        return refuse('DEADLINE_NOT_LATER', 'an extension must move the deadline later', { currentDeadline: previousDeadline, requestedDeadline: command.newDeadline });
      }
      return accept({ type: 'DisbursementDeadlineExtended', data: { previousDeadline, newDeadline: command.newDeadline } });
    }
  }
}

/**
 * Central-budget money (NSTW) enters the ledger at the national level only; local-budget money
 * (NSĐP) enters at a province or below. Policy credit and other sources may enter anywhere.
 */
function checkAssignmentLevel(registry: RegistryView, key: AccountKey): AccountDecision | undefined {
  const atNation = key.localityId === nationLocalityId;
  if (key.budgetSource === 'NSTW' && !atNation) {
    return refuse('ASSIGNMENT_LEVEL_INVALID', 'central-budget money is assigned at the national level and allocated down from there', {
      budgetSource: key.budgetSource,
      localityId: key.localityId,
      level: registry.locality(key.localityId)?.level ?? null,
    });
  }
  if (key.budgetSource === 'NSDP' && atNation) {
    return refuse('ASSIGNMENT_LEVEL_INVALID', 'local-budget money is assigned at a province or below', { budgetSource: key.budgetSource, localityId: key.localityId });
  }
  return undefined;
}

function checkBalanceLimit(state: AccountState, amountVnd: Vnd): AccountDecision | undefined {
  if (state.receivedVnd + state.reversedVnd + amountVnd <= balanceVndMax) return undefined;
  return refuse('BALANCE_LIMIT_EXCEEDED', 'the account would exceed the largest balance the ledger stores', {
    receivedVnd: state.receivedVnd.toString(),
    requestedVnd: amountVnd.toString(),
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

function decideReturn(command: Extract<AccountCommand, { kind: 'ReturnFunds' }>, state: AccountState, context: DecisionContext): AccountDecision {
  const self = command.account;
  const refused = firstRefusal(
    () => checkAmount(command.amountVnd),
    () => checkAccountKnown(context.registry, self, 'account'),
    () => checkOpened(state, self),
  );
  if (refused) return refused;
  const funders = [...state.fundingByAccount.entries()].filter(([, netVnd]) => netVnd > 0n);
  let targetId: string;
  if (command.to) {
    targetId = accountId(command.to);
    if (!state.fundingByAccount.has(targetId)) {
      return refuse('RETURN_TARGET_NOT_A_FUNDER', `account ${targetId} never funded this account`, { toAccountId: targetId });
    }
  } else {
    if (funders.length === 0) return refuse('NO_FUNDING_ACCOUNT', 'this account has no funding account to return money to', { accountId: accountId(self) });
    if (funders.length > 1) {
      return refuse('RETURN_TARGET_AMBIGUOUS', 'several accounts funded this one: name the one to return to', {
        fundingAccountIds: funders.map(([id]) => id).join(','),
      });
    }
    targetId = funders[0][0];
  }
  const fundedVnd = state.fundingByAccount.get(targetId) ?? 0n;
  if (command.amountVnd > fundedVnd) {
    return refuse('RETURN_EXCEEDS_FUNDING', 'cannot return more than was received from that account', {
      toAccountId: targetId,
      fundedVnd: fundedVnd.toString(),
      requestedVnd: command.amountVnd.toString(),
    });
  }
  const notEnough = checkAvailable(state, command.amountVnd);
  if (notEnough) return notEnough;
  return accept({ type: 'FundsReturned', data: { transferId: context.firstEventId, toAccountId: targetId, amountVnd: command.amountVnd, reason: command.reason } });
}
