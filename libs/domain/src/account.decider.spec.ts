import { accountId, type AccountKey } from './account-id';
import type { DecisionContext } from './account.commands';
import { balanceVndMax, defaultDisbursementDeadline, evolveAccount, foldAccount, initialAccountState } from './account.state';
import type { AccountEvent } from './account.events';
import { amountVndMax } from './money';
import { givenAccount, type SpecifiedCommand } from '../testing/decider-specification';
import {
  registry,
  today,
  context,
  key,
  nation,
  dienBien,
  haNoi,
  dienBienPhu,
  muongNhe,
  baDinh,
  himLam,
  xaMuongNhe,
  dienBienDa1,
  dienBienDa2,
  dienBienPhuDa1,
  dienBienPhuDa2,
  billion,
  beyondDoublePrecisionVnd,
  assigned,
  receivedFrom,
  allocatedTo,
  reallocatedTo,
  returnedTo,
  disbursed,
  reversed,
  extended,
  assign,
  allocate,
  reallocate,
  returnFunds,
  receive,
  disburse,
  reverse,
  extend,
} from '../testing/account-spec-builders';

describe('defaultDisbursementDeadline', () => {
  it('lets investment money be paid until 31 January of the next year', () => {
    expect(defaultDisbursementDeadline({ planYear: 2024, capitalType: 'DTPT' })).toBe('2025-01-31');
  });

  it('lets recurrent money be paid until the end of its plan year', () => {
    expect(defaultDisbursementDeadline({ planYear: 2024, capitalType: 'SN' })).toBe('2024-12-31');
  });
});

describe('AssignBudget', () => {
  it('assigns central-budget money at the national level', () => {
    givenAccount(nation).when(assign(nation, 729n * billion), context).then([{ type: 'BudgetAssigned', data: { amountVnd: 729n * billion } }]);
  });

  it('assigns local-budget money at a province, a district and a commune', () => {
    for (const localityId of ['11', '094', '03127']) {
      const account = key({ localityId, budgetSource: 'NSDP' });
      givenAccount(account).when(assign(account, 12n * billion), context).then([{ type: 'BudgetAssigned', data: { amountVnd: 12n * billion } }]);
    }
  });

  it('assigns policy credit and other sources at any level', () => {
    for (const [localityId, budgetSource] of [['VN', 'CSXH'], ['094', 'CSXH'], ['VN', 'KHAC'], ['03127', 'KHAC']] as const) {
      const account = key({ localityId, budgetSource });
      givenAccount(account).when(assign(account, 1n), context).then([{ type: 'BudgetAssigned', data: { amountVnd: 1n } }]);
    }
  });

  it('assigns into a component project account and a recurrent account', () => {
    const component = key({ componentCode: 'DA10' });
    givenAccount(component).when(assign(component, 5n * billion), context).then([{ type: 'BudgetAssigned', data: { amountVnd: 5n * billion } }]);
    const recurrent = key({ programCode: 'GNBV', capitalType: 'SN', componentCode: 'DA4' });
    givenAccount(recurrent).when(assign(recurrent, 433n * billion), context).then([{ type: 'BudgetAssigned', data: { amountVnd: 433n * billion } }]);
  });

  it('adds a further assignment to what the account already received', () => {
    const after = givenAccount(nation, [assigned(100n)]).when(assign(nation, 50n), context).then([assigned(50n)]);
    expect(after.receivedVnd).toBe(150n);
    expect(after.availableVnd).toBe(150n);
  });

  it('accepts exactly the per-command maximum', () => {
    givenAccount(nation).when(assign(nation, amountVndMax), context).then([assigned(amountVndMax)]);
  });

  it.each([
    ['zero', 0n],
    ['a negative amount', -1n],
    ['one đồng above the per-command maximum', amountVndMax + 1n],
  ])('refuses %s as INVALID_AMOUNT', (_label, amountVnd) => {
    givenAccount(nation)
      .when(assign(nation, amountVnd), context)
      .thenRefused('INVALID_AMOUNT', { amountVnd: amountVnd.toString(), amountVndMax: amountVndMax.toString() });
  });

  it('checks the amount before anything else', () => {
    const unknownEverything = key({ programCode: 'XYZ', localityId: '99' });
    givenAccount(unknownEverything).when(assign(unknownEverything, 0n), context).thenRefused('INVALID_AMOUNT');
  });

  it('refuses a program the registry does not know', () => {
    const account = key({ programCode: 'CTMTQG' });
    givenAccount(account).when(assign(account, 1n), context).thenRefused('UNKNOWN_PROGRAM', { programCode: 'CTMTQG' });
  });

  it.each([2020, 2026])('refuses plan year %i outside the program 2021–2025', (planYear) => {
    const account = key({ planYear });
    givenAccount(account)
      .when(assign(account, 1n), context)
      .thenRefused('PLAN_YEAR_OUTSIDE_PROGRAM', { programCode: 'DTTS', planYear, planYearFrom: 2021, planYearTo: 2025 });
  });

  it('accepts the first and last plan years of the program', () => {
    for (const planYear of [2021, 2025]) {
      const account = key({ planYear });
      givenAccount(account).when(assign(account, 1n), context).then([assigned(1n)]);
    }
  });

  it('refuses a component the program does not have, including another program’s component', () => {
    const missing = key({ componentCode: 'DA11' });
    givenAccount(missing).when(assign(missing, 1n), context).thenRefused('UNKNOWN_COMPONENT', { programCode: 'DTTS', componentCode: 'DA11' });
    const otherProgram = key({ componentCode: 'ND1' });
    givenAccount(otherProgram).when(assign(otherProgram, 1n), context).thenRefused('UNKNOWN_COMPONENT', { componentCode: 'ND1' });
  });

  it('refuses a locality the registry does not know', () => {
    const account = key({ localityId: '99', budgetSource: 'NSDP' });
    givenAccount(account).when(assign(account, 1n), context).thenRefused('UNKNOWN_LOCALITY', { localityId: '99' });
  });

  it('refuses central-budget money assigned below the nation', () => {
    givenAccount(dienBien).when(assign(dienBien, 1n), context).thenRefused('ASSIGNMENT_LEVEL_INVALID', {
      budgetSource: 'NSTW',
      localityId: '11',
      level: 'province',
    });
    givenAccount(himLam).when(assign(himLam, 1n), context).thenRefused('ASSIGNMENT_LEVEL_INVALID', { level: 'commune' });
  });

  it('refuses local-budget money assigned at the nation', () => {
    const account = key({ budgetSource: 'NSDP' });
    givenAccount(account).when(assign(account, 1n), context).thenRefused('ASSIGNMENT_LEVEL_INVALID', { budgetSource: 'NSDP', localityId: 'VN' });
  });

  it('accepts an assignment that brings the account exactly to the balance limit', () => {
    givenAccount(nation, [assigned(balanceVndMax - 5n)]).when(assign(nation, 5n), context).then([assigned(5n)]);
  });

  it('refuses an assignment that would take the account past the balance limit', () => {
    givenAccount(nation, [assigned(balanceVndMax - 5n)])
      .when(assign(nation, 6n), context)
      .thenRefused('BALANCE_LIMIT_EXCEEDED', { receivedVnd: (balanceVndMax - 5n).toString(), requestedVnd: '6' });
  });

  it('counts reversed money against the balance limit', () => {
    const history = [assigned(balanceVndMax - 10n), disbursed('d-1', 8n, 'KB-1'), reversed('d-1', 8n)];
    givenAccount(nation, history).when(assign(nation, 3n), context).thenRefused('BALANCE_LIMIT_EXCEEDED');
    givenAccount(nation, history).when(assign(nation, 2n), context).then([assigned(2n)]);
  });
});

