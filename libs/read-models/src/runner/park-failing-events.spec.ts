import type { EventStore, Subscription, SubscriptionMessage } from '@ledger/event-store';
import { EventLog, ProjectionHarness } from '../../testing/sqlite-projection-harness';
import { ledgerStory, registryEvents } from '../../testing/ledger-story';
import { allProjections } from '../projections/catalogue';
import { EventDecoder } from '../projections/decoded-event';
import type { Projection } from '../projections/projection';
import type { ProjectionEvent, ProjectionEventSource } from '../source/event-source';
import { StatementCache } from '../writing/bulk-writer';
import type { BatchTarget } from './apply-batch';
import { applyParkingFailures } from './park-failing-events';
import { ProjectionRunner } from './projection-runner';

/** The shared story with the events at `badIndexes` made undecodable (an amount that is not whole đồng). */
function storyWithBadEvents(badIndexes: readonly number[]): ProjectionEvent[] {
  const log = new EventLog();
  registryEvents(log);
  ledgerStory(log);
  return log.events.map((event, index) => (badIndexes.includes(index) ? { ...event, type: 'FundsDisbursed', data: { ...event.data, amountVnd: 'lots' } } : event));
}

function targetsOf(projections: readonly Projection[]): BatchTarget[] {
  return projections.map((projection) => ({ projection, checkpointName: projection.name, physicalName: (table) => table, position: -1n }));
}

const silent = { log: () => undefined, error: () => undefined };

describe('applying a batch that fails, parking the events that fail alone', () => {
  it('finds each failing event by halves, parks it for every projection it fails in, and applies every other event', async () => {
    const events = storyWithBadEvents([3, 17]);
    const harness = await ProjectionHarness.open();
    try {
      const targets = targetsOf(allProjections);
      const parked = await applyParkingFailures({ db: harness.store.writer, statements: new StatementCache(), decoder: new EventDecoder(), now: '2024-01-01T00:00:00.000Z', logger: silent }, targets, events);
      expect(parked.map((record) => `${record.checkpointName}@${record.event.position.toString()} ${record.code}`).sort()).toEqual(
        [3n, 17n].flatMap((position) => allProjections.map((projection) => `${projection.name}@${position.toString()} EVENT_UNREADABLE`)).sort(),
      );
      expect(targets.map((target) => target.position)).toEqual(allProjections.map(() => events[events.length - 1].position));
      const audited = await harness.rowsBy('audit_events', 'position');
      expect(audited.map((row) => row.position)).toEqual(events.filter((_event, index) => index !== 3 && index !== 17).map((event) => event.position));
      const stored = await harness.rows('projection_parked_events');
      expect(stored).toHaveLength(2 * allProjections.length);
      const checkpoints = await harness.rows('projection_checkpoints');
      expect(checkpoints.map((row) => row.position)).toEqual(allProjections.map(() => events[events.length - 1].position));
    } finally {
      await harness.close();
    }
  });

  it('applies a batch without failures in one transaction and parks nothing', async () => {
    const events = storyWithBadEvents([]);
    const harness = await ProjectionHarness.open();
    try {
      const targets = targetsOf(allProjections);
      let transactions = 0;
      const parked = await applyParkingFailures(
        {
          db: harness.store.writer,
          statements: new StatementCache(),
          decoder: new EventDecoder(),
          now: '2024-01-01T00:00:00.000Z',
          logger: silent,
          alsoInTransaction: async () => {
            transactions += 1;
          },
        },
        targets,
        events,
      );
      expect(parked).toEqual([]);
      expect(transactions).toBe(1);
    } finally {
      await harness.close();
    }
  });
});

/** Events from memory; and an event store whose live subscription never has anything: the runner only catches up. */
function sourceOf(events: readonly ProjectionEvent[]): ProjectionEventSource {
  return {
    readAfter: async (afterPosition, maxCount) => events.filter((event) => event.position > afterPosition).slice(0, maxCount),
    headPosition: async () => events[events.length - 1].position,
    close: async () => undefined,
  };
}

function quietEventStore(): EventStore {
  return {
    subscribeToAll: (): Subscription => {
      let close: () => void = () => undefined;
      const closed = new Promise<IteratorResult<SubscriptionMessage>>((resolve) => (close = () => resolve({ done: true, value: undefined })));
      return { [Symbol.asyncIterator]: () => ({ next: () => closed }), close: async () => close() };
    },
  } as unknown as EventStore;
}

describe('the runner parks only after `batchAttemptsMax` failed attempts', () => {
  for (const batchAttemptsMax of [1, 3]) {
    it(`with ${batchAttemptsMax} attempt(s): ${batchAttemptsMax - 1} retried failure(s), then the event is parked and the runner reaches the head`, async () => {
      const events = storyWithBadEvents([5]);
      const harness = await ProjectionHarness.open({ projections: [] });
      const lines: string[] = [];
      const runner = new ProjectionRunner(harness.store, sourceOf(events), quietEventStore(), {
        batchAttemptsMax,
        retryDelayMs: 1,
        logger: { log: () => undefined, error: (message) => lines.push(message) },
      });
      try {
        await runner.start();
        expect(await runner.waitFor(events[events.length - 1].position, 10_000)).toBe(true);
        expect(runner.counters.eventsParked).toBe(allProjections.length);
        const firstParked = lines.findIndex((line) => line.startsWith('parked event'));
        expect(lines.slice(0, firstParked).filter((line) => line.startsWith('projection batch failed'))).toHaveLength(batchAttemptsMax - 1);
        expect(lines.slice(0, firstParked).every((line) => line.includes('PROJECTION_BATCH_FAILED'))).toBe(true);
      } finally {
        await runner.stop();
        await harness.close();
      }
    });
  }

  it('refuses a limit below one', () => {
    expect(() => new ProjectionRunner({} as never, sourceOf([]), quietEventStore(), { batchAttemptsMax: 0 })).toThrow(RangeError);
  });
});
