/*
 * The checks several account commands share. A check returns the refusal it finds, or undefined;
 * a decision lists its checks in the order they apply, through firstRefusal. A check only one
 * command needs sits in that command's decision file instead.
 */
import { accountId, type AccountKey } from './account-id';
import type { AccountDecision } from './account.commands';
import { balanceVndMax, type AccountState } from './account.state';
import { amountVndMax, isAmountWithinBounds, type Vnd } from './money';
import { refuse } from './refusals';
import type { RegistryView } from './registry';

export function firstRefusal(...checks: (() => AccountDecision | undefined)[]): AccountDecision | undefined {
  for (const check of checks) {
    const result = check();
    if (result) return result;
  }
  return undefined;
}

export function checkAmount(amountVnd: Vnd): AccountDecision | undefined {
  if (isAmountWithinBounds(amountVnd)) return undefined;
  return refuse('INVALID_AMOUNT', 'the amount must be a whole number of đồng between 1 and the per-command maximum', {
    amountVnd: amountVnd.toString(),
    amountVndMax: amountVndMax.toString(),
  });
}

/** Checks that an account names a known program, component and locality for its plan year. */
export function checkAccountKnown(registry: RegistryView, key: AccountKey, role: string): AccountDecision | undefined {
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

export function checkOpened(state: AccountState, key: AccountKey): AccountDecision | undefined {
  if (state.opened) return undefined;
  return refuse('ACCOUNT_NOT_FOUND', `account ${accountId(key)} has never received money`, { accountId: accountId(key) });
}

/** Money held by pending movement requests is not available; the refusal names what is held when something is. */
export function checkAvailable(state: AccountState, amountVnd: Vnd): AccountDecision | undefined {
  if (amountVnd <= state.availableVnd) return undefined;
  const figures = {
    availableVnd: state.availableVnd.toString(),
    requestedVnd: amountVnd.toString(),
    shortfallVnd: (amountVnd - state.availableVnd).toString(),
  };
  const message = 'the account does not hold enough money for this';
  if (state.heldVnd === 0n) return refuse('INSUFFICIENT_FUNDS', message, figures);
  return refuse('INSUFFICIENT_FUNDS', `${message} (some is held by movement requests waiting for approval)`, { ...figures, heldVnd: state.heldVnd.toString() });
}

/** Every credit, received or reversed, grows a figure of the account; their sum must fit the storage limit. */
export function checkBalanceLimit(state: AccountState, amountVnd: Vnd): AccountDecision | undefined {
  if (state.receivedVnd + state.reversedVnd + amountVnd <= balanceVndMax) return undefined;
  return refuse('BALANCE_LIMIT_EXCEEDED', 'the account would exceed the largest balance the ledger stores', {
    receivedVnd: state.receivedVnd.toString(),
    requestedVnd: amountVnd.toString(),
  });
}

export function checkNotSame(source: AccountKey, destination: AccountKey): AccountDecision | undefined {
  if (accountId(source) !== accountId(destination)) return undefined;
  return refuse('SAME_ACCOUNT', 'source and destination are the same account', { accountId: accountId(source) });
}

/** Money keeps its program, plan year, capital type and budget source from one account to the next. */
export function checkFundingLine(source: AccountKey, destination: AccountKey): AccountDecision | undefined {
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