describe('AllocateFunds', () => {
  it('allocates from the nation down to a province', () => {
    givenAccount(nation, [assigned(2_100n * billion)])
      .when(allocate(nation, dienBien, 1_300n * billion, 'tr-vn-11'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-vn-11', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 1_300n * billion } }]);
  });

  it('allocates from a province down to one of its districts', () => {
    const after = givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 200n, 'tr-11-094'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-11-094', toAccountId: 'DTTS.2024.094.DTPT.NSTW._', amountVnd: 200n } }]);
    expect(after.allocatedOutVnd).toBe(200n);
    expect(after.availableVnd).toBe(300n);
  });

  it('allocates from a locality’s general account to a component project at the same locality', () => {
    givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, dienBienDa1, 120n, 'tr-da1'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-da1', toAccountId: 'DTTS.2024.11.DTPT.NSTW.DA1', amountVnd: 120n } }]);
  });

  it('allocates to a locality two levels below, skipping the district', () => {
    givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, himLam, 80n, 'tr-11-03127'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-11-03127', toAccountId: 'DTTS.2024.03127.DTPT.NSTW._', amountVnd: 80n } }]);
  });

  it('allocates from the nation straight to a commune three levels below', () => {
    givenAccount(nation, [assigned(500n)]).when(allocate(nation, himLam, 1n), context).then([allocatedTo(himLam, 1n, 'tr-1')]);
  });

  it('allocates a component project’s money to the same component project below', () => {
    givenAccount(dienBienDa1, [receivedFrom(dienBien, 500n, 'tr-0')])
      .when(allocate(dienBienDa1, dienBienPhuDa1, 500n), context)
      .then([allocatedTo(dienBienPhuDa1, 500n, 'tr-1')]);
  });

  it('allocates a general account’s money to a component project below', () => {
    givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, dienBienPhuDa2, 10n), context)
      .then([allocatedTo(dienBienPhuDa2, 10n, 'tr-1')]);
  });

  it('allocates everything available, leaving nothing', () => {
    const after = givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0'), allocatedTo(dienBienPhu, 200n, 'tr-a')])
      .when(allocate(dienBien, muongNhe, 300n, 'tr-b'), context)
      .then([allocatedTo(muongNhe, 300n, 'tr-b')]);
    expect(after.availableVnd).toBe(0n);
    expect(after.allocatedOutVnd).toBe(500n);
  });

  it('keeps amounts above 2^53 exact', () => {
    const after = givenAccount(nation, [assigned(beyondDoublePrecisionVnd + 2n)])
      .when(allocate(nation, dienBien, beyondDoublePrecisionVnd), context)
      .then([allocatedTo(dienBien, beyondDoublePrecisionVnd, 'tr-1')]);
    expect(after.availableVnd).toBe(2n);
  });

  it.each([
    ['zero', 0n],
    ['a negative amount', -100n],
    ['an amount above the per-command maximum', amountVndMax + 1n],
  ])('refuses %s as INVALID_AMOUNT', (_label, amountVnd) => {
    givenAccount(nation, [assigned(amountVndMax)])
      .when(allocate(nation, dienBien, amountVnd), context)
      .thenRefused('INVALID_AMOUNT', { amountVnd: amountVnd.toString() });
  });

  it('refuses when the account never received money', () => {
    givenAccount(dienBien)
      .when(allocate(dienBien, dienBienPhu, 1n), context)
      .thenRefused('ACCOUNT_NOT_FOUND', { accountId: 'DTTS.2024.11.DTPT.NSTW._' });
  });

  it('refuses more than is available, with the figures as decimal strings', () => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 150n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '100', requestedVnd: '150', shortfallVnd: '50' });
  });

  it('counts earlier debits when checking what is available', () => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0'), allocatedTo(dienBienPhu, 60n, 'tr-a')])
      .when(allocate(dienBien, muongNhe, 41n, 'tr-b'), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '40', requestedVnd: '41', shortfallVnd: '1' });
  });

  it('reports a shortfall above 2^53 exactly', () => {
    givenAccount(nation, [assigned(beyondDoublePrecisionVnd)])
      .when(allocate(nation, dienBien, beyondDoublePrecisionVnd + 1n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '9007199254740993', requestedVnd: '9007199254740994', shortfallVnd: '1' });
  });

  it('refuses an allocation to the account itself', () => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')])
      .when(allocate(dienBien, dienBien, 1n), context)
      .thenRefused('SAME_ACCOUNT', { accountId: 'DTTS.2024.11.DTPT.NSTW._' });
  });

  it.each([
    ['PROGRAM_MISMATCH', key({ localityId: '094', programCode: 'NTM' }), { field: 'programCode', source: 'DTTS', destination: 'NTM' }],
    ['PLAN_YEAR_MISMATCH', key({ localityId: '094', planYear: 2023 }), { field: 'planYear', source: 2024, destination: 2023 }],
    ['CAPITAL_TYPE_MISMATCH', key({ localityId: '094', capitalType: 'SN' }), { field: 'capitalType', source: 'DTPT', destination: 'SN' }],
    ['BUDGET_SOURCE_MISMATCH', key({ localityId: '094', budgetSource: 'NSDP' }), { field: 'budgetSource', source: 'NSTW', destination: 'NSDP' }],
  ] as const)('refuses %s: money keeps its funding line on the way down', (code, destination, details) => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')]).when(allocate(dienBien, destination, 1n), context).thenRefused(code, details);
  });

  it('refuses an unknown source program, component or locality before looking at the destination', () => {
    const unknownProgram = key({ programCode: 'XYZ', localityId: '11' });
    givenAccount(unknownProgram).when(allocate(unknownProgram, dienBienPhu, 1n), context).thenRefused('UNKNOWN_PROGRAM', { programCode: 'XYZ' });
    const unknownLocality = key({ localityId: '12' });
    givenAccount(unknownLocality, [assigned(100n)])
      .when(allocate(unknownLocality, dienBienPhu, 1n), context)
      .thenRefused('UNKNOWN_LOCALITY', { localityId: '12' });
  });

  it('refuses a destination at an unknown locality, of an unknown component or outside the program years', () => {
    const given = givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')]);
    given.when(allocate(dienBien, key({ localityId: '097' }), 1n), context).thenRefused('UNKNOWN_LOCALITY', { localityId: '097' });
    given.when(allocate(dienBien, key({ localityId: '094', componentCode: 'DA99' }), 1n), context).thenRefused('UNKNOWN_COMPONENT', { componentCode: 'DA99' });
    given.when(allocate(dienBien, key({ localityId: '094', programCode: 'ABC' }), 1n), context).thenRefused('UNKNOWN_PROGRAM', { programCode: 'ABC' });
  });

  it.each([
    ['upward, from a district to its province', dienBienPhu, dienBien],
    ['upward, from a province to the nation', dienBien, nation],
    ['sideways, between sibling districts', dienBienPhu, muongNhe],
    ['sideways, between provinces', dienBien, haNoi],
    ['to another province’s district', dienBien, baDinh],
    ['to a commune of a sibling district', dienBienPhu, xaMuongNhe],
    ['from a component project to another component project below', dienBienDa1, dienBienPhuDa2],
    ['from a component project to another component project at the same locality', dienBienDa1, dienBienDa2],
    ['from a component project to the general account below', dienBienDa1, dienBienPhu],
    ['from a component project back to its locality’s general account', dienBienDa1, dienBien],
  ])('refuses an allocation %s', (_label, source, destination) => {
    givenAccount(source, [receivedFrom(nation, 100n, 'tr-0')])
      .when(allocate(source, destination, 1n), context)
      .thenRefused('DESTINATION_NOT_BELOW_SOURCE', {
        sourceLocalityId: source.localityId,
        destinationLocalityId: destination.localityId,
        sourceComponentCode: source.componentCode,
        destinationComponentCode: destination.componentCode,
      });
  });
});

