/**
 * The event store contract on EventStoreDB: against the wire-level test double (one node with
 * projections off, as a server starts by default, so no `$by_event_type` links), and against a
 * real server when `EVENTSTORE_TEST_URL` names one. The adapter's own behaviour (failover,
 * rights, refusals, command records) is tested in the other `*.integration.test.ts` files here.
 */
import { parseEventStoreUrl } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { runEventStoreContract } from '@ledger/event-store/testing';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import { openTestStore as openStore } from './esdb-integration-support';

/** One harness per test on a server shared by every test of the suite, as the contract allows. */
function harnessOn(connectionString: () => string) {
  return async () => {
    let current: EventStore = await openStore(connectionString());
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await openStore(connectionString());
        return current;
      },
      dispose: async () => {
        await current.close();
      },
    };
  };
}

describe('EsdbEventStore against the test double', () => {
  let double: EsdbTestDouble;

  beforeAll(async () => {
    // Projections off, the server's default: no links between the application's events (the
    // unique-key claims are records between them all the same).
    double = await EsdbTestDouble.start();
  });

  afterAll(async () => {
    await double.stop();
  });

  runEventStoreContract('eventstoredb (test double)', harnessOn(() => double.connectionString));
});

const realServerUrl = process.env.EVENTSTORE_TEST_URL;
if (realServerUrl !== undefined && realServerUrl !== '') {
  const parsed = parseEventStoreUrl(realServerUrl);
  if (parsed.kind !== 'eventstoredb') throw new Error(`EVENTSTORE_TEST_URL must name an EventStoreDB server, got ${parsed.kind}`);
  describe('EsdbEventStore against a real server', () => {
    runEventStoreContract('eventstoredb (real server)', harnessOn(() => parsed.connectionString));
  });
} else {
  // Said while the tests are collected: jest runs no hook of a block whose tests are all skipped.
  console.warn(
    'Skipping the event store contract against a real EventStoreDB: EVENTSTORE_TEST_URL is not set ' +
      '(for example EVENTSTORE_TEST_URL=esdb://127.0.0.1:2113?tls=false npm run test:integration -- libs/event-store-esdb; see docs/event-store-eventstoredb.md, "Tests").',
  );
  describe('EsdbEventStore against a real server', () => {
    it.skip('runs the contract when EVENTSTORE_TEST_URL names a server', () => undefined);
  });
}

