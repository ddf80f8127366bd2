import type { DomainEvent } from '@ledger/domain';
import type { EventLog } from './sqlite-projection-harness';

/** Registry events for the projection tests: Điện Biên (11) with three districts, each with a commune under 094. */
export function registryEvents(log: EventLog): void {
  const unit = (localityId: string, name: string, level: 'province' | 'district' | 'commune', parentId: string): DomainEvent => ({
    type: 'LocalityRegistered',
    data: { localityId, code: localityId, name, level, parentId, validFrom: null, validTo: '2025-06-30' },
  });
  log.append('registry-programs', { type: 'ProgramRegistered', data: { programCode: 'DTTS', name: 'Chương trình DTTS', decisionRef: '1719/QĐ-TTg', planYearFrom: 2021, planYearTo: 2025 } });
  log.append('registry-programs', { type: 'ComponentProjectRegistered', data: { programCode: 'DTTS', componentCode: 'DA4', name: 'Dự án 4' } });
  log.append('registry-localities', unit('11', 'Tỉnh Điện Biên', 'province', 'VN'));
  log.append('registry-localities', unit('094', 'Thành phố Điện Biên Phủ', 'district', '11'));
  log.append('registry-localities', unit('096', 'Huyện Mường Nhé', 'district', '11'));
  log.append('registry-localities', unit('103', 'Huyện Nậm Pồ', 'district', '11'));
  log.append('registry-localities', unit('03127', 'Phường Him Lam', 'commune', '094'));
  log.append('registry-localities', unit('01', 'Thành phố Hà Nội', 'province', 'VN'));
}

export const nation = 'DTTS.2024.VN.DTPT.NSTW._';
export const province = 'DTTS.2024.11.DTPT.NSTW._';
export const provinceProject = 'DTTS.2024.11.DTPT.NSTW.DA4';
export const cityProject = 'DTTS.2024.094.DTPT.NSTW.DA4';
export const muongNhe = 'DTTS.2024.096.DTPT.NSTW.DA4';
export const namPo = 'DTTS.2024.103.DTPT.NSTW.DA4';

/**
 * The ledger story the tests share: the nation assigns 1,000 and allocates 700 to the province,
 * which moves 600 to its DA4 project and allocates 200 (still in transit) to Mường Nhé and 100 to
 * Điện Biên Phủ; that city disburses 40 (reversed) and 30, reallocates 10 to Nậm Pồ, returns 5 to
 * the province project and has its deadline extended.
 */
export function ledgerStory(log: EventLog): void {
  log.account(nation, { type: 'BudgetAssigned', data: { amountVnd: 1_000n } }, { decisionRef: '1603/QĐ-TTg' });
  log.account(nation, { type: 'FundsAllocated', data: { transferId: 't1', toAccountId: province, amountVnd: 700n } });
  log.account(province, { type: 'FundsReceived', data: { transferId: 't1', fromAccountId: nation, amountVnd: 700n, transferKind: 'allocation' } });
  log.account(province, { type: 'FundsAllocated', data: { transferId: 't2', toAccountId: provinceProject, amountVnd: 600n } });
  log.account(provinceProject, { type: 'FundsReceived', data: { transferId: 't2', fromAccountId: province, amountVnd: 600n, transferKind: 'allocation' } });
  log.account(provinceProject, { type: 'FundsAllocated', data: { transferId: 't3', toAccountId: muongNhe, amountVnd: 200n } });
  log.account(provinceProject, { type: 'FundsAllocated', data: { transferId: 't4', toAccountId: cityProject, amountVnd: 100n } });
  log.account(cityProject, { type: 'FundsReceived', data: { transferId: 't4', fromAccountId: provinceProject, amountVnd: 100n, transferKind: 'allocation' } });
  log.account(cityProject, { type: 'FundsDisbursed', data: { disbursementId: 'd1', amountVnd: 40n, voucherRef: 'KB-1', disbursedOn: '2024-04-15' } }, { decisionRef: null, effectiveDate: '2024-04-15' });
  log.account(cityProject, { type: 'DisbursementReversed', data: { disbursementId: 'd1', amountVnd: 40n, reason: 'Kho bạc từ chối' } }, { decisionRef: null, effectiveDate: '2024-04-20' });
  log.account(cityProject, { type: 'FundsDisbursed', data: { disbursementId: 'd2', amountVnd: 30n, voucherRef: 'KB-2', disbursedOn: '2024-05-15' } }, { decisionRef: null, effectiveDate: '2024-05-15' });
  log.account(cityProject, { type: 'FundsReallocated', data: { transferId: 't5', toAccountId: namPo, amountVnd: 10n, reason: 'Điều chỉnh' } }, { decisionRef: '2105/QĐ-UBND' });
  log.account(namPo, { type: 'FundsReceived', data: { transferId: 't5', fromAccountId: cityProject, amountVnd: 10n, transferKind: 'reallocation' } }, { decisionRef: '2105/QĐ-UBND' });
  log.account(cityProject, { type: 'FundsReturned', data: { transferId: 't6', toAccountId: provinceProject, amountVnd: 5n, reason: 'Không sử dụng hết' } }, { decisionRef: '2388/QĐ-UBND' });
  log.account(provinceProject, { type: 'FundsReceived', data: { transferId: 't6', fromAccountId: cityProject, amountVnd: 5n, transferKind: 'return' } }, { decisionRef: '2388/QĐ-UBND' });
  log.account(cityProject, { type: 'DisbursementDeadlineExtended', data: { previousDeadline: '2025-01-31', newDeadline: '2025-12-31' } }, { decisionRef: '45/NQ-HĐND' });
}

