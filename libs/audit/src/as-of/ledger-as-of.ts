import type { Kysely } from 'kysely';
import {
  applyBatch,
  EventDecoder,
  prepareReadStore,
  projectionNamed,
  StatementCache,
  type BatchTarget,
  type ProjectionEvent,
  type ProjectionEventSource,
  type ReadDatabase,
  type ReadStore,
} from '@ledger/read-models';
import { DifferenceCollector, inView, type AsOfView, type ViewDifferences } from './as-of-view';

/** A fresh, empty read store of the read models' schema for one as-of answer (in memory on the embedded default). */
export type ScratchReadStoreFactory = () => Promise<ReadStore>;

/** Events folded per batch into the scratch read store, as the projection runner batches them. */
export const asOfBatchEventCountMax = 5_000;

export interface LedgerAsOfAnswer<T> {
  readonly value: T;
  /**
   * The position the answer reflects: for `asOfPosition` the position asked; for `knownAt` the last
   * event the store had recorded by then; for `asOfDate` the last event read (the view is of what
   * the ledger knows now about that date).
   */
  readonly position: bigint;
  readonly eventsInView: number;
  readonly differences: ViewDifferences | null;
}

const foldedProjections = [projectionNamed('registry'), projectionNamed('balances')];

/**
 * Roll-ups and the disbursement report as of a view of the past, computed from the events, not
 * from today's read models: the events in the view are folded by the very projections that keep
 * the read models (registry and balances) into a scratch read store, and the very queries run on
 * it. So an answer at position P is the read models' answer at P, byte for byte, and the other
 * views are the same figures over another set of events.
 */
export class LedgerAsOf {
  constructor(
    private readonly source: ProjectionEventSource,
    private readonly scratch: ScratchReadStoreFactory,
  ) {}

  /** The query's answer on a read store holding the registry and balances as of the view. */
  async folded<T>(view: AsOfView, query: (db: Kysely<ReadDatabase>) => Promise<T>): Promise<LedgerAsOfAnswer<T>> {
    const store = await this.scratch();
    try {
      const now = new Date(0);
      await prepareReadStore(store, foldedProjections, now);
      const targets: BatchTarget[] = foldedProjections.map((projection) => ({ projection, checkpointName: projection.name, physicalName: (table) => table, position: -1n }));
      const statements = new StatementCache();
      const decoder = new EventDecoder();
      const differences = new DifferenceCollector(view);
      let batch: ProjectionEvent[] = [];
      let eventsInView = 0;
      let lastInView = -1n;
      let lastRead = -1n;
      const flush = async (): Promise<void> => {
        if (batch.length > 0) await applyBatch(store.writer, statements, decoder, targets, batch, now.toISOString());
        batch = [];
      };
      for (let after = -1n; ; ) {
        const page = await this.source.readAfter(after, asOfBatchEventCountMax);
        if (page.length === 0) break;
        let beyond = false;
        for (const event of page) {
          // Positions only grow: past the position asked, nothing more can be in its view.
          if (view.kind === 'position' && event.position > view.asOfPosition) {
            beyond = true;
            break;
          }
          lastRead = event.position;
          const holds = inView(view, event);
          differences.consider(event, holds);
          if (!holds) continue;
          batch.push(event);
          eventsInView += 1;
          lastInView = event.position;
        }
        if (batch.length >= asOfBatchEventCountMax) await flush();
        if (beyond) break;
        after = page[page.length - 1].position;
      }
      await flush();
      const position = view.kind === 'position' ? view.asOfPosition : view.kind === 'recorded-time' ? lastInView : lastRead;
      return { value: await query(store.reader), position, eventsInView, differences: differences.summary() };
    } finally {
      await store.close();
    }
  }
}
