import { sql } from 'kysely';
import { allProjections, auditTrail, findBalance, localityRollup, prepareReadStore, type ReadStore } from '@ledger/read-models';
import { PostgresReadStore, ReadStoreCollationError } from '@ledger/read-models-postgres';
import { describeWithPostgres } from '../../support/postgres';

const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);
const aboveSafeInteger = 2n ** 53n + 1n;

/** A balance row with every amount set to `amountVnd`, written straight to the table. */
function balanceRow(accountId: string, localityId: string, amountVnd: bigint, lastPosition: bigint) {
  return {
    account_id: accountId,
    program_code: 'DTTS',
    plan_year: 2024,
    locality_id: localityId,
    capital_type: 'DTPT',
    budget_source: 'NSTW',
    component_code: null,
    assigned_vnd: amountVnd,
    received_vnd: amountVnd,
    reallocated_in_vnd: amountVnd,
    returned_in_vnd: amountVnd,
    allocated_out_vnd: amountVnd,
    reallocated_out_vnd: amountVnd,
    returned_vnd: amountVnd,
    disbursed_vnd: amountVnd,
    reversed_vnd: amountVnd,
    handed_over_in_vnd: amountVnd,
    handed_over_out_vnd: amountVnd,
    available_vnd: amountVnd,
    in_transit_in_vnd: amountVnd,
    in_transit_out_vnd: amountVnd,
    held_vnd: amountVnd,
    disbursement_deadline: '2025-01-31',
    last_position: lastPosition,
  };
}

/** The totals the balances projection keeps beside one such account. */
function lineTotalRow(localityId: string, amountVnd: bigint) {
  const { account_id: _accountId, component_code: _componentCode, disbursement_deadline: _deadline, last_position: _lastPosition, ...line } = balanceRow('', localityId, amountVnd, 0n);
  return { ...line, account_count: 1n };
}

