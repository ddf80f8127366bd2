import { runCheckpointStoreContract } from '@ledger/event-store/testing';
import { PostgresCheckpointStore } from '@ledger/read-models-postgres';
import { describeWithPostgres } from '../../support/postgres';

describeWithPostgres('PostgresCheckpointStore', (server) => {
  let url: string;
  beforeAll(async () => {
    url = await server().createDatabase();
  });
  afterAll(async () => {
    await server().dropDatabase(url);
  });

  runCheckpointStoreContract('PostgresCheckpointStore', async () => {
    let store = await PostgresCheckpointStore.open({ connectionString: url });
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = await PostgresCheckpointStore.open({ connectionString: url });
        return store;
      },
    };
  });
});
