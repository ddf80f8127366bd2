import { defaultLedgerPolicy, foldAccount, type AccountEvent, type AccountKey } from '@ledger/domain';
import { closed, congVi, dienBien, dienBien2025, dienBienPhu, giangVo2025, handedOverTo, himLam, muongNhe, nation, ngocHa2025, receivedFrom, reformRegistry } from '@ledger/domain/testing';
import { endedUnitsOf, handOverStepCommandId, planHandOver, type HandOverRequest, type PlannedAccount } from './hand-over-plan';

const context = { registry: reformRegistry, today: '2025-07-15', policy: defaultLedgerPolicy, jurisdiction: null };
const account = (key: AccountKey, events: readonly AccountEvent[], revision = BigInt(events.length - 1)): PlannedAccount => ({ key, state: foldAccount(key, events), revision, inTransitInVnd: 0n });
const request = (overrides: Partial<HandOverRequest> = {}): HandOverRequest => ({ localityId: '11', effectiveDate: '2025-07-01', decisionRef: '12/QĐ-UBND', apportionments: [], ...overrides });

describe('planHandOver', () => {
  it('covers the ended units of the territory, parents first, by level when asked', () => {
    expect(endedUnitsOf(reformRegistry, request())).toEqual(['11', '094', '096', '03127', '03160']);
    expect(endedUnitsOf(reformRegistry, request({ levels: ['district'] }))).toEqual(['094', '096']);
    expect(endedUnitsOf(reformRegistry, request({ effectiveDate: '2025-06-30' }))).toEqual([]);
  });

  it('sends each balance whole to the one successor of a unit taken in whole, and closes an empty account with no share', () => {
    const plan = planHandOver(request(), [account(dienBienPhu, [receivedFrom(dienBien, 300n, 't1')]), account(muongNhe, [])], new Map(), context);
    expect(plan.problems).toEqual([]);
    expect(plan.steps.map((step) => [step.accountId, step.shares.map((share) => `${share.toAccountId} ${share.amountVnd}`)])).toEqual([
      ['DTTS.2024.094.DTPT.NSTW._', ['DTTS.2024.11@2025.DTPT.NSTW._ 300']],
    ]);
    expect(plan.totals).toEqual({ accounts: 1, balanceVnd: 300n, sharesVnd: 300n, inTransitInVnd: 0n });
  });

  it('asks for an apportionment where a unit was split, naming the successors', () => {
    const plan = planHandOver(request({ localityId: '00007' }), [account(congVi, [receivedFrom(nation, 1_000n, 't1')])], new Map(), context);
    expect(plan.steps).toEqual([]);
    expect(plan.problems).toEqual([expect.objectContaining({ code: 'NEEDS_APPORTIONMENT', accountId: 'DTTS.2024.00007.DTPT.NSTW._', successors: ['00008@2025', '00025@2025'] })]);
  });

  it('takes the apportionment given, and reports one that does not add up as the execution would refuse it', () => {
    const accounts = [account(congVi, [receivedFrom(nation, 1_000n, 't1')])];
    const good = planHandOver(request({ localityId: '00007', apportionments: [{ accountId: 'DTTS.2024.00007.DTPT.NSTW._', shares: [{ toLocalityId: '00008@2025', amountVnd: 600n }, { toLocalityId: '00025@2025', amountVnd: 400n }] }] }), accounts, new Map(), context);
    expect(good.problems).toEqual([]);
    expect(good.steps[0]).toMatchObject({ apportioned: true, shares: [{ to: ngocHa2025, amountVnd: 600n }, { to: giangVo2025, amountVnd: 400n }] });
    const short = planHandOver(request({ localityId: '00007', apportionments: [{ accountId: 'DTTS.2024.00007.DTPT.NSTW._', shares: [{ toLocalityId: '00008@2025', amountVnd: 600n }, { toLocalityId: '00025@2025', amountVnd: 399n }] }] }), accounts, new Map(), context);
    expect(short.steps).toEqual([]);
    expect(short.problems).toEqual([expect.objectContaining({ code: 'APPORTIONMENT_REFUSED', message: expect.stringContaining('HANDOVER_SHARES_MISMATCH') })]);
  });

  it('reports an apportionment for an account the hand-over does not cover', () => {
    const plan = planHandOver(request({ apportionments: [{ accountId: 'DTTS.2024.001.DTPT.NSTW._', shares: [{ toLocalityId: '01@2025', amountVnd: 1n }] }] }), [], new Map(), context);
    expect(plan.problems).toEqual([expect.objectContaining({ code: 'APPORTIONMENT_UNUSED', accountId: 'DTTS.2024.001.DTPT.NSTW._' })]);
  });

  it('skips accounts handed over before, and plans what a credit brought after the account closed', () => {
    const done = [receivedFrom(dienBien, 300n, 't1'), handedOverTo(dienBien2025, 300n, 'h1', '2025-01-31'), closed('2025-07-01')];
    const plan = planHandOver(request(), [account(dienBienPhu, done), account(himLam, [...done.slice(0, 1), handedOverTo({ ...himLam, localityId: '03127@2025' }, 300n, 'h2', '2025-01-31'), closed('2025-07-01'), receivedFrom(dienBienPhu, 5n, 'late')])], new Map(), context);
    expect(plan.alreadyHandedOver).toBe(1);
    expect(plan.steps).toEqual([expect.objectContaining({ accountId: 'DTTS.2024.03127.DTPT.NSTW._', alreadyClosed: true, availableVnd: 5n, revision: 3n })]);
  });

  it('names each step by the decision, the account and the revision: the same plan gives the same ids', () => {
    const a = handOverStepCommandId('12/QĐ-UBND', '2025-07-01', 'DTTS.2024.094.DTPT.NSTW._', 4n);
    expect(a).toBe(handOverStepCommandId('12/QĐ-UBND', '2025-07-01', 'DTTS.2024.094.DTPT.NSTW._', 4n));
    expect(a).toMatch(/^ledger\/handover\/[A-Za-z0-9_-]{16}\/DTTS\.2024\.094\.DTPT\.NSTW\._@4$/);
    expect(new Set([a, handOverStepCommandId('12/QĐ-UBND', '2025-07-01', 'DTTS.2024.094.DTPT.NSTW._', 5n), handOverStepCommandId('13/QĐ-UBND', '2025-07-01', 'DTTS.2024.094.DTPT.NSTW._', 4n), handOverStepCommandId('12/QĐ-UBND', '2025-07-02', 'DTTS.2024.094.DTPT.NSTW._', 4n)]).size).toBe(4);
    const plan = planHandOver(request({ decisionRef: null }), [account(dienBienPhu, [receivedFrom(dienBien, 1n, 't1')])], new Map(), context);
    expect(plan.steps[0].commandId).toBeNull();
  });
});
