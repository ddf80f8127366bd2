import { ProjectionHarness, EventLog, useProjectionHarness } from '../../testing/sqlite-projection-harness';
import { cityProject, ledgerStory, muongNhe, namPo, nation, province, provinceProject, registryEvents } from '../../testing/ledger-story';
import { balancesProjection } from './balances.projection';

describe('balances projection', () => {
  const log = new EventLog();
  registryEvents(log);
  ledgerStory(log);

  const harness = useProjectionHarness(log.events, { projections: [balancesProjection] });

  async function balance(accountId: string) {
    return (await harness().rows('account_balances')).find((row) => row.account_id === accountId);
  }

  it('keeps one row per account with every figure the account’s events imply', async () => {
    expect(await balance(nation)).toMatchObject({ assigned_vnd: 1_000n, received_vnd: 1_000n, allocated_out_vnd: 700n, available_vnd: 300n, in_transit_out_vnd: 0n });
    expect(await balance(province)).toMatchObject({ received_vnd: 700n, allocated_out_vnd: 600n, available_vnd: 100n });
    expect(await balance(provinceProject)).toMatchObject({
      received_vnd: 605n,
      returned_in_vnd: 5n,
      allocated_out_vnd: 300n,
      available_vnd: 305n,
      in_transit_out_vnd: 200n,
      program_code: 'DTTS',
      plan_year: 2024n,
      locality_id: '11',
      capital_type: 'DTPT',
      budget_source: 'NSTW',
      component_code: 'DA4',
    });
    expect(await balance(cityProject)).toMatchObject({
      received_vnd: 100n,
      disbursed_vnd: 70n,
      reversed_vnd: 40n,
      reallocated_out_vnd: 10n,
      returned_vnd: 5n,
      available_vnd: 55n,
      disbursement_deadline: '2025-12-31',
    });
    expect(await balance(namPo)).toMatchObject({ received_vnd: 10n, reallocated_in_vnd: 10n, available_vnd: 10n });
  });

  it('shows money in transit at both ends until the credit is recorded', async () => {
    expect(await balance(muongNhe)).toMatchObject({ received_vnd: 0n, available_vnd: 0n, in_transit_in_vnd: 200n, last_position: null, disbursement_deadline: '2025-01-31' });
    expect(await balance(provinceProject)).toMatchObject({ in_transit_out_vnd: 200n });
  });

  it('records the position of each account’s last event', async () => {
    const lastOfCity = log.events.filter((event) => event.streamId === `account-${cityProject}`).at(-1)?.position;
    expect(await balance(cityProject)).toMatchObject({ last_position: lastOfCity });
  });

  it('aggregates money flows between localities per funding line and kind', async () => {
    const flows = (await harness().rows('locality_flows')).map((row) => [row.from_locality_id, row.to_locality_id, row.transfer_kind, row.debited_vnd, row.credited_vnd]);
    expect(flows).toEqual(
      expect.arrayContaining([
        ['VN', '11', 'allocation', 700n, 700n],
        ['11', '11', 'allocation', 600n, 600n],
        ['11', '096', 'allocation', 200n, 0n],
        ['11', '094', 'allocation', 100n, 100n],
        ['094', '103', 'reallocation', 10n, 10n],
        ['094', '11', 'return', 5n, 5n],
      ]),
    );
    expect(flows).toHaveLength(6);
  });

  it('gives the same rows however the events are cut into batches', async () => {
    const oneByOne = await ProjectionHarness.open({ projections: [balancesProjection] });
    try {
      await oneByOne.apply(log.events, 1);
      expect(await oneByOne.rows('account_balances')).toEqual(await harness().rows('account_balances'));
      expect(await oneByOne.rows('locality_flows')).toEqual(await harness().rows('locality_flows'));
    } finally {
      await oneByOne.close();
    }
  });

  it('reads amounts beyond 2^53 back exactly', async () => {
    const big = await ProjectionHarness.open({ projections: [balancesProjection] });
    try {
      const bigLog = new EventLog();
      const amountVnd = 9_999_999_999_999_999n;
      for (let index = 0; index < 900; index += 1) bigLog.account('DTTS.2024.11.SN.KHAC._', { type: 'BudgetAssigned', data: { amountVnd } });
      await big.apply(bigLog.events, 250);
      const [row] = await big.rows('account_balances');
      expect(row.received_vnd).toBe(amountVnd * 900n);
      expect(row.available_vnd).toBe(8_999_999_999_999_999_100n);
    } finally {
      await big.close();
    }
  });
});
