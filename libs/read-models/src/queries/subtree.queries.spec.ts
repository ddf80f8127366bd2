import { EventLog, useProjectionHarness } from '../../testing/sqlite-projection-harness';
import { ledgerStory, registryEvents } from '../../testing/ledger-story';
import { derive, disbursementReport, localityRollup, type SubtreeLine } from './subtree.queries';
import { auditTrail } from './audit.queries';
import { listBalances } from './balance.queries';
import { listTransfers } from './transfer.queries';

describe('roll-ups, the disbursement report and the other queries', () => {
  const log = new EventLog();
  registryEvents(log);
  ledgerStory(log);

  const harness = useProjectionHarness(log.events, { batchSize: 5 });

  async function line(localityId: string): Promise<SubtreeLine> {
    const rollup = await localityRollup(harness().store.reader, localityId, {});
    expect(rollup.value.lines).toHaveLength(1);
    return rollup.value.lines[0];
  }

  it('rolls the province up: plan from outside, detailed allocation net of returns, disbursement net of reversals', async () => {
    const province = await line('11');
    expect(province).toMatchObject({ programCode: 'DTTS', planYear: 2024, capitalType: 'DTPT', budgetSource: 'NSTW', accountCount: 5 });
    expect(province).toMatchObject({ receivedFromOutsideVnd: 700n, sentOutsideVnd: 0n, allocatedDownVnd: 300n, returnedUpVnd: 5n, availableVnd: 470n, inTransitInVnd: 200n, inTransitOutVnd: 200n });
    expect(derive(province)).toEqual({
      planVnd: 700n,
      netDisbursedVnd: 30n,
      detailedAllocatedVnd: 295n,
      notYetAllocatedVnd: 405n,
      detailedAllocationRatePercent: '42.14',
      disbursementRatePercent: '4.29',
    });
  });

  it('keeps money conserved in every subtree: plan = available + net disbursed + money in transit inside it', async () => {
    for (const localityId of ['VN', '11', '094', '096', '103', '03127']) {
      const rollup = await localityRollup(harness().store.reader, localityId, {});
      for (const subtree of rollup.value.lines) {
        const insideInTransit = localityId === '096' ? 0n : localityId === '11' || localityId === 'VN' ? 200n : 0n;
        expect(derive(subtree).planVnd).toBe(subtree.availableVnd + derive(subtree).netDisbursedVnd + insideInTransit);
      }
    }
  });

  it('takes money sent out of a district (a reallocation to a sibling, a return up) off its plan', async () => {
    const city = await line('094');
    expect(city).toMatchObject({ receivedFromOutsideVnd: 100n, sentOutsideVnd: 15n, allocatedDownVnd: 0n });
    expect(derive(city)).toMatchObject({ planVnd: 85n, netDisbursedVnd: 30n, disbursementRatePercent: '35.29', detailedAllocationRatePercent: '0.00' });
  });

  it('counts only money credited: a district whose allocation is in transit has no plan yet, and no rate', async () => {
    const muongNhe = await line('096');
    expect(muongNhe).toMatchObject({ inTransitInVnd: 200n, receivedFromOutsideVnd: 0n, accountCount: 1 });
    expect(derive(muongNhe)).toMatchObject({ planVnd: 0n, disbursementRatePercent: null, detailedAllocationRatePercent: null });
  });

  it('rolls the nation up from the assignment', async () => {
    expect(derive(await line('VN'))).toMatchObject({ planVnd: 1_000n, detailedAllocatedVnd: 700n, detailedAllocationRatePercent: '70.00', disbursementRatePercent: '3.00' });
  });

  it('answers an unknown locality with no locality, and a locality without money with no lines', async () => {
    expect((await localityRollup(harness().store.reader, '99', {})).value).toEqual({ locality: undefined, lines: [] });
    expect((await localityRollup(harness().store.reader, '01', {})).value.lines).toEqual([]);
    expect((await localityRollup(harness().store.reader, '11', { programCode: 'NTM' })).value.lines).toEqual([]);
  });

  it('reports one row per locality of the chosen level, program and capital type, with Vietnamese names', async () => {
    const report = await disbursementReport(harness().store.reader, { planYear: 2024, level: 'district', underLocalityId: '11' });
    expect(report.value.rows.map((row) => [row.locality.localityId, row.locality.name, row.programCode, row.programName, row.capitalType, derive(row.figures).planVnd])).toEqual([
      ['094', 'Thành phố Điện Biên Phủ', 'DTTS', 'Chương trình DTTS', 'DTPT', 85n],
      ['096', 'Huyện Mường Nhé', 'DTTS', 'Chương trình DTTS', 'DTPT', 0n],
      ['103', 'Huyện Nậm Pồ', 'DTTS', 'Chương trình DTTS', 'DTPT', 10n],
    ]);
    const provinces = await disbursementReport(harness().store.reader, { planYear: 2024, level: 'province', underLocalityId: 'VN' });
    expect(provinces.value.rows.map((row) => row.locality.localityId)).toEqual(['11']);
    expect((await disbursementReport(harness().store.reader, { planYear: 2023, level: 'province', underLocalityId: 'VN' })).value.rows).toEqual([]);
  });

  it('reports the position every answer reflects', async () => {
    const last = log.events[log.events.length - 1].position;
    expect((await localityRollup(harness().store.reader, '11', {})).position).toBe(last);
    expect((await auditTrail(harness().store.reader, {}, -1n, 10)).position).toBe(last);
  });

  it('pages balances of a subtree by account id', async () => {
    const first = await listBalances(harness().store.reader, { localityId: '11', subtree: true }, undefined, 2);
    expect(first.value.balances.map((balance) => balance.accountId)).toEqual(['DTTS.2024.094.DTPT.NSTW.DA4', 'DTTS.2024.096.DTPT.NSTW.DA4']);
    const second = await listBalances(harness().store.reader, { localityId: '11', subtree: true }, first.value.nextAfterAccountId ?? undefined, 10);
    expect(second.value.balances.map((balance) => balance.accountId)).toEqual(['DTTS.2024.103.DTPT.NSTW.DA4', 'DTTS.2024.11.DTPT.NSTW.DA4', 'DTTS.2024.11.DTPT.NSTW._']);
    expect(second.value.nextAfterAccountId).toBeNull();
    expect((await listBalances(harness().store.reader, { localityId: '11' }, undefined, 10)).value.balances).toHaveLength(2);
  });

  it('pages the audit trail of a locality subtree by position, filtered by type and dates', async () => {
    const all = await auditTrail(harness().store.reader, { localityId: '094', subtree: true }, -1n, 100);
    // The city's registration, the commune's, and every event of the city's account.
    expect(all.value.entries.map((entry) => entry.eventType)).toEqual([
      'LocalityRegistered',
      'LocalityRegistered',
      'FundsReceived',
      'FundsDisbursed',
      'DisbursementReversed',
      'FundsDisbursed',
      'FundsReallocated',
      'FundsReturned',
      'DisbursementDeadlineExtended',
    ]);
    const paged = await auditTrail(harness().store.reader, { localityId: '094', subtree: true }, -1n, 4);
    expect(paged.value.nextAfterPosition).toBe(all.value.entries[3].position);
    const payments = await auditTrail(harness().store.reader, { programCode: 'DTTS', eventTypes: ['FundsDisbursed'], effectiveFrom: '2024-05-01', effectiveTo: '2024-05-31' }, -1n, 100);
    expect(payments.value.entries.map((entry) => [entry.disbursementId, entry.amountVnd])).toEqual([['d2', 30n]]);
    const account = await auditTrail(harness().store.reader, { accountId: 'DTTS.2024.103.DTPT.NSTW.DA4' }, -1n, 100);
    expect(account.value.entries.map((entry) => [entry.eventType, entry.accountId, entry.counterpartyAccountId])).toEqual([['FundsReceived', 'DTTS.2024.103.DTPT.NSTW.DA4', 'DTTS.2024.094.DTPT.NSTW.DA4']]);
  });

  it('lists transfers still in transit, and transfers touching a subtree', async () => {
    const inTransit = await listTransfers(harness().store.reader, { state: 'in_transit' }, -1n, 10);
    expect(inTransit.value.transfers.map((transfer) => transfer.transferId)).toEqual(['t3']);
    const intoCity = await listTransfers(harness().store.reader, { localityId: '094', subtree: true }, -1n, 10);
    expect(intoCity.value.transfers.map((transfer) => transfer.transferId)).toEqual(['t4', 't5', 't6']);
    const page = await listTransfers(harness().store.reader, {}, -1n, 2);
    expect(page.value.transfers.map((transfer) => transfer.transferId)).toEqual(['t1', 't2']);
    expect((await listTransfers(harness().store.reader, {}, page.value.nextAfterPosition ?? -1n, 10)).value.transfers.map((transfer) => transfer.transferId)).toEqual(['t3', 't4', 't5', 't6']);
  });
});
