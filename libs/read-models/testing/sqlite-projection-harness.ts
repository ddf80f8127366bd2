import { randomUUID } from 'node:crypto';
import { accountStreamId, encodeEventData, eventCatalogue, parseAccountId, type DomainEvent } from '@ledger/domain';
import type { JsonObject } from '@ledger/event-store';
import { openSqliteReadStore } from '@ledger/read-models-sqlite';
import { allProjections } from '../src/projections/catalogue';
import { EventDecoder } from '../src/projections/decoded-event';
import type { Projection } from '../src/projections/projection';
import type { ReadTableName } from '../src/read-database';
import type { ReadStore } from '../src/read-store';
import { applyBatch, type BatchTarget } from '../src/runner/apply-batch';
import { prepareReadStore } from '../src/runner/projection-runner';
import type { ProjectionEvent } from '../src/source/event-source';
import { StatementCache } from '../src/writing/bulk-writer';

export interface EventOptions {
  readonly decisionRef?: string | null;
  readonly effectiveDate?: string;
  readonly actorId?: string;
  readonly commandId?: string;
  readonly recordedAt?: Date;
}

/** Stored events with consecutive positions, as the event store would hand them to projections. */
export class EventLog {
  readonly events: ProjectionEvent[] = [];

  append(streamId: string, event: DomainEvent, options: EventOptions = {}): ProjectionEvent {
    const stored: ProjectionEvent = {
      position: BigInt(this.events.length),
      id: randomUUID(),
      streamId,
      type: event.type,
      data: encodeEventData(event) as JsonObject,
      metadata: {
        commandId: options.commandId ?? `cmd-${this.events.length}`,
        correlationId: 'test',
        causationId: 'test',
        actor: { id: options.actorId ?? 'tester', role: 'finance-officer', jurisdiction: null },
        decisionRef: options.decisionRef === undefined ? 'QĐ-test' : options.decisionRef,
        effectiveDate: options.effectiveDate ?? '2024-03-01',
        recordedAt: (options.recordedAt ?? new Date(Date.UTC(2024, 2, 1))).toISOString(),
        schemaVersion: eventCatalogue[event.type].schemaVersion,
      },
      recordedAt: options.recordedAt ?? new Date(Date.UTC(2024, 2, 1, 0, 0, this.events.length)),
    };
    this.events.push(stored);
    return stored;
  }

  /** An event in an account's stream, the account named by its id (`DTTS.2024.11.DTPT.NSTW._`). */
  account(accountId: string, event: DomainEvent, options?: EventOptions): ProjectionEvent {
    const key = parseAccountId(accountId);
    if (!key) throw new Error(`${accountId} is not an account id`);
    return this.append(accountStreamId(key), event, options);
  }
}

/** Projections applied to events in an in-memory read store, the way the runner applies them. */
export class ProjectionHarness {
  private readonly statements = new StatementCache();
  private readonly decoder = new EventDecoder();
  private readonly targets: BatchTarget[];

  private constructor(
    readonly store: ReadStore,
    projections: readonly Projection[],
  ) {
    this.targets = projections.map((projection) => ({ projection, checkpointName: projection.name, physicalName: (table) => table, position: -1n }));
  }

  static async open(options: { readonly filePath?: string; readonly projections?: readonly Projection[] } = {}): Promise<ProjectionHarness> {
    const projections = options.projections ?? allProjections;
    const store = await openSqliteReadStore({ filePath: options.filePath ?? ':memory:' });
    await prepareReadStore(store, projections, new Date(Date.UTC(2024, 0, 1)));
    return new ProjectionHarness(store, projections);
  }

  /** Applies the events in batches of `batchSize` (all at once by default). */
  async apply(events: readonly ProjectionEvent[], batchSize = events.length): Promise<void> {
    for (let start = 0; start < events.length; start += Math.max(1, batchSize)) {
      const batch = events.slice(start, start + Math.max(1, batchSize));
      if (batch.length > 0) await applyBatch(this.store.writer, this.statements, this.decoder, this.targets, batch, '2024-01-01T00:00:00.000Z');
    }
  }

  /** Every row of a table, ordered by all its columns, with 64-bit values as bigint. */
  async rows(table: ReadTableName): Promise<Record<string, unknown>[]> {
    const rows = (await this.store.reader.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    return rows.map(normalise).sort((a, b) => (JSON.stringify(a, replacer) < JSON.stringify(b, replacer) ? -1 : 1));
  }

  /** Every row of a table in the order of one column. */
  async rowsBy(table: ReadTableName, column: string): Promise<Record<string, unknown>[]> {
    const rows = (await this.store.reader.selectFrom(table).selectAll().orderBy(column as never).execute()) as Record<string, unknown>[];
    return rows.map(normalise);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function normalise(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' ? BigInt(value) : value]));
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * A harness a describe block opens before its tests and closes after them, with `events` applied
 * in batches of `batchSize` (all at once by default): the returned function gives it to the tests.
 */
export function useProjectionHarness(events: readonly ProjectionEvent[], options: { readonly projections?: readonly Projection[]; readonly batchSize?: number } = {}): () => ProjectionHarness {
  let harness: ProjectionHarness | undefined;
  beforeAll(async () => {
    harness = await ProjectionHarness.open({ projections: options.projections });
    await harness.apply(events, options.batchSize);
  });
  afterAll(() => harness?.close());
  return () => {
    if (harness === undefined) throw new Error('the projection harness opens in beforeAll');
    return harness;
  };
}
