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

  it('loads nothing for a new subscriber, then the last position saved, exactly and across reopening', async () => {
    const store = await PostgresCheckpointStore.open({ connectionString: url });
    expect(await store.load('transfer-process-manager')).toBeUndefined();
    await store.save('transfer-process-manager', 41n);
    await store.save('transfer-process-manager', 2n ** 63n - 1n);
    await store.save('other', 7n);
    await store.close();
    await store.close();

    const reopened = await PostgresCheckpointStore.open({ connectionString: url });
    expect(await reopened.load('transfer-process-manager')).toBe(2n ** 63n - 1n);
    expect(await reopened.load('other')).toBe(7n);
    await reopened.close();
  });
});
