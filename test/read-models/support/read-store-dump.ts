import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { ProjectionRunner, type ReadStore, type ReadTableName } from '@ledger/read-models';
import { openEmbeddedReadSide } from '@ledger/read-models-sqlite';

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

/**
 * The dump of a fresh read store in `dir`, projected from position zero by a live runner in
 * batches of `batchEventCountMax` events: what rebuilt tables must equal.
 */
export async function dumpOfFreshProjection(eventStore: EventStore, options: { readonly dir: string; readonly eventStoreFile: string; readonly batchEventCountMax: number }): Promise<Record<string, string[]>> {
  const fresh = await openEmbeddedReadSide({ readStoreFile: join(options.dir, `fresh-${randomUUID()}.sqlite`), eventStoreFile: options.eventStoreFile });
  const runner = new ProjectionRunner(fresh.store, fresh.source, eventStore, { batchEventCountMax: options.batchEventCountMax });
  try {
    await runner.start();
    expect(await runner.waitFor(await eventStore.headPosition(), 30_000)).toBe(true);
    await runner.stop();
    return await dumpReadStore(fresh.store);
  } finally {
    await fresh.store.close();
    await fresh.source.close();
  }
}
