import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountHistory, linkEvents, scanLedger, type AsOfView } from '@ledger/audit';
import { encodeEventData, parseAccountId, type AccountKey, type DomainEvent } from '@ledger/domain';
import type { EventToAppend, JsonObject } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { accountHistoryProjection, applyBatch, EventDecoder, prepareReadStore, StatementCache, type BatchTarget } from '@ledger/read-models';
import { openSqliteReadStore, SqliteEventFileSource } from '@ledger/read-models-sqlite';
import { childMain } from '../support/child-process';
import { peakRssMb, round } from '../support/driver';
import { seededRandom } from '../support/workload';
import { readParse } from './raw-sqlite';

/**
 * The audit's costs on one store written through the port with hash links, as the ledger links:
 * an account with `accountEvents` events (budget, payments, some entered late), then
 * - as-of balances of that account: the first (which folds the whole stream and takes its
 *   snapshots) and the following ones, for each view;
 * - the first answer after a restart with the account history projection in a read store (built
 *   here from the file, its time reported): one fresh `AccountHistory` per view;
 * - `audit verify`'s pass (every link checked, every event hashed for the Merkle tree) against a
 *   raw better-sqlite3 read-and-parse of the same file, alternated over `rounds`;
 * - the cost of linking one command's event (canonical JSON and sha256), per event.
 */
export interface AuditInput {
  readonly accountEvents: number;
  readonly asOfQueries: number;
  readonly linkIterations: number;
  readonly rounds: number;
  readonly seed: number;
}

export interface AuditOutput {
  readonly accountEvents: number;
  readonly generationSeconds: number;
  readonly asOf: {
    readonly firstMs: number;
    readonly medianMs: Record<AsOfView['kind'], number>;
    readonly maxMs: number;
    readonly snapshotEveryEvents: number;
    /** With the account history in the read store: the first answer of a fresh process, per view (median of `restarts`), and the projection's build. */
    readonly afterRestart: { readonly firstMs: Record<AsOfView['kind'], number>; readonly maxMs: number; readonly restarts: number; readonly historyBuildSeconds: number };
  };
  readonly verify: { readonly eventsPerSecond: number; readonly rawReadParseEventsPerSecond: number; readonly ratios: readonly number[]; readonly events: number };
  readonly link: { readonly microsecondsPerEvent: number; readonly iterations: number };
  readonly peakRssMb: number;
}

const account = parseAccountId('DTTS.2024.096.DTPT.NSTW._') as AccountKey;
const streamId = 'account-DTTS.2024.096.DTPT.NSTW._';
const appendBatchEvents = 1_000;
const firstDayMs = Date.UTC(2024, 0, 1, 2);