describe('ReallocateFunds', () => {
  it('moves money between sibling districts under a decision', () => {
    const after = givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0')])
      .when(reallocate(dienBienPhu, muongNhe, 100n, 'tr-094-096', 'QĐ 45/QĐ-UBND điều chuyển'), context)
      .then([
        {
          type: 'FundsReallocated',
          data: { transferId: 'tr-094-096', toAccountId: 'DTTS.2024.096.DTPT.NSTW._', amountVnd: 100n, reason: 'QĐ 45/QĐ-UBND điều chuyển' },
        },
      ]);
    expect(after.reallocatedOutVnd).toBe(100n);
    expect(after.allocatedOutVnd).toBe(0n);
    expect(after.availableVnd).toBe(200n);
  });

  it('moves money between component projects of one locality (Resolution 111/2024/QH15)', () => {
    givenAccount(dienBienDa1, [receivedFrom(dienBien, 300n, 'tr-0')])
      .when(reallocate(dienBienDa1, dienBienDa2, 300n, 'tr-da1-da2', 'NQ HĐND tỉnh điều chỉnh dự toán'), context)
      .then([
        {
          type: 'FundsReallocated',
          data: { transferId: 'tr-da1-da2', toAccountId: 'DTTS.2024.11.DTPT.NSTW.DA2', amountVnd: 300n, reason: 'NQ HĐND tỉnh điều chỉnh dự toán' },
        },
      ]);
  });

  it('moves money between provinces, which are siblings under the nation', () => {
    givenAccount(dienBien, [receivedFrom(nation, 300n, 'tr-0')])
      .when(reallocate(dienBien, haNoi, 1n), context)
      .then([reallocatedTo(haNoi, 1n, 'tr-1', 'NQ 111/2024/QH15')]);
  });

  it.each([
    ['down to a district', dienBien, dienBienPhu],
    ['up to the province', dienBienPhu, dienBien],
    ['to a commune of a sibling district (cousins, not siblings)', himLam, xaMuongNhe],
    ['to a district of another province', dienBienPhu, baDinh],
  ])('refuses a reallocation %s', (_label, source, destination) => {
    givenAccount(source, [receivedFrom(nation, 100n, 'tr-0')])
      .when(reallocate(source, destination, 1n), context)
      .thenRefused('REALLOCATION_NOT_SIDEWAYS', { sourceLocalityId: source.localityId, destinationLocalityId: destination.localityId });
  });

  it('refuses a reallocation to the account itself', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')]).when(reallocate(dienBienPhu, dienBienPhu, 1n), context).thenRefused('SAME_ACCOUNT');
  });

  it('refuses a reallocation that changes the funding line', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, key({ localityId: '096', budgetSource: 'NSDP' }), 1n), context)
      .thenRefused('BUDGET_SOURCE_MISMATCH', { field: 'budgetSource' });
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, key({ localityId: '096', programCode: 'GNBV' }), 1n), context)
      .thenRefused('PROGRAM_MISMATCH', { field: 'programCode' });
  });

  it('refuses more than is available, from an account that never received money, or an invalid amount', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, muongNhe, 101n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '100', requestedVnd: '101' });
    givenAccount(dienBienPhu).when(reallocate(dienBienPhu, muongNhe, 1n), context).thenRefused('ACCOUNT_NOT_FOUND');
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')]).when(reallocate(dienBienPhu, muongNhe, 0n), context).thenRefused('INVALID_AMOUNT');
  });

  it('refuses a destination at an unknown locality', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, key({ localityId: '095' }), 1n), context)
      .thenRefused('UNKNOWN_LOCALITY', { localityId: '095' });
  });
});

