import { randomUUID } from 'node:crypto';
import {
  accountId,
  accountStreamId,
  encodeEventData,
  eventCatalogue,
  localityRegistryStreamId,
  nationLocalityId,
  programRegistryStreamId,
  type AccountKey,
  type DomainEvent,
} from '@ledger/domain';
import type { EventStore, EventToAppend, JsonObject } from '@ledger/event-store';

/**
 * A synthetic but consistent ledger history for load and crash tests: a locality tree of
 * provinces, districts and communes, three programs, central money assigned at the nation and
 * allocated down level by level (each debit followed by its credit, as the process manager writes
 * them), then communes disbursing in tranches with a few reversals. Events are appended straight
 * to the store (no deciders) so a million of them take seconds, not minutes.
 */
export interface SyntheticHistoryOptions {
  readonly provinces: number;
  readonly districtsPerProvince: number;
  readonly communesPerDistrict: number;
  /** Disbursement tranches per commune account. */
  readonly tranches: number;
  /** Append this many events per call at most. */
  readonly eventsPerAppendMax?: number;
}

export interface SyntheticHistorySummary {
  readonly events: number;
  readonly accounts: number;
  readonly localities: number;
}

const programs = ['DTTS', 'NTM', 'GNBV'] as const;
const capitalTypes = ['DTPT', 'SN'] as const;
const component = 'DA1';
const planYear = 2024;

function metadata(decisionRef: string | null, effectiveDate: string, actorId: string): JsonObject {
  const commandId = randomUUID();
  return {
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { id: actorId, role: 'finance-officer', jurisdiction: null },
    decisionRef,
    effectiveDate,
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  };
}

