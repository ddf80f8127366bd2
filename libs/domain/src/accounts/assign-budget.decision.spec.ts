import { balanceVndMax } from '../account.state';
import { amountVndMax } from '../money';
import { givenAccount } from '../../testing/decider-specification';
import { context, key, nation, dienBien, himLam, billion, assigned, disbursed, reversed, assign } from '../../testing/account-spec-builders';

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