describe('ReturnFunds', () => {
  const fundedByProvince = [receivedFrom(dienBien, 300n, 'tr-in')];

  it('returns money to the only account that funded this one when no target is named', () => {
    const after = givenAccount(dienBienPhu, fundedByProvince)
      .when(returnFunds(dienBienPhu, null, 100n, 'tr-back', 'không có nhu cầu sử dụng'), context)
      .then([
        {
          type: 'FundsReturned',
          data: { transferId: 'tr-back', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 100n, reason: 'không có nhu cầu sử dụng' },
        },
      ]);
    expect(after.returnedVnd).toBe(100n);
    expect(after.availableVnd).toBe(200n);
    expect(after.fundingByAccount.get(accountId(dienBien))).toBe(200n);
  });

  it('returns money to a named funder among several', () => {
    const twoFunders = [receivedFrom(dienBienPhu, 200n, 'tr-a'), receivedFrom(dienBien, 100n, 'tr-b')];
    givenAccount(himLam, twoFunders).when(returnFunds(himLam, dienBien, 50n), context).then([returnedTo(dienBien, 50n, 'tr-ret', 'nộp trả')]);
  });

  it('returns exactly what remains of a funder’s money after earlier returns', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, returnedTo(dienBien, 100n, 'tr-r1')])
      .when(returnFunds(dienBienPhu, null, 200n, 'tr-r2'), context)
      .then([returnedTo(dienBien, 200n, 'tr-r2', 'nộp trả')]);
  });

  it('refuses to guess when several accounts funded this one', () => {
    const refusal = givenAccount(himLam, [receivedFrom(dienBienPhu, 200n, 'tr-a'), receivedFrom(dienBien, 100n, 'tr-b')])
      .when(returnFunds(himLam, null, 50n), context)
      .thenRefused('RETURN_TARGET_AMBIGUOUS');
    expect(String(refusal.details.fundingAccountIds).split(',').sort()).toEqual(['DTTS.2024.094.DTPT.NSTW._', 'DTTS.2024.11.DTPT.NSTW._']);
  });

  it('no longer counts a funder that has been paid back in full as a candidate', () => {
    givenAccount(himLam, [receivedFrom(dienBienPhu, 200n, 'tr-a'), receivedFrom(dienBien, 100n, 'tr-b'), returnedTo(dienBien, 100n, 'tr-r')])
      .when(returnFunds(himLam, null, 50n, 'tr-r2'), context)
      .then([returnedTo(dienBienPhu, 50n, 'tr-r2', 'nộp trả')]);
  });

  it('refuses when the account was only ever assigned money, so there is no funder', () => {
    givenAccount(nation, [assigned(100n)])
      .when(returnFunds(nation, null, 1n), context)
      .thenRefused('NO_FUNDING_ACCOUNT', { accountId: 'DTTS.2024.VN.DTPT.NSTW._' });
  });

  it('refuses when the money came by reallocation or by return, which make no funder', () => {
    givenAccount(muongNhe, [receivedFrom(dienBienPhu, 100n, 'tr-0', 'reallocation')]).when(returnFunds(muongNhe, null, 1n), context).thenRefused('NO_FUNDING_ACCOUNT');
    givenAccount(dienBien, [receivedFrom(dienBienPhu, 100n, 'tr-0', 'return')]).when(returnFunds(dienBien, null, 1n), context).thenRefused('NO_FUNDING_ACCOUNT');
  });

  it('refuses when the only funder has been paid back in full', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, returnedTo(dienBien, 300n, 'tr-r1')]).when(returnFunds(dienBienPhu, null, 1n), context).thenRefused('NO_FUNDING_ACCOUNT');
  });

  it('refuses a named target that never funded this account', () => {
    givenAccount(dienBienPhu, fundedByProvince)
      .when(returnFunds(dienBienPhu, nation, 1n), context)
      .thenRefused('RETURN_TARGET_NOT_A_FUNDER', { toAccountId: 'DTTS.2024.VN.DTPT.NSTW._' });
    givenAccount(muongNhe, [receivedFrom(dienBienPhu, 100n, 'tr-0', 'reallocation')])
      .when(returnFunds(muongNhe, dienBienPhu, 1n), context)
      .thenRefused('RETURN_TARGET_NOT_A_FUNDER', { toAccountId: 'DTTS.2024.094.DTPT.NSTW._' });
  });

  it('refuses to return more than was received from that funder', () => {
    givenAccount(dienBienPhu, fundedByProvince)
      .when(returnFunds(dienBienPhu, null, 301n), context)
      .thenRefused('RETURN_EXCEEDS_FUNDING', { toAccountId: 'DTTS.2024.11.DTPT.NSTW._', fundedVnd: '300', requestedVnd: '301' });
  });

  it('refuses a return to a named funder already paid back in full', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, returnedTo(dienBien, 300n, 'tr-r1')])
      .when(returnFunds(dienBienPhu, dienBien, 1n), context)
      .thenRefused('RETURN_EXCEEDS_FUNDING', { fundedVnd: '0', requestedVnd: '1' });
  });

  it('refuses to return money already spent', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, disbursed('d-1', 250n, 'KB-1')])
      .when(returnFunds(dienBienPhu, null, 100n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '50', requestedVnd: '100', shortfallVnd: '50' });
  });

  it('refuses an invalid amount, an unknown account and an account that never received money', () => {
    givenAccount(dienBienPhu, fundedByProvince).when(returnFunds(dienBienPhu, null, 0n), context).thenRefused('INVALID_AMOUNT');
    givenAccount(dienBienPhu, fundedByProvince).when(returnFunds(dienBienPhu, null, -5n), context).thenRefused('INVALID_AMOUNT');
    const unknown = key({ localityId: '094', componentCode: 'DA0' });
    givenAccount(unknown, fundedByProvince).when(returnFunds(unknown, null, 1n), context).thenRefused('UNKNOWN_COMPONENT');
    givenAccount(dienBienPhu).when(returnFunds(dienBienPhu, null, 1n), context).thenRefused('ACCOUNT_NOT_FOUND');
  });
});

