/**
 * Run as its own process by the embedded store's tests: closes a store with a live subscription
 * while hundreds of appends are still queued for the writer thread. A store that spins instead of
 * closing starves its own event loop, so only another process can see it hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { SqliteEventStore } from '@ledger/event-store-sqlite';

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-close-'));
  try {
    const store = await SqliteEventStore.open({ filePath: join(directory, 'events.sqlite') });
    const subscription = store.subscribeToAll();
    const consumed = (async () => {
      for await (const message of subscription) void message;
    })();
    const appends = Array.from({ length: 300 }, (_, index) =>
      store.appendToStream(`stream-${index}`, [{ id: uuidv7(), type: 'Noted', data: {}, metadata: {} }], { expectedRevision: 'any' }).then(
        () => 'appended',
        () => 'refused',
      ),
    );
    await store.close();
    const outcomes = await Promise.all(appends);
    await consumed;
    process.stdout.write(`closed; ${outcomes.filter((outcome) => outcome === 'appended').length} appended\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

void main();
