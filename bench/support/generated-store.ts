import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandsInProcessOutput } from '../scenarios/commands-in-process';
import type { GenerateInput, GenerateOutput } from '../scenarios/generate-events';
import type { RebuildOutput } from '../scenarios/projections';
import type { ReadParseOutput } from '../scenarios/raw-sqlite';
import { runScenario, storeStepTimeoutMs, type BenchContext } from './bench-context';
import type { Attempt } from './rounds';

/** A store made by the event generator in a folder of its own, which the caller removes. */
export interface GeneratedStore {
  readonly events: number;
  readonly dataDir: string;
  readonly eventFile: string;
}

/**
 * What was measured on one generated store. The steps run in order and a step that throws ends
 * them: what was measured before it is kept beside the error. The rebuild is an attempt of its
 * own (null when the projection API is missing), so that its failure leaves the other figures.
 */
export interface StoreMeasurement {
  readonly events: number;
  readonly generation: GenerateOutput | null;
  readonly rawReadParse: ReadParseOutput | null;
  readonly rebuild: Attempt<RebuildOutput> | null;
  /** The same rebuild into PostgreSQL, on the store of the rebuild's size only; null elsewhere. */
  readonly rebuildPostgres?: Attempt<RebuildOutput> | { readonly skipped: string } | null;
  /** Null at a size that is only the rebuild's, not a growth point. */
  readonly commands: CommandsInProcessOutput | null;
  /** Null when every step ran. */
  readonly error: unknown;
}

/** An empty folder under the system's temporary directory for a store of `events` events. */
export function temporaryStore(events: number): GeneratedStore {
  const dataDir = mkdtempSync(join(tmpdir(), `ledger-bench-store-${events}-`));
  return { events, dataDir, eventFile: join(dataDir, 'events.sqlite') };
}

/** A store of 10M events takes 9 GB: it goes as soon as its steps are done, whatever they gave. */
export function removeStore(store: GeneratedStore): void {
  rmSync(store.dataDir, { recursive: true, force: true });
}

/** Fills the store with `events` events of the workload's history; see `support/event-generator.ts`. */
export async function generateStore(context: BenchContext, store: GeneratedStore): Promise<GenerateOutput> {
  context.step(`store of ${store.events.toLocaleString('en')} events: generating…`);
  return runScenario<GenerateOutput>('generate-events', { dataDir: store.dataDir, events: store.events, seed: context.seed } satisfies GenerateInput, { timeoutMs: storeStepTimeoutMs });
}