describe('ReceiveFunds', () => {
  it('records the credit half of an allocation, opening the account and making the sender a funder', () => {
    const after = givenAccount(dienBienPhu)
      .when(receive(dienBienPhu, dienBien, 200n, 'tr-11-094'), context)
      .then([{ type: 'FundsReceived', data: { transferId: 'tr-11-094', fromAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 200n, transferKind: 'allocation' } }]);
    expect(after.opened).toBe(true);
    expect(after.receivedVnd).toBe(200n);
    expect(after.availableVnd).toBe(200n);
    expect([...after.fundingByAccount]).toEqual([['DTTS.2024.11.DTPT.NSTW._', 200n]]);
    expect([...after.receivedTransfers]).toEqual(['tr-11-094']);
  });

  it('records a reallocation and a return as credits that make no funder', () => {
    const afterReallocation = givenAccount(muongNhe)
      .when(receive(muongNhe, dienBienPhu, 50n, 'tr-r', 'reallocation'), context)
      .then([{ type: 'FundsReceived', data: { transferId: 'tr-r', fromAccountId: 'DTTS.2024.094.DTPT.NSTW._', amountVnd: 50n, transferKind: 'reallocation' } }]);
    expect(afterReallocation.fundingByAccount.size).toBe(0);
    const afterReturn = givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(receive(dienBien, dienBienPhu, 70n, 'tr-back', 'return'), context)
      .then([receivedFrom(dienBienPhu, 70n, 'tr-back', 'return')]);
    expect([...afterReturn.fundingByAccount]).toEqual([['DTTS.2024.VN.DTPT.NSTW._', 500n]]);
    expect(afterReturn.availableVnd).toBe(570n);
  });

  it('is a no-op for a transfer already credited, so the process manager can retry', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 200n, 'tr-11-094')]).when(receive(dienBienPhu, dienBien, 200n, 'tr-11-094'), context).then([]);
  });

  it('refuses an invalid amount', () => {
    givenAccount(dienBienPhu).when(receive(dienBienPhu, dienBien, 0n, 'tr-x'), context).thenRefused('INVALID_AMOUNT', { amountVnd: '0' });
  });

  it('refuses a credit that would take the account past the balance limit', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, balanceVndMax, 'tr-0')])
      .when(receive(dienBienPhu, dienBien, 1n, 'tr-1'), context)
      .thenRefused('BALANCE_LIMIT_EXCEEDED', { receivedVnd: balanceVndMax.toString(), requestedVnd: '1' });
  });
});