export const nation2025 = 'DTTS.2025.VN.DTPT.NSTW._';
export const province2025 = 'DTTS.2025.11.DTPT.NSTW._';

/** A movement request as the domain records it, with the fields the four-eyes story varies. */
function movementRequested(requestId: string, movementKind: 'allocation' | 'budget-assignment', amountVnd: bigint, expiresAt: string, toAccountId: string | null): DomainEvent {
  return {
    type: 'MovementRequested',
    data: { requestId, movementKind, toAccountId, amountVnd, reason: null, requestedBy: 'officer-a', expiresAt, thresholdVnd: 100n, decisionRef: '15/QĐ-TTg', effectiveDate: null },
  };
}

/**
 * Four-eyes on the 2025 line, apart from the story above: the nation is assigned 1,000 and asks
 * to allocate 400 (approved, and credited), 300 (rejected), 100 (expired) and 50 (still pending)
 * to the province, and to be assigned 5,000 more (pending; an assignment holds nothing).
 */
export function fourEyesStory(log: EventLog): void {
  const by = (actorId: string) => ({ actorId, decisionRef: '15/QĐ-TTg' });
  log.account(nation2025, { type: 'BudgetAssigned', data: { amountVnd: 1_000n } }, by('officer-a'));
  log.account(nation2025, movementRequested('rq-a', 'allocation', 400n, '2024-03-04T00:00:00.000Z', province2025), by('officer-a'));
  log.account(nation2025, movementRequested('rq-b', 'allocation', 300n, '2024-03-04T00:00:00.000Z', province2025), by('officer-a'));
  log.account(nation2025, movementRequested('rq-c', 'budget-assignment', 5_000n, '2024-03-04T00:00:00.000Z', null), by('officer-a'));
  log.account(nation2025, movementRequested('rq-d', 'allocation', 100n, '2024-03-02T00:00:00.000Z', province2025), by('officer-a'));
  log.account(nation2025, movementRequested('rq-e', 'allocation', 50n, '2024-03-04T00:00:00.000Z', province2025), by('officer-a'));
  log.account(nation2025, { type: 'MovementApproved', data: { requestId: 'rq-a', movementKind: 'allocation', amountVnd: 400n, approvedBy: 'approver-b', transferId: 'rq-a' } }, by('approver-b'));
  log.account(nation2025, { type: 'FundsAllocated', data: { transferId: 'rq-a', toAccountId: province2025, amountVnd: 400n } }, by('approver-b'));
  log.account(province2025, { type: 'FundsReceived', data: { transferId: 'rq-a', fromAccountId: nation2025, amountVnd: 400n, transferKind: 'allocation' } }, by('transfer-process-manager'));
  log.account(nation2025, { type: 'MovementRejected', data: { requestId: 'rq-b', movementKind: 'allocation', amountVnd: 300n, rejectedBy: 'approver-b', reason: 'chưa đủ hồ sơ' } }, by('approver-b'));
  log.account(nation2025, { type: 'MovementRequestExpired', data: { requestId: 'rq-d', movementKind: 'allocation', amountVnd: 100n, expiresAt: '2024-03-02T00:00:00.000Z' } }, by('approval-expiry'));
}