export async function writeSyntheticHistory(store: EventStore, options: SyntheticHistoryOptions): Promise<SyntheticHistorySummary> {
  const perAppend = options.eventsPerAppendMax ?? 2_000;
  let events = 0;
  const pending: Promise<unknown>[] = [];
  const append = async (streamId: string, domainEvents: readonly DomainEvent[], meta: () => JsonObject): Promise<void> => {
    for (let start = 0; start < domainEvents.length; start += perAppend) {
      const chunk: EventToAppend[] = domainEvents.slice(start, start + perAppend).map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: encodeEventData(event) as JsonObject,
        metadata: { ...meta(), schemaVersion: eventCatalogue[event.type].schemaVersion },
      }));
      events += chunk.length;
      pending.push(store.appendToStream(streamId, chunk, { expectedRevision: 'any' }));
      if (pending.length >= 64) await Promise.all(pending.splice(0));
    }
  };
  const flush = async (): Promise<void> => {
    await Promise.all(pending.splice(0));
  };

  // Registry.
  const provinceIds: string[] = [];
  const districtsOf = new Map<string, string[]>();
  const communesOf = new Map<string, string[]>();
  const units: DomainEvent[] = [];
  for (let p = 0; p < options.provinces; p += 1) {
    const provinceId = String(p + 1).padStart(2, '0');
    provinceIds.push(provinceId);
    units.push({ type: 'LocalityRegistered', data: { localityId: provinceId, code: provinceId, name: `Tỉnh Thử Nghiệm ${provinceId}`, level: 'province', parentId: nationLocalityId, validFrom: null, validTo: '2025-06-30' } });
    const districts: string[] = [];
    for (let d = 0; d < options.districtsPerProvince; d += 1) {
      const districtId = String(100 + p * options.districtsPerProvince + d).padStart(3, '0');
      districts.push(districtId);
      units.push({ type: 'LocalityRegistered', data: { localityId: districtId, code: districtId, name: `Huyện Thử Nghiệm ${districtId}`, level: 'district', parentId: provinceId, validFrom: null, validTo: '2025-06-30' } });
      const communes: string[] = [];
      for (let c = 0; c < options.communesPerDistrict; c += 1) {
        const communeId = String(10_000 + (p * options.districtsPerProvince + d) * options.communesPerDistrict + c).padStart(5, '0');
        communes.push(communeId);
        units.push({ type: 'LocalityRegistered', data: { localityId: communeId, code: communeId, name: `Xã Thử Nghiệm ${communeId}`, level: 'commune', parentId: districtId, validFrom: null, validTo: '2025-06-30' } });
      }
      communesOf.set(districtId, communes);
    }
    districtsOf.set(provinceId, districts);
  }
  await append(localityRegistryStreamId, units, () => metadata(null, '2024-01-01', 'registry-import'));
  await append(
    programRegistryStreamId,
    programs.flatMap((programCode): DomainEvent[] => [
      { type: 'ProgramRegistered', data: { programCode, name: `Chương trình ${programCode}`, decisionRef: '1719/QĐ-TTg', planYearFrom: 2021, planYearTo: 2025 } },
      { type: 'ComponentProjectRegistered', data: { programCode, componentCode: component, name: 'Dự án 1' } },
    ]),
    () => metadata('1719/QĐ-TTg', '2022-01-01', 'registry-import'),
  );
  await flush();

  const key = (programCode: string, capitalType: (typeof capitalTypes)[number], localityId: string, componentCode: string | null): AccountKey => ({
    programCode,
    planYear,
    localityId,
    capitalType,
    budgetSource: 'NSTW',
    componentCode,
  });
  let accounts = 0;
  const communeCount = options.provinces * options.districtsPerProvince * options.communesPerDistrict;
  const perCommuneVnd = 1_000_000_000n;
  const transfer = async (from: AccountKey, to: AccountKey, amountVnd: bigint, decisionRef: string, date: string): Promise<void> => {
    const transferId = randomUUID();
    await append(accountStreamId(from), [{ type: 'FundsAllocated', data: { transferId, toAccountId: accountId(to), amountVnd } }], () => metadata(decisionRef, date, 'finance-officer'));
    await append(accountStreamId(to), [{ type: 'FundsReceived', data: { transferId, fromAccountId: accountId(from), amountVnd, transferKind: 'allocation' } }], () => metadata(decisionRef, date, 'transfer-process-manager'));
  };

  for (const programCode of programs) {
    for (const capitalType of capitalTypes) {
      const nation = key(programCode, capitalType, nationLocalityId, null);
      accounts += 1;
      await append(accountStreamId(nation), [{ type: 'BudgetAssigned', data: { amountVnd: perCommuneVnd * BigInt(communeCount) * 2n } }], () => metadata('1603/QĐ-TTg', '2024-01-05', 'ministry'));
      for (const provinceId of provinceIds) {
        const provinceVnd = perCommuneVnd * BigInt(options.districtsPerProvince * options.communesPerDistrict);
        const province = key(programCode, capitalType, provinceId, null);
        const provinceComponent = key(programCode, capitalType, provinceId, component);
        accounts += 2;
        await transfer(nation, province, provinceVnd, '1603/QĐ-TTg', '2024-01-10');
        await transfer(province, provinceComponent, provinceVnd, '215/QĐ-UBND', '2024-01-20');
        for (const districtId of districtsOf.get(provinceId) ?? []) {
          const district = key(programCode, capitalType, districtId, component);
          accounts += 1;
          await transfer(provinceComponent, district, perCommuneVnd * BigInt(options.communesPerDistrict), '412/QĐ-UBND', '2024-02-26');
          for (const communeId of communesOf.get(districtId) ?? []) {
            accounts += 1;
            await transfer(district, key(programCode, capitalType, communeId, component), perCommuneVnd, '57/QĐ-UBND', '2024-03-05');
          }
        }
      }
    }
  }
  await flush();

  // Disbursements: each commune account pays in tranches; every 50th tranche is reversed.
  let voucher = 0;
  for (const [, communes] of communesOf) {
    for (const communeId of communes) {
      for (const programCode of programs) {
        for (const capitalType of capitalTypes) {
          const stream = accountStreamId(key(programCode, capitalType, communeId, component));
          const payments: DomainEvent[] = [];
          for (let tranche = 0; tranche < options.tranches; tranche += 1) {
            voucher += 1;
            const disbursementId = randomUUID();
            const month = String(4 + (tranche % 8)).padStart(2, '0');
            payments.push({ type: 'FundsDisbursed', data: { disbursementId, amountVnd: 12_345_678n + BigInt(tranche), voucherRef: `KBNN-${communeId}-${voucher}`, disbursedOn: `2024-${month}-15` } });
            if (voucher % 50 === 0) payments.push({ type: 'DisbursementReversed', data: { disbursementId, amountVnd: 12_345_678n + BigInt(tranche), reason: 'Kho bạc từ chối thanh toán' } });
          }
          await append(stream, payments, () => metadata(null, '2024-06-15', `ke-toan-${communeId}`));
        }
      }
    }
  }
  await flush();
  return { events, accounts, localities: units.length + 1 };
}

/** The commune account the late disbursements are paid from: one of every history's first province. */
const lateDisbursementStreamId = 'account-DTTS.2024.10000.DTPT.NSTW.DA1';

/**
 * Disbursements of 1,000 VND appended to one commune account, as if paid while a projection or
 * a rebuild runs: events the read models must take in after the history.
 */
export async function appendLateDisbursements(store: EventStore, count: number): Promise<void> {
  const events = Array.from({ length: count }, () => ({
    id: randomUUID(),
    type: 'FundsDisbursed',
    data: { disbursementId: randomUUID(), amountVnd: '1000', voucherRef: `KB-${randomUUID()}`, disbursedOn: '2024-07-01' },
    metadata: { commandId: randomUUID(), actor: { id: 'late', role: 'finance-officer', jurisdiction: null }, decisionRef: null, effectiveDate: '2024-07-01', schemaVersion: 1 },
  }));
  await store.appendToStream(lateDisbursementStreamId, events, { expectedRevision: 'any' });
}