describe('RecordDisbursement', () => {
  const funded = [receivedFrom(dienBien, 1_000n, 'tr-0')];

  it('records a payment through the State Treasury', () => {
    const after = givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 400n, '2024-06-01', 'KB-2024-000123', 'd-42'), context)
      .then([{ type: 'FundsDisbursed', data: { disbursementId: 'd-42', amountVnd: 400n, voucherRef: 'KB-2024-000123', disbursedOn: '2024-06-01' } }]);
    expect(after.disbursedVnd).toBe(400n);
    expect(after.availableVnd).toBe(600n);
    expect(after.disbursements.get('d-42')).toEqual({ amountVnd: 400n, voucherRef: 'KB-2024-000123', disbursedOn: '2024-06-01', reversed: false });
  });

  it('records a payment on the first day of the plan year and on today', () => {
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 1n, '2024-01-01'), context).then([disbursed('d-1', 1n, 'KB-0001', '2024-01-01')]);
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 1n, today), context).then([disbursed('d-1', 1n, 'KB-0001', today)]);
  });

  it('records investment money paid on the deadline day, 31 January of the next year', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1_000n, '2025-01-31'), { registry, today: '2025-02-10' })
      .then([disbursed('d-1', 1_000n, 'KB-0001', '2025-01-31')]);
  });

  it('refuses investment money paid the day after the deadline', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1n, '2025-02-01'), { registry, today: '2025-02-10' })
      .thenRefused('DISBURSEMENT_AFTER_DEADLINE', { deadline: '2025-01-31', disbursedOn: '2025-02-01' });
  });

  it('lets recurrent money be paid until 31 December of the plan year and no later', () => {
    const recurrent = key({ localityId: '094', capitalType: 'SN' });
    const later = { registry, today: '2025-03-01' };
    givenAccount(recurrent, funded).when(disburse(recurrent, 1n, '2024-12-31'), later).then([disbursed('d-1', 1n, 'KB-0001', '2024-12-31')]);
    givenAccount(recurrent, funded)
      .when(disburse(recurrent, 1n, '2025-01-01'), later)
      .thenRefused('DISBURSEMENT_AFTER_DEADLINE', { deadline: '2024-12-31', disbursedOn: '2025-01-01' });
  });

  it('accepts a payment after the normal deadline once an extension allows it, up to the new deadline', () => {
    const extendedHistory = [...funded, extended('2025-01-31', '2025-12-31')];
    const later = { registry, today: '2026-02-01' };
    givenAccount(dienBienPhu, extendedHistory).when(disburse(dienBienPhu, 1n, '2025-07-15'), later).then([disbursed('d-1', 1n, 'KB-0001', '2025-07-15')]);
    givenAccount(dienBienPhu, extendedHistory).when(disburse(dienBienPhu, 1n, '2025-12-31'), later).then([disbursed('d-1', 1n, 'KB-0001', '2025-12-31')]);
    givenAccount(dienBienPhu, extendedHistory)
      .when(disburse(dienBienPhu, 1n, '2026-01-01'), later)
      .thenRefused('DISBURSEMENT_AFTER_DEADLINE', { deadline: '2025-12-31', disbursedOn: '2026-01-01' });
  });

  it('refuses a payment dated before the plan year began', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1n, '2023-12-31'), context)
      .thenRefused('DISBURSEMENT_BEFORE_PLAN_YEAR', { planYearStart: '2024-01-01', disbursedOn: '2023-12-31' });
  });

  it('refuses a payment dated in the future', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1n, '2024-06-16'), context)
      .thenRefused('DISBURSEMENT_DATE_IN_FUTURE', { disbursedOn: '2024-06-16', today: '2024-06-15' });
  });

  it('refuses a treasury voucher already recorded on the account', () => {
    givenAccount(dienBienPhu, [...funded, disbursed('d-1', 10n, 'KB-7')])
      .when(disburse(dienBienPhu, 10n, '2024-06-02', 'KB-7', 'd-2'), context)
      .thenRefused('DUPLICATE_VOUCHER', { voucherRef: 'KB-7' });
  });

  it('accepts a voucher again once the disbursement that used it is reversed', () => {
    const after = givenAccount(dienBienPhu, [...funded, disbursed('d-1', 10n, 'KB-7'), reversed('d-1', 10n)])
      .when(disburse(dienBienPhu, 10n, '2024-06-02', 'KB-7', 'd-2'), context)
      .then([disbursed('d-2', 10n, 'KB-7', '2024-06-02')]);
    expect([...after.activeVouchers]).toEqual(['KB-7']);
  });

  it('refuses more than is available', () => {
    givenAccount(dienBienPhu, [...funded, disbursed('d-1', 900n, 'KB-1')])
      .when(disburse(dienBienPhu, 101n, '2024-06-02', 'KB-2', 'd-2'), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '100', requestedVnd: '101', shortfallVnd: '1' });
  });

  it('refuses an account that never received money, an unknown locality and an invalid amount', () => {
    givenAccount(dienBienPhu).when(disburse(dienBienPhu, 1n), context).thenRefused('ACCOUNT_NOT_FOUND', { accountId: 'DTTS.2024.094.DTPT.NSTW._' });
    const unknown = key({ localityId: '03128' });
    givenAccount(unknown, funded).when(disburse(unknown, 1n), context).thenRefused('UNKNOWN_LOCALITY', { localityId: '03128' });
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 0n), context).thenRefused('INVALID_AMOUNT');
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, amountVndMax + 1n), context).thenRefused('INVALID_AMOUNT');
  });
});

