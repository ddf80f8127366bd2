import { ProjectionHarness, EventLog } from '../../testing/sqlite-projection-harness';
import { cityProject, ledgerStory, muongNhe, namPo, provinceProject, registryEvents } from '../../testing/ledger-story';
import { transfersProjection } from './transfers.projection';

describe('transfers projection', () => {
  const log = new EventLog();
  registryEvents(log);
  ledgerStory(log);

  async function transfersAfter(batchSize: number) {
    const harness = await ProjectionHarness.open({ projections: [transfersProjection] });
    try {
      await harness.apply(log.events, batchSize);
      return await harness.rows('transfers');
    } finally {
      await harness.close();
    }
  }

  it('keeps one row per transfer with both halves, completed once the credit is recorded', async () => {
    const rows = await transfersAfter(log.events.length);
    expect(rows.map((row) => [row.transfer_id, row.state])).toEqual([
      ['t1', 'completed'],
      ['t2', 'completed'],
      ['t3', 'in_transit'],
      ['t4', 'completed'],
      ['t5', 'completed'],
      ['t6', 'completed'],
    ]);
    const debit = log.events.find((event) => event.type === 'FundsReallocated');
    const credit = log.events.find((event) => event.type === 'FundsReceived' && event.data.transferId === 't5');
    expect(rows.find((row) => row.transfer_id === 't5')).toEqual({
      transfer_id: 't5',
      transfer_kind: 'reallocation',
      from_account_id: cityProject,
      to_account_id: namPo,
      program_code: 'DTTS',
      plan_year: 2024n,
      capital_type: 'DTPT',
      budget_source: 'NSTW',
      from_locality_id: '094',
      to_locality_id: '103',
      amount_vnd: 10n,
      decision_ref: '2105/QĐ-UBND',
      debit_position: debit?.position,
      debit_recorded_at: debit?.recordedAt.toISOString(),
      credit_position: credit?.position,
      credit_recorded_at: credit?.recordedAt.toISOString(),
      state: 'completed',
    });
    expect(rows.find((row) => row.transfer_id === 't3')).toMatchObject({ from_account_id: provinceProject, to_account_id: muongNhe, credit_position: null, credit_recorded_at: null });
  });

  it('gives the same rows when debit and credit land in different batches', async () => {
    expect(await transfersAfter(1)).toEqual(await transfersAfter(log.events.length));
    expect(await transfersAfter(3)).toEqual(await transfersAfter(log.events.length));
  });
});