describeWithPostgres('PostgresReadStore', (server) => {
  let store: ReadStore;

  beforeAll(async () => {
    store = await PostgresReadStore.open({ connectionString: await server().createDatabase(), poolSizeMax: 3 });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('takes the read-model schema unchanged and idempotently, with 64-bit columns for every amount and position', async () => {
    await prepareReadStore(store, allProjections, new Date(Date.UTC(2024, 0, 1)));
    await prepareReadStore(store, allProjections, new Date(Date.UTC(2024, 0, 2)));
    const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns where table_schema = current_schema() order by table_name, column_name`.execute(store.reader);
    const sixtyFourBit = columns.rows.filter((column) => /(_vnd|position|head_at_start|events_processed)$/.test(column.column_name));
    expect(sixtyFourBit.length).toBeGreaterThan(20);
    expect(sixtyFourBit.filter((column) => column.data_type !== 'bigint')).toEqual([]);
    const tables = new Set(columns.rows.map((column) => column.table_name));
    for (const projection of allProjections) for (const table of projection.tables) expect(tables.has(table.name)).toBe(true);
    const generations = await store.reader.selectFrom('projection_generations').select(['projection_name', 'generation']).orderBy('projection_name').execute();
    expect(generations.map((row) => [row.projection_name, row.generation])).toEqual([
      ['account-history', 0],
      ['approvals', 0],
      ['audit-trail', 0],
      ['balances', 0],
      ['registry', 0],
      ['transfers', 0],
    ]);
  });

  it('reads 64-bit integers back exactly, above 2^53 and at both ends of the range, raw and through the queries', async () => {
    await prepareReadStore(store, allProjections, new Date(Date.UTC(2024, 0, 1)));
    await store.writer.insertInto('localities').values({ locality_id: '11', code: '11', name: 'Tỉnh Điện Biên', level: 'province', parent_id: 'VN', valid_from: null, valid_to: null }).execute();
    await store.writer.insertInto('locality_closure').values([
      { ancestor_id: '11', descendant_id: '11', depth: 0 },
      { ancestor_id: 'VN', descendant_id: '11', depth: 1 },
    ]).execute();
    await store.writer
      .insertInto('account_balances')
      .values([balanceRow('DTTS.2024.11.DTPT.NSTW._', '11', int64Max, int64Max), balanceRow('DTTS.2024.VN.DTPT.NSTW._', 'VN', int64Min, aboveSafeInteger)])
      .execute();
    await store.writer.insertInto('locality_line_totals').values([lineTotalRow('11', int64Max), lineTotalRow('VN', int64Min)]).execute();
    await store.writer
      .insertInto('audit_events')
      .values({
        position: aboveSafeInteger,
        event_id: 'e1',
        event_type: 'BudgetAssigned',
        stream_id: 'account-DTTS.2024.11.DTPT.NSTW._',
        program_code: 'DTTS',
        locality_id: '11',
        amount_vnd: int64Max,
        counterparty_account_id: null,
        transfer_id: null,
        transfer_kind: null,
        disbursement_id: null,
        voucher_ref: null,
        disbursed_on: null,
        reason: null,
        actor_id: null,
        actor_role: null,
        actor_jurisdiction: null,
        decision_ref: null,
        effective_date: null,
        recorded_at: '2024-01-01T00:00:00.000Z',
        command_id: null,
        details: null,
      })
      .execute();
    await store.writer.updateTable('projection_checkpoints').set({ position: aboveSafeInteger }).execute();

    const raw = await store.reader.selectFrom('account_balances').select(['account_id', 'available_vnd', 'last_position']).orderBy('account_id').execute();
    expect(raw).toEqual([
      { account_id: 'DTTS.2024.11.DTPT.NSTW._', available_vnd: int64Max, last_position: int64Max },
      { account_id: 'DTTS.2024.VN.DTPT.NSTW._', available_vnd: int64Min, last_position: aboveSafeInteger },
    ]);
    const balance = await findBalance(store.reader, 'DTTS.2024.11.DTPT.NSTW._');
    expect(balance.position).toBe(aboveSafeInteger);
    expect(balance.value).toMatchObject({ assignedVnd: int64Max, availableVnd: int64Max, inTransitOutVnd: int64Max, lastPosition: int64Max });
    const audit = await auditTrail(store.reader, {}, -1n, 10);
    expect(audit.value.entries.map((entry) => [entry.position, entry.amountVnd])).toEqual([[aboveSafeInteger, int64Max]]);
    // Sums come back as numeric text; the subtree of VN adds the two rows: (2^63 - 1) + (-2^63) = -1.
    const rollup = await localityRollup(store.reader, 'VN', {});
    expect(rollup.value.lines.map((line) => [line.accountCount, line.availableVnd, line.disbursedVnd])).toEqual([[2, -1n, -1n]]);
    const province = await localityRollup(store.reader, '11', {});
    expect(province.value.lines.map((line) => line.availableVnd)).toEqual([int64Max]);
  });

  it('answers queries on read-only connections with a time limit; the writer has none', async () => {
    const setting = async (db: ReadStore['reader'], name: string): Promise<string> =>
      (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db)).rows[0].value;
    expect([await setting(store.reader, 'default_transaction_read_only'), await setting(store.reader, 'statement_timeout')]).toEqual(['on', '30s']);
    expect([await setting(store.writer, 'default_transaction_read_only'), await setting(store.writer, 'statement_timeout')]).toEqual(['off', '0']);
    await expect(sql`insert into projection_checkpoints (projection_name, position, updated_at) values ('intruder', 0, 'now')`.execute(store.reader)).rejects.toMatchObject({
      code: '25006', // read_only_sql_transaction
    });
  });

  it('refuses a database that does not sort text by code point, naming the fix', async () => {
    let connectionString: string;
    try {
      connectionString = await server().createDatabase({ icuLocale: 'en-US' });
    } catch (error) {
      // A server without ICU (or older than 15) cannot make such a database; nothing to check there.
      console.warn(`not checked against ${server().description}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const opening = PostgresReadStore.open({ connectionString });
    await expect(opening).rejects.toBeInstanceOf(ReadStoreCollationError);
    await expect(opening).rejects.toThrow(/LC_COLLATE 'C'/);
    await server().dropDatabase(connectionString);
  });

  it('fails to open when the server cannot be reached', async () => {
    // Nothing listens on port 1 of the loopback address.
    await expect(PostgresReadStore.open({ connectionString: 'postgres://ledger@127.0.0.1:1/ledger', connectTimeoutMs: 2_000 })).rejects.toThrow(/ECONNREFUSED/);
  });
});
