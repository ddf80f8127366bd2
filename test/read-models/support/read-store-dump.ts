import type { ReadStore, ReadTableName } from '@ledger/read-models';

export const readModelTables: readonly ReadTableName[] = [
  'localities',
  'locality_closure',
  'locality_successions',
  'programs',
  'program_components',
  'account_balances',
  'locality_line_totals',
  'locality_flows',
  'locality_monthly_totals',
  'locality_monthly_flows',
  'audit_events',
  'transfers',
];

function text(value: unknown): string {
  return typeof value === 'bigint' || typeof value === 'number' ? `n:${value.toString()}` : JSON.stringify(value);
}

/** Every row of every read-model table, as sorted lines of text: two stores are equal when their dumps are. */
export async function dumpReadStore(store: ReadStore): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of readModelTables) {
    const rows = (await store.reader.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    dump[table] = rows.map((row) => Object.keys(row).sort().map((key) => `${key}=${text(row[key])}`).join(' ')).sort();
  }
  return dump;
}
