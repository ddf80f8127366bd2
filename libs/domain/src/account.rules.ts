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
import { successorsOf, type RegistryView } from './registry';

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
  const component = key.componentCode === null ? undefined : program.components.get(key.componentCode);
  if (key.componentCode !== null && !component) {
    return refuse('UNKNOWN_COMPONENT', `${role}: program ${key.programCode} has no component project ${key.componentCode}`, {
      programCode: key.programCode,
      componentCode: key.componentCode,
    });
  }
  if (component && ((component.planYearFrom !== null && key.planYear < component.planYearFrom) || (component.planYearTo !== null && key.planYear > component.planYearTo))) {
    return refuse('COMPONENT_OUTSIDE_PLAN_YEARS', `${role}: component ${component.componentCode} of ${key.programCode} runs ${component.planYearFrom ?? program.planYearFrom}–${component.planYearTo ?? program.planYearTo}`, {
      programCode: key.programCode,
      componentCode: component.componentCode,
      planYear: key.planYear,
      planYearFrom: component.planYearFrom ?? program.planYearFrom,
      planYearTo: component.planYearTo ?? program.planYearTo,
    });
  }
  if (!registry.locality(key.localityId)) {
    return refuse('UNKNOWN_LOCALITY', `${role}: locality ${key.localityId} is not registered`, { localityId: key.localityId });
  }
  return undefined;
}

/**
 * A unit takes entries only while it is in force. Before its first day it did not exist; after
 * its last day it takes none once the registry knows who succeeded it (its accounts are handed
 * over to them). A unit whose end is known but whose successors are not yet registered keeps
 * taking entries, as there is no other unit to book them on.
 */
export function checkLocalityInForce(registry: RegistryView, key: AccountKey, date: string, role: string): AccountDecision | undefined {
  const locality = registry.locality(key.localityId);
  if (!locality) return undefined;
  const notYet = locality.validFrom !== null && date < locality.validFrom;
  const successors = successorsOf(registry, locality.localityId).map((succession) => succession.successorId);
  const ended = locality.validTo !== null && date > locality.validTo && successors.length > 0;
  if (!notYet && !ended) return undefined;
  return refuse(
    'LOCALITY_NOT_IN_FORCE',
    notYet
      ? `${role}: ${locality.localityId} ${locality.name} exists from ${locality.validFrom}; an entry dated ${date} belongs to the unit in force then`
      : `${role}: ${locality.localityId} ${locality.name} ceased to exist after ${locality.validTo}; entries dated ${date} go to its successors (${successors.join(', ')}), which its accounts are handed over to`,
    { localityId: locality.localityId, date, validFrom: locality.validFrom, validTo: locality.validTo, successors: successors.join(',') },
  );
}

/** A closed account takes no new movement: only the credits of transfers debited towards it, and a hand-over of what they bring. */
export function checkNotClosed(state: AccountState, key: AccountKey): AccountDecision | undefined {
  if (!state.closed) return undefined;
  return refuse('ACCOUNT_CLOSED', `account ${accountId(key)} was closed on ${state.closedOn} and handed over to ${state.successorAccountIds.join(', ') || 'no account'}; record movements on its successor`, {
    accountId: accountId(key),
    closedOn: state.closedOn,
    successorAccountIds: state.successorAccountIds.join(','),
  });
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

/**
 * What the debit of a transfer between two named accounts must find, in this order: a positive
 * amount, both accounts known, distinct and on one funding line, the direction the movement's
 * kind allows (`checkDirection`: down for an allocation, sideways for a reallocation), an opened
 * source and enough available money.
 */
export function checkTransferDebit(
  registry: RegistryView,
  state: AccountState,
  source: AccountKey,
  destination: AccountKey,
  amountVnd: Vnd,
  checkDirection: (registry: RegistryView, source: AccountKey, destination: AccountKey) => AccountDecision | undefined,
): AccountDecision | undefined {
  return firstRefusal(
    () => checkAmount(amountVnd),
    () => checkAccountKnown(registry, source, 'source'),
    () => checkAccountKnown(registry, destination, 'destination'),
    () => checkNotSame(source, destination),
    () => checkFundingLine(source, destination),
    () => checkDirection(registry, source, destination),
    () => checkOpened(state, source),
    () => checkAvailable(state, amountVnd),
  );
}

