import type { ProjectionEventSource, ReadStore } from '@ledger/read-models';
import { SqliteEventFileSource } from './sqlite-event-file-source';
import { openSqliteReadStore } from './sqlite-read-store';

export interface EmbeddedReadSide {
  readonly store: ReadStore;
  readonly source: ProjectionEventSource;
}

/** The embedded read side: the read store file and a bulk reader of the embedded event store's file. */
export async function openEmbeddedReadSide(options: { readonly readStoreFile: string; readonly eventStoreFile: string }): Promise<EmbeddedReadSide> {
  const store = await openSqliteReadStore({ filePath: options.readStoreFile });
  try {
    return { store, source: new SqliteEventFileSource(options.eventStoreFile) };
  } catch (error) {
    await store.close();
    throw error;
  }
}