function eventAt(index: number, random: () => number): { event: DomainEvent; effectiveDate: string; lateEntry: boolean } {
  // One budget for every four payments; a payment now and then entered late, dated weeks back.
  const day = new Date(firstDayMs + Math.floor((index * 300 * 86_400_000) / 100_000)).toISOString().slice(0, 10);
  if (index % 5 === 0) return { event: { type: 'BudgetAssigned', data: { amountVnd: 4_000_000n } }, effectiveDate: day, lateEntry: false };
  const late = random() < 0.02;
  const effectiveDate = late ? new Date(Date.parse(`${day}T00:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10) : day;
  const disbursementId = `0190f0a0-0000-7000-8000-${String(index).padStart(12, '0')}`;
  return { event: { type: 'FundsDisbursed', data: { disbursementId, amountVnd: BigInt(1 + Math.floor(random() * 900_000)), voucherRef: `KB-${index}`, disbursedOn: effectiveDate } }, effectiveDate, lateEntry: late };
}

function metadataOf(index: number, effectiveDate: string, lateEntry: boolean): JsonObject {
  const metadata: JsonObject = {
    commandId: `bench-${index}`,
    correlationId: `bench-${index}`,
    causationId: `bench-${index}`,
    actor: { id: 'ke-toan-096', role: 'finance-officer', jurisdiction: '096', issuer: 'program-ledger' },
    decisionRef: '412/QĐ-UBND',
    effectiveDate,
    recordedAt: new Date(firstDayMs + index * 60_000).toISOString(),
    schemaVersion: 1,
  };
  if (lateEntry) metadata.lateEntry = true;
  return metadata;
}

export async function writeStore(filePath: string, events: number, seed: number): Promise<void> {
  const store = await SqliteEventStore.open({ filePath, writer: 'inline' });
  const random = seededRandom(seed);
  let lastHash: string | null = null;
  try {
    for (let start = 0; start < events; start += appendBatchEvents) {
      const batch: EventToAppend[] = [];
      for (let index = start; index < Math.min(events, start + appendBatchEvents); index += 1) {
        const { event, effectiveDate, lateEntry } = eventAt(index, random);
        batch.push({ id: `0190f0a1-0000-7000-8000-${String(index).padStart(12, '0')}`, type: event.type, data: encodeEventData(event) as JsonObject, metadata: metadataOf(index, effectiveDate, lateEntry) });
      }
      const linked = linkEvents({ streamId, revision: BigInt(start) - 1n, lastHash }, batch);
      lastHash = linked.lastHash;
      await store.appendToStream(streamId, linked.events, { expectedRevision: start === 0 ? 'no_stream' : BigInt(start - 1) });
    }
  } finally {
    await store.close();
  }
}

/** Rounds of restarts measured per view. */
const restartRounds = 7;

/**
 * The account history projection folded from the event file into a fresh read store, then, per
 * round and view, a fresh `AccountHistory` (as after a restart) answering one question.
 */
export async function firstAnswersAfterRestart(filePath: string, readFilePath: string, accountEvents: number, seed: number): Promise<AuditOutput['asOf']['afterRestart']> {
  const readStore = await openSqliteReadStore({ filePath: readFilePath });
  const source = new SqliteEventFileSource(filePath);
  const store = await SqliteEventStore.open({ filePath, writer: 'inline' });
  try {
    const buildStarted = performance.now();
    const now = new Date();
    await prepareReadStore(readStore, [accountHistoryProjection], now);
    const target: BatchTarget = { projection: accountHistoryProjection, checkpointName: accountHistoryProjection.name, physicalName: (table) => table, position: -1n };
    const statements = new StatementCache();
    const decoder = new EventDecoder();
    for (let after = -1n; ; ) {
      const page = await source.readAfter(after, 5_000);
      if (page.length === 0) break;
      after = await applyBatch(readStore.writer, statements, decoder, [target], page, now.toISOString());
    }
    const historyBuildSeconds = round((performance.now() - buildStarted) / 1000, 2);
    const random = seededRandom(seed + 3);
    const timings: Record<AsOfView['kind'], number[]> = { position: [], 'recorded-time': [], 'effective-date': [] };
    for (let restart = 0; restart < restartRounds; restart += 1) {
      for (const kind of ['position', 'recorded-time', 'effective-date'] as const) {
        const share = random();
        const view: AsOfView =
          kind === 'position'
            ? { kind, asOfPosition: BigInt(Math.floor(share * (accountEvents - 1))) }
            : kind === 'recorded-time'
              ? { kind, knownAt: new Date(Date.now() - 1_000 + share) }
              : { kind, asOfDate: new Date(firstDayMs + share * 300 * 86_400_000).toISOString().slice(0, 10) };
        const started = performance.now();
        await new AccountHistory(store, 1_000, readStore.reader).asOf(account, view);
        timings[kind].push(performance.now() - started);
      }
    }
    const all = [...timings.position, ...timings['recorded-time'], ...timings['effective-date']];
    return {
      firstMs: { position: round(median(timings.position), 2), 'recorded-time': round(median(timings['recorded-time']), 2), 'effective-date': round(median(timings['effective-date']), 2) },
      maxMs: round(Math.max(...all), 2),
      restarts: restartRounds,
      historyBuildSeconds,
    };
  } finally {
    await store.close();
    await source.close();
    await readStore.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function verifyPass(filePath: string): Promise<{ events: number; eventsPerSecond: number }> {
  const source = new SqliteEventFileSource(filePath);
  try {
    const started = performance.now();
    const scan = await scanLedger(source, {});
    if (scan.chain.breakCount > 0) throw new Error(`the bench store does not verify: ${scan.chain.firstBreak?.message}`);
    const seconds = (performance.now() - started) / 1000;
    return { events: scan.chain.events, eventsPerSecond: Math.round(scan.chain.events / seconds) };
  } finally {
    await source.close();
  }
}

async function run(input: AuditInput): Promise<AuditOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-audit-'));
  const filePath = join(dir, 'events.sqlite');
  try {
    const generationStarted = performance.now();
    await writeStore(filePath, input.accountEvents, input.seed);
    const generationSeconds = round((performance.now() - generationStarted) / 1000, 2);

    // As-of balances, on the store as the API opens it.
    const store = await SqliteEventStore.open({ filePath, writer: 'inline' });
    const history = new AccountHistory(store);
    const random = seededRandom(input.seed + 1);
    const lastDay = new Date(firstDayMs + 300 * 86_400_000).getTime();
    const viewOf = (kind: AsOfView['kind']): AsOfView => {
      const share = random();
      if (kind === 'position') return { kind, asOfPosition: BigInt(Math.floor(share * (input.accountEvents - 1))) };
      const at = firstDayMs + share * (lastDay - firstDayMs);
      return kind === 'recorded-time' ? { kind, knownAt: new Date(firstDayMs + share * input.accountEvents * 60_000) } : { kind, asOfDate: new Date(at).toISOString().slice(0, 10) };
    };
    let firstMs: number;
    const timings: Record<AsOfView['kind'], number[]> = { position: [], 'recorded-time': [], 'effective-date': [] };
    try {
      const firstStarted = performance.now();
      await history.asOf(account, viewOf('position'));
      firstMs = performance.now() - firstStarted;
      for (let query = 0; query < input.asOfQueries; query += 1) {
        for (const kind of ['position', 'recorded-time', 'effective-date'] as const) {
          const started = performance.now();
          await history.asOf(account, viewOf(kind));
          timings[kind].push(performance.now() - started);
        }
      }
    } finally {
      await store.close();
    }

    const afterRestart = await firstAnswersAfterRestart(filePath, join(dir, 'read.sqlite'), input.accountEvents, input.seed);

    // Verify against the raw read, alternating which goes first.
    const ratios: number[] = [];
    let verifyRate = 0;
    let rawRate = 0;
    let events = 0;
    for (let round_ = 0; round_ < input.rounds; round_ += 1) {
      const order = round_ % 2 === 0 ? (['verify', 'raw'] as const) : (['raw', 'verify'] as const);
      let verified = { events: 0, eventsPerSecond: 0 };
      let raw = 0;
      for (const step of order) {
        if (step === 'verify') verified = await verifyPass(filePath);
        else raw = readParse(filePath).eventsPerSecond;
      }
      ratios.push(round(verified.eventsPerSecond / raw, 3));
      verifyRate = Math.max(verifyRate, verified.eventsPerSecond);
      rawRate = Math.max(rawRate, raw);
      events = verified.events;
    }

    // One command's link: the event the ledger writes for a payment, with its metadata.
    const linkRandom = seededRandom(input.seed + 2);
    const sample = Array.from({ length: 256 }, (_, index) => {
      const { event, effectiveDate, lateEntry } = eventAt(index + 1, linkRandom);
      return { id: `0190f0a2-0000-7000-8000-${String(index).padStart(12, '0')}`, type: event.type, data: encodeEventData(event) as JsonObject, metadata: metadataOf(index, effectiveDate, lateEntry) };
    });
    let previous: string | null = null;
    for (let index = 0; index < 2_000; index += 1) previous = linkEvents({ streamId, revision: BigInt(index), lastHash: previous }, [sample[index % sample.length]]).lastHash;
    const linkStarted = performance.now();
    for (let index = 0; index < input.linkIterations; index += 1) previous = linkEvents({ streamId, revision: BigInt(index), lastHash: previous }, [sample[index % sample.length]]).lastHash;
    const microsecondsPerEvent = round(((performance.now() - linkStarted) * 1000) / input.linkIterations, 2);

    const all = [...timings.position, ...timings['recorded-time'], ...timings['effective-date']];
    return {
      accountEvents: input.accountEvents,
      generationSeconds,
      asOf: {
        firstMs: round(firstMs, 1),
        medianMs: { position: round(median(timings.position), 2), 'recorded-time': round(median(timings['recorded-time']), 2), 'effective-date': round(median(timings['effective-date']), 2) },
        maxMs: round(Math.max(...all), 2),
        snapshotEveryEvents: 1_000,
        afterRestart,
      },
      verify: { eventsPerSecond: verifyRate, rawReadParseEventsPerSecond: rawRate, ratios, events },
      link: { microsecondsPerEvent, iterations: input.linkIterations },
      peakRssMb: peakRssMb(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) childMain(run);
