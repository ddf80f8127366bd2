import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckpointStoreContract } from '@ledger/event-store/testing';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

runCheckpointStoreContract('SqliteCheckpointStore', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-checkpoints-'));
  folders.push(folder);
  const filePath = join(folder, 'checkpoints.sqlite');
  let store = new SqliteCheckpointStore(filePath);
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = new SqliteCheckpointStore(filePath);
      return store;
    },
  };
});
