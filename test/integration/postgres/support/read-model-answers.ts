import {
  auditTrail,
  disbursementReport,
  findBalance,
  findLocality,
  findTransfer,
  listBalances,
  listTransfers,
  idleMoney,
  localityRollup,
  monthlyProgress,
  progressReport,
  storedPositions,
  type AuditFilter,
  type BalanceFilter,
  type ReadStore,
  type TransferFilter,
} from '@ledger/read-models';

/**
 * Every query of the read models, asked of one store with the same arguments, pages walked to the
 * end: two stores hold the same read models when their answers are equal (positions included).
 * The arguments come from the data itself (every locality, account and transfer), read from the
 * reference store so both stores are asked exactly the same questions.
 */
export interface QuestionSet {
  readonly localityIds: readonly string[];
  readonly accountIds: readonly string[];
  readonly transferIds: readonly string[];
  readonly programCodes: readonly string[];
}

/** Pages walked per listing at most: a bug that never ends a listing fails instead of hanging. */
const pagesMax = 1_000;

export async function questionsFrom(store: ReadStore): Promise<QuestionSet> {
  const localities = await store.reader.selectFrom('localities').select('locality_id').orderBy('locality_id').execute();
  const accounts = await store.reader.selectFrom('account_balances').select('account_id').orderBy('account_id').execute();
  const transfers = await store.reader.selectFrom('transfers').select('transfer_id').orderBy('transfer_id').execute();
  const programs = await store.reader.selectFrom('programs').select('program_code').orderBy('program_code').execute();
  return {
    localityIds: localities.map((row) => row.locality_id),
    accountIds: accounts.map((row) => row.account_id),
    transferIds: transfers.map((row) => row.transfer_id),
    programCodes: programs.map((row) => row.program_code),
  };
}

async function walk<Page>(first: (after: Page | undefined) => Promise<{ page: Page; more: boolean }>): Promise<Page[]> {
  const pages: Page[] = [];
  let previous: Page | undefined;
  for (let count = 0; count < pagesMax; count += 1) {
    const { page, more } = await first(previous);
    pages.push(page);
    if (!more) return pages;
    previous = page;
  }
  throw new Error(`a listing did not end within ${pagesMax} pages`);
}

export async function answersOf(store: ReadStore, questions: QuestionSet): Promise<Record<string, unknown>> {
  const db = store.reader;
  const answers: Record<string, unknown> = {};
  answers.positions = [...(await storedPositions(db)).entries()].sort(([a], [b]) => (a < b ? -1 : 1));

  for (const localityId of questions.localityIds) {
    answers[`locality ${localityId}`] = await findLocality(db, localityId);
    answers[`rollup ${localityId}`] = await localityRollup(db, localityId, {});
    for (const programCode of questions.programCodes) answers[`rollup ${localityId} ${programCode} DTPT`] = await localityRollup(db, localityId, { programCode, capitalType: 'DTPT' });
  }
  for (const level of ['province', 'district', 'commune'] as const) {
    answers[`report ${level}`] = await disbursementReport(db, { planYear: 2024, level, underLocalityId: 'VN' });
    answers[`report ${level} NSTW SN`] = await disbursementReport(db, { planYear: 2024, level, underLocalityId: 'VN', budgetSource: 'NSTW', capitalType: 'SN' });
    // The period, the previous one and a year earlier read as slices of the same statements; and every event recorded, with a year earlier.
    answers[`progress ${level} by month`] = await progressReport(db, { planYear: 2024, level, underLocalityId: 'VN', bySource: true, withCarriedOver: true, throughMonth: 202409, previousMonth: 202406, yearEarlier: true });
    answers[`progress ${level} all recorded`] = await progressReport(db, { planYear: 2025, level, underLocalityId: 'VN', bySource: false, withCarriedOver: true, yearEarlier: true });
  }
  for (const localityId of questions.localityIds) {
    answers[`monthly ${localityId}`] = await monthlyProgress(db, { localityId, planYear: 2024 });
    answers[`idle ${localityId}`] = await idleMoney(db, { localityId, idleSinceOnOrBefore: '2024-12-31', limit: 50 });
  }

  const balanceFilters: BalanceFilter[] = [{}, { programCode: questions.programCodes[0], capitalType: 'DTPT' }, { componentCode: 'DA1' }, { planYear: 2024, budgetSource: 'NSTW' }];
  for (const localityId of questions.localityIds.slice(0, 6)) balanceFilters.push({ localityId }, { localityId, subtree: true });
  for (const filter of balanceFilters) {
    answers[`balances ${JSON.stringify(filter)}`] = await walk(async (previous: Awaited<ReturnType<typeof listBalances>> | undefined) => {
      const page = await listBalances(db, filter, previous?.value.nextAfterAccountId ?? undefined, 7);
      return { page, more: page.value.nextAfterAccountId !== null };
    });
  }
  for (const accountId of questions.accountIds) answers[`balance ${accountId}`] = await findBalance(db, accountId);

  const transferFilters: TransferFilter[] = [{}, { state: 'in_transit' }, { state: 'completed', transferKind: 'allocation' }, { programCode: questions.programCodes[0], planYear: 2024, capitalType: 'SN', budgetSource: 'NSTW' }];
  for (const localityId of questions.localityIds.slice(0, 6)) transferFilters.push({ localityId }, { localityId, subtree: true });
  for (const accountId of questions.accountIds.slice(0, 6)) transferFilters.push({ accountId });
  for (const filter of transferFilters) {
    answers[`transfers ${JSON.stringify(filter)}`] = await walk(async (previous: Awaited<ReturnType<typeof listTransfers>> | undefined) => {
      const page = await listTransfers(db, filter, previous?.value.nextAfterPosition ?? -1n, 5);
      return { page, more: page.value.nextAfterPosition !== null };
    });
  }
  for (const transferId of questions.transferIds) answers[`transfer ${transferId}`] = await findTransfer(db, transferId);

  const auditFilters: AuditFilter[] = [
    {},
    { eventTypes: ['FundsDisbursed', 'DisbursementReversed'] },
    { programCode: questions.programCodes[0] },
    { effectiveFrom: '2024-02-01', effectiveTo: '2024-06-30' },
    { recordedFrom: '2024-03-01T00:00:05.000Z', recordedTo: '2030-01-01T00:00:00.000Z' },
  ];
  for (const localityId of questions.localityIds.slice(0, 6)) auditFilters.push({ localityId }, { localityId, subtree: true });
  for (const accountId of questions.accountIds.slice(0, 6)) auditFilters.push({ accountId });
  for (const filter of auditFilters) {
    answers[`audit ${JSON.stringify(filter)}`] = await walk(async (previous: Awaited<ReturnType<typeof auditTrail>> | undefined) => {
      const page = await auditTrail(db, filter, previous?.value.nextAfterPosition ?? -1n, 25);
      return { page, more: page.value.nextAfterPosition !== null };
    });
  }
  return answers;
}
