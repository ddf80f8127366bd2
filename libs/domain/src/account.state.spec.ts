import { defaultDisbursementDeadline, evolveAccount, foldAccount, initialAccountState } from './account.state';
import {
  key,
  nation,
  dienBien,
  haNoi,
  dienBienPhu,
  assigned,
  receivedFrom,
  allocatedTo,
  reallocatedTo,
  returnedTo,
  disbursed,
  reversed,
  extended,
} from '../testing/account-spec-builders';

describe('defaultDisbursementDeadline', () => {
  it('lets investment money be paid until 31 January of the next year', () => {
    expect(defaultDisbursementDeadline({ planYear: 2024, capitalType: 'DTPT' })).toBe('2025-01-31');
  });

  it('lets recurrent money be paid until the end of its plan year', () => {
    expect(defaultDisbursementDeadline({ planYear: 2024, capitalType: 'SN' })).toBe('2024-12-31');
  });
});

describe('evolveAccount', () => {
  it('starts closed, with no deadline and every figure at zero', () => {
    expect(initialAccountState).toMatchObject({ opened: false, deadline: null });
    const figures = Object.entries(initialAccountState).filter(([name]) => name.endsWith('Vnd'));
    expect(figures.length).toBeGreaterThanOrEqual(9);
    for (const [name, amountVnd] of figures) expect([name, amountVnd]).toEqual([name, 0n]);
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
    expect([...state.vouchers]).toEqual([
      ['KB-1', 'd-1'],
      ['KB-2', 'd-2'],
    ]);
    expect(state.disbursements.get('d-1')).toEqual({ amountVnd: 150n, voucherRef: 'KB-1', disbursedOn: '2024-05-20', reversed: true });
    expect(state.disbursements.get('d-2')?.reversed).toBe(false);
  });

  it('never changes the state it folds from', () => {
    const before = foldAccount(dienBien, [receivedFrom(nation, 1_000n, 'tr-in'), disbursed('d-1', 10n, 'KB-1')]);
    const snapshot = {
      availableVnd: before.availableVnd,
      funding: [...before.fundingByAccount],
      transfers: [...before.receivedTransfers],
      vouchers: [...before.vouchers],
      disbursements: [...before.disbursements],
    };
    foldAccount(dienBien, [receivedFrom(nation, 5n, 'tr-2'), returnedTo(nation, 5n, 'tr-3'), reversed('d-1', 10n), disbursed('d-2', 1n, 'KB-2')], before);
    expect({
      availableVnd: before.availableVnd,
      funding: [...before.fundingByAccount],
      transfers: [...before.receivedTransfers],
      vouchers: [...before.vouchers],
      disbursements: [...before.disbursements],
    }).toEqual(snapshot);
  });
});