describe('ReverseDisbursement', () => {
  const history = [receivedFrom(dienBien, 1_000n, 'tr-0'), disbursed('d-1', 400n, 'KB-1')];

  it('reverses a disbursement for its original amount, making the money available again', () => {
    const after = givenAccount(dienBienPhu, history)
      .when(reverse(dienBienPhu, 'd-1', 'kho bạc từ chối chứng từ'), context)
      .then([{ type: 'DisbursementReversed', data: { disbursementId: 'd-1', amountVnd: 400n, reason: 'kho bạc từ chối chứng từ' } }]);
    expect(after.reversedVnd).toBe(400n);
    expect(after.disbursedVnd).toBe(400n);
    expect(after.availableVnd).toBe(1_000n);
    expect(after.disbursements.get('d-1')?.reversed).toBe(true);
    expect(after.activeVouchers.size).toBe(0);
  });

  it('refuses a disbursement the account does not have', () => {
    givenAccount(dienBienPhu, history).when(reverse(dienBienPhu, 'd-9'), context).thenRefused('UNKNOWN_DISBURSEMENT', { disbursementId: 'd-9' });
    givenAccount(dienBienPhu).when(reverse(dienBienPhu, 'd-1'), context).thenRefused('UNKNOWN_DISBURSEMENT');
  });

  it('refuses to reverse a disbursement twice', () => {
    givenAccount(dienBienPhu, [...history, reversed('d-1', 400n)])
      .when(reverse(dienBienPhu, 'd-1'), context)
      .thenRefused('DISBURSEMENT_ALREADY_REVERSED', { disbursementId: 'd-1', amountVnd: '400' });
  });

  it('refuses a reversal that would take the account’s credits past the balance limit', () => {
    // Without this limit, repeated disburse/reverse cycles would grow the disbursed figure past int64.
    givenAccount(nation, [assigned(balanceVndMax), disbursed('d-1', 5n, 'KB-1')])
      .when(reverse(nation, 'd-1'), context)
      .thenRefused('BALANCE_LIMIT_EXCEEDED', { receivedVnd: balanceVndMax.toString(), requestedVnd: '5' });
  });
});

describe('ExtendDisbursementDeadline', () => {
  const funded = [receivedFrom(dienBien, 1_000n, 'tr-0')];

  it('moves the deadline later than the default, naming the deadline it replaces', () => {
    const after = givenAccount(dienBienPhu, funded)
      .when(extend(dienBienPhu, '2025-12-31'), context)
      .then([{ type: 'DisbursementDeadlineExtended', data: { previousDeadline: '2025-01-31', newDeadline: '2025-12-31' } }]);
    expect(after.deadline).toBe('2025-12-31');
  });

  it('extends an extension', () => {
    givenAccount(dienBienPhu, [...funded, extended('2025-01-31', '2025-12-31')])
      .when(extend(dienBienPhu, '2026-12-31'), context)
      .then([extended('2025-12-31', '2026-12-31')]);
  });

  it('refuses a deadline that is not later than the current one', () => {
    givenAccount(dienBienPhu, funded)
      .when(extend(dienBienPhu, '2025-01-31'), context)
      .thenRefused('DEADLINE_NOT_LATER', { currentDeadline: '2025-01-31', requestedDeadline: '2025-01-31' });
    givenAccount(dienBienPhu, funded).when(extend(dienBienPhu, '2024-12-31'), context).thenRefused('DEADLINE_NOT_LATER');
    givenAccount(dienBienPhu, [...funded, extended('2025-01-31', '2025-12-31')])
      .when(extend(dienBienPhu, '2025-06-30'), context)
      .thenRefused('DEADLINE_NOT_LATER', { currentDeadline: '2025-12-31', requestedDeadline: '2025-06-30' });
  });

  it('refuses an account that never received money or is unknown', () => {
    givenAccount(dienBienPhu).when(extend(dienBienPhu, '2025-12-31'), context).thenRefused('ACCOUNT_NOT_FOUND');
    const unknown = key({ programCode: 'CT135' });
    givenAccount(unknown, funded).when(extend(unknown, '2025-12-31'), context).thenRefused('UNKNOWN_PROGRAM');
  });
});

describe('evolveAccount', () => {
  it('starts closed, with no deadline and every figure at zero', () => {
    expect(initialAccountState).toMatchObject({
      opened: false,
      deadline: null,
      receivedVnd: 0n,
      allocatedOutVnd: 0n,
      reallocatedOutVnd: 0n,
      returnedVnd: 0n,
      disbursedVnd: 0n,
      reversedVnd: 0n,
      availableVnd: 0n,
    });
  });

  it('opens the account on its first event with the default deadline of its capital type', () => {
    expect(evolveAccount(initialAccountState, assigned(1n), nation)).toMatchObject({ opened: true, deadline: '2025-01-31' });
    const recurrent = key({ capitalType: 'SN' });
    expect(evolveAccount(initialAccountState, assigned(1n), recurrent)).toMatchObject({ opened: true, deadline: '2024-12-31' });
  });

  it('keeps every figure of a mixed history, and available = credits − debits', () => {
    const state = foldAccount(dienBien, [
      receivedFrom(nation, 1_000n, 'tr-in'),
      allocatedTo(dienBienPhu, 300n, 'tr-a'),
      reallocatedTo(haNoi, 100n, 'tr-r'),
      returnedTo(nation, 200n, 'tr-ret'),
      disbursed('d-1', 150n, 'KB-1'),
      disbursed('d-2', 50n, 'KB-2'),
      reversed('d-1', 150n),
      receivedFrom(dienBienPhu, 20n, 'tr-back', 'return'),
      extended('2025-01-31', '2025-06-30'),
    ]);
    expect(state).toMatchObject({
      opened: true,
      receivedVnd: 1_020n,
      allocatedOutVnd: 300n,
      reallocatedOutVnd: 100n,
      returnedVnd: 200n,
      disbursedVnd: 200n,
      reversedVnd: 150n,
      availableVnd: 370n,
      deadline: '2025-06-30',
    });
    expect(state.availableVnd).toBe(
      state.receivedVnd + state.reversedVnd - state.allocatedOutVnd - state.reallocatedOutVnd - state.returnedVnd - state.disbursedVnd,
    );
    expect([...state.fundingByAccount]).toEqual([['DTTS.2024.VN.DTPT.NSTW._', 800n]]);
    expect([...state.receivedTransfers].sort()).toEqual(['tr-back', 'tr-in']);
    expect([...state.activeVouchers]).toEqual(['KB-2']);
    expect(state.disbursements.get('d-1')).toEqual({ amountVnd: 150n, voucherRef: 'KB-1', disbursedOn: '2024-05-20', reversed: true });
    expect(state.disbursements.get('d-2')?.reversed).toBe(false);
  });

  it('never changes the state it folds from', () => {
    const before = foldAccount(dienBien, [receivedFrom(nation, 1_000n, 'tr-in'), disbursed('d-1', 10n, 'KB-1')]);
    const snapshot = {
      availableVnd: before.availableVnd,
      funding: [...before.fundingByAccount],
      transfers: [...before.receivedTransfers],
      vouchers: [...before.activeVouchers],
      disbursements: [...before.disbursements],
    };
    foldAccount(dienBien, [receivedFrom(nation, 5n, 'tr-2'), returnedTo(nation, 5n, 'tr-3'), reversed('d-1', 10n), disbursed('d-2', 1n, 'KB-2')], before);
    expect({
      availableVnd: before.availableVnd,
      funding: [...before.fundingByAccount],
      transfers: [...before.receivedTransfers],
      vouchers: [...before.activeVouchers],
      disbursements: [...before.disbursements],
    }).toEqual(snapshot);
  });
});

describe('a year of DTTS money for Điện Biên, end to end across accounts', () => {
  it('moves money nation → province → district → commune and back, each step decided from its own history', () => {
    // Each account folds only its own stream; the credit halves are what the transfer process manager would record.
    const streams = new Map<string, AccountEvent[]>();
    const decide = (command: SpecifiedCommand, decisionContext: Omit<DecisionContext, 'firstEventId'> = context): readonly AccountEvent[] => {
      const id = accountId(command.account);
      const history = streams.get(id) ?? [];
      const decision = givenAccount(command.account, history).when(command, decisionContext).decision;
      if (!decision.ok) throw new Error(`refused ${decision.refusal.code}: ${decision.refusal.message}`);
      streams.set(id, [...history, ...decision.events]);
      return decision.events;
    };
    const state = (account: AccountKey) => foldAccount(account, streams.get(accountId(account)) ?? []);

    decide(assign(nation, 729n * billion));
    decide(allocate(nation, dienBien, 729n * billion, 't1'));
    decide(receive(dienBien, nation, 729n * billion, 't1'));
    decide(allocate(dienBien, dienBienPhu, 100n * billion, 't2'));
    decide(receive(dienBienPhu, dienBien, 100n * billion, 't2'));
    decide(allocate(dienBienPhu, himLam, 10n * billion, 't3'));
    decide(receive(himLam, dienBienPhu, 10n * billion, 't3'));
    decide(disburse(himLam, 4n * billion, '2024-06-10', 'KB-11-0001', 'd1'));
    decide(returnFunds(himLam, null, 6n * billion, 't4'));
    decide(receive(dienBienPhu, himLam, 6n * billion, 't4', 'return'));
    expect(decide(receive(dienBienPhu, himLam, 6n * billion, 't4', 'return'))).toEqual([]);

    expect(state(nation).availableVnd).toBe(0n);
    expect(state(dienBien).availableVnd).toBe(629n * billion);
    expect(state(dienBienPhu)).toMatchObject({ receivedVnd: 106n * billion, allocatedOutVnd: 10n * billion, availableVnd: 96n * billion });
    expect(state(himLam)).toMatchObject({ receivedVnd: 10n * billion, disbursedVnd: 4n * billion, returnedVnd: 6n * billion, availableVnd: 0n });
  });
});
