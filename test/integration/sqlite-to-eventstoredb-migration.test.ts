import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { EventStore, EventToAppend, JsonObject } from '@ledger/event-store';
import { EsdbEventStore } from '@ledger/event-store-esdb';
import type { RetryPolicy } from '@ledger/event-store-esdb';
import {
  ExportFileError,
  exportToJsonLines,
  importFromJsonLines,
  MigrationMismatchError,
  verifyMigration,
} from '@ledger/event-store-migration';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { EsdbTestDouble } from '@ledger/esdb-test-double';

describe('migrating the embedded SQLite store to EventStoreDB (test double)', () => {
  let directory: string;
  let exportPath: string;
  let source: SqliteEventStore;
  let double: EsdbTestDouble;
  let target: EsdbEventStore;
  /** What the source holds, in global order. */
  let written: Array<{ streamId: string; event: EventToAppend }>;
  let commandIds: string[];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ledger-migration-'));
    exportPath = join(directory, 'events.jsonl');
    source = await SqliteEventStore.open({ filePath: join(directory, 'events.sqlite') });
    double = await EsdbTestDouble.start();
    target = await EsdbEventStore.open({ connectionString: double.connectionString });
    ({ written, commandIds } = await writeLedgerHistory(source));
  });

  afterEach(async () => {
    await target.close();
    await double.stop();
    await source.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('exports, imports and verifies a round trip; a second import changes nothing', async () => {
    const exported = await exportToJsonLines(source, exportPath);
    expect(exported).toMatchObject({ eventCount: written.length, commandCount: commandIds.length, streamCount: 4 });
    const lines = (await readFile(exportPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as JsonObject);
    expect(lines[0]).toMatchObject({ kind: 'header', format: 'program-ledger.events', formatVersion: 1 });
    expect(lines.at(-1)).toEqual({ kind: 'end', eventCount: written.length, commandCount: commandIds.length, streamCount: 4 });
    expect(lines.filter((line) => line.kind === 'event').map((line) => line.id)).toEqual(written.map(({ event }) => event.id));

    const imported = await importFromJsonLines(exportPath, target);
    expect(imported).toEqual({ eventsAppended: written.length, eventsAlreadyPresent: 0, commandsAppended: commandIds.length, streamCount: 4 });

    const report = await verifyMigration(source, target);
    expect(report).toMatchObject({ matches: true, sameGlobalOrder: true, streamDifferenceCount: 0, commandDifferenceCount: 0 });
    expect(report.source).toEqual({ eventCount: written.length, streamCount: 4, commandCount: commandIds.length });
    expect(report.target).toEqual(report.source);

    // Ids, order within streams, types, data and metadata, key order included.
    for (const streamId of new Set(written.map((entry) => entry.streamId))) {
      const [inSource, inTarget] = [await source.readStream(streamId), await target.readStream(streamId)];
      expect(inTarget.map(({ id, type, revision, data, metadata }) => ({ id, type, revision, data, metadata }))).toEqual(
        inSource.map(({ id, type, revision, data, metadata }) => ({ id, type, revision, data, metadata })),
      );
      expect(inTarget.map((event) => JSON.stringify(event.data))).toEqual(inSource.map((event) => JSON.stringify(event.data)));
    }
    for (const commandId of commandIds) {
      const { firstPosition: _sourceFirst, position: _sourceLast, ...inSource } = (await source.findCommand(commandId)) ?? {};
      const { firstPosition: _targetFirst, position: _targetLast, ...inTarget } = (await target.findCommand(commandId)) ?? {};
      expect(inTarget).toEqual(inSource);
    }

    const recordsBefore = double.log.all.length;
    const again = await importFromJsonLines(exportPath, target);
    expect(again).toEqual({ eventsAppended: 0, eventsAlreadyPresent: written.length, commandsAppended: 0, streamCount: 4 });
    expect(double.log.all.length).toBe(recordsBefore);
  });

  it('finishes an import that was cut short when it is run again', async () => {
    await exportToJsonLines(source, exportPath);
    const appendsBeforeFailure = 5;
    await expect(importFromJsonLines(exportPath, failingAfter(target, appendsBeforeFailure))).rejects.toThrow(/connection lost/);

    const resumed = await importFromJsonLines(exportPath, target);
    expect(resumed.eventsAlreadyPresent).toBeGreaterThanOrEqual(appendsBeforeFailure);
    expect(resumed.eventsAlreadyPresent + resumed.eventsAppended).toBe(written.length);
    expect(await verifyMigration(source, target)).toMatchObject({ matches: true, sameGlobalOrder: true });
  });

  it.each([
    ['a plain batch', 'registry-programs', 'crash-before-write'],
    ['a plain batch', 'registry-programs', 'crash-after-write'],
    ['a command batch with a unique key', 'account-mtqg-giam-ngheo.2025.dien-bien', 'crash-before-write'],
    ['a command batch with a unique key', 'account-mtqg-giam-ngheo.2025.dien-bien', 'crash-after-write'],
  ] as const)('finishes an import whose server died inside %s (%s, %s) when it is run again', async (_what, streamId, fault) => {
    await exportToJsonLines(source, exportPath);
    // A short budget, so the import gives up while the server is down, as an operator's would.
    const impatient = await EsdbEventStore.open({ connectionString: double.connectionString, retry: shortRetry });
    double.injectAppendFault(fault, { stream: streamId });
    await expect(importFromJsonLines(exportPath, impatient)).rejects.toThrow();
    await impatient.close();
    expect(double.running).toBe(false);
    // Killed before the write, the stream is not there; after it, its first batch is, unanswered.
    expect((double.log.stream(streamId)?.length ?? 0) > 0).toBe(fault === 'crash-after-write');

    await double.restart();
    const resumed = await importFromJsonLines(exportPath, target);
    expect(resumed.eventsAlreadyPresent + resumed.eventsAppended).toBe(written.length);
    expect(await verifyMigration(source, target)).toMatchObject({ matches: true, sameGlobalOrder: true, commandDifferenceCount: 0 });
    const again = await importFromJsonLines(exportPath, target);
    expect(again).toMatchObject({ eventsAppended: 0, eventsAlreadyPresent: written.length });
    // The voucher went over with its command and is still taken in the target.
    await expect(
      target.appendToStream('account-someone-else', [ledgerEvent('ChiTra', { voucherRef: voucher })], { expectedRevision: 'no_stream', uniqueKeys: [voucher] }),
    ).rejects.toThrow(/unique key/);
  });

  it('refuses to import over different content, and writes nothing for it', async () => {
    await exportToJsonLines(source, exportPath);
    await importFromJsonLines(exportPath, target);
    const text = await readFile(exportPath, 'utf8');
    const changed = join(directory, 'changed.jsonl');
    await writeFile(changed, text.replace('"amountVnd":"250000000000"', '"amountVnd":"250000000001"'));
    expect(await readFile(changed, 'utf8')).not.toBe(text);

    const recordsBefore = double.log.all.length;
    await expect(importFromJsonLines(changed, target)).rejects.toBeInstanceOf(MigrationMismatchError);
    expect(double.log.all.length).toBe(recordsBefore);
  });

  it('refuses a file cut short before writing anything', async () => {
    await exportToJsonLines(source, exportPath);
    const lines = (await readFile(exportPath, 'utf8')).trim().split('\n');
    const truncated = join(directory, 'truncated.jsonl');
    await writeFile(truncated, `${lines.slice(0, -3).join('\n')}\n`);

    const recordsBefore = double.log.all.length;
    await expect(importFromJsonLines(truncated, target)).rejects.toThrow(ExportFileError);
    await expect(importFromJsonLines(truncated, target)).rejects.toThrow(/cut short/);
    expect(double.log.all.length).toBe(recordsBefore);
  });

  it('reports the streams that differ', async () => {
    await exportToJsonLines(source, exportPath);
    await importFromJsonLines(exportPath, target);
    const changedStream = written[0].streamId;
    const [last] = await target.readStream(changedStream, { direction: 'backwards', maxCount: 1 });
    await target.appendToStream(changedStream, [ledgerEvent('GhiChu', { note: 'thêm' })], { expectedRevision: last.revision });
    await target.appendToStream('account-only-in-target', [ledgerEvent('GhiChu', { note: 'mới' })], { expectedRevision: 'no_stream' });

    const report = await verifyMigration(source, target);
    expect(report.matches).toBe(false);
    expect(report.target.eventCount).toBe(written.length + 2);
    expect(report.streamDifferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'content-differs', streamId: changedStream }),
        { kind: 'missing-in-source', streamId: 'account-only-in-target', targetEventCount: 1 },
      ]),
    );
    expect(report.streamDifferenceCount).toBe(2);
  });
});

/** Gives up within a second: a server that is down stays down for this test. */
const shortRetry: RetryPolicy = { attemptsMax: 3, delayMsInitial: 10, delayMsMax: 50, attemptTimeoutMs: 500, budgetMs: 1_000 };

/** A treasury voucher taken by the first command of the Điện Biên account. */
const voucher = 'KBNN-DB-2025-000001';

/**
 * A small ledger history: interleaved appends to four streams, most through commands (their
 * metadata carries the command id, as the application writes it), with Vietnamese text and data
 * whose key order must survive.
 */
async function writeLedgerHistory(store: EventStore): Promise<{ written: Array<{ streamId: string; event: EventToAppend }>; commandIds: string[] }> {
  const written: Array<{ streamId: string; event: EventToAppend }> = [];
  const commandIds: string[] = [];
  const streams = ['registry-programs', 'account-mtqg-giam-ngheo.2025.dien-bien', 'account-mtqg-giam-ngheo.2025.lai-chau', 'account-mtqg-nong-thon-moi.2025.son-la'];
  const revisions = new Map<string, bigint>();
  for (let round = 0; round < 6; round++) {
    for (const [index, streamId] of streams.entries()) {
      if (round === 0 && index > 0 && streamId.startsWith('registry')) continue;
      const withCommand = (round + index) % 3 !== 0;
      const commandId = uuidv7();
      const events = Array.from({ length: 1 + ((round + index) % 3) }, (_, offset) =>
        ledgerEvent(
          round === 0 ? 'TaiKhoanDuocMo' : 'VonDuocPhanBo',
          { amountVnd: (round * 1_000_000 + offset).toString(), zebra: 'sau cùng', alpha: 'đầu tiên', locality: 'Xã Mường Phăng, huyện Điện Biên' },
          withCommand ? { commandId, correlationId: commandId, actor: 'cán-bộ-01' } : { actor: 'hệ thống' },
        ),
      );
      if (round === 2 && index === 1) events[0] = { ...events[0], data: { amountVnd: '250000000000' } };
      const revision = revisions.get(streamId);
      const result = await store.appendToStream(streamId, events, {
        expectedRevision: revision === undefined ? 'no_stream' : revision,
        command: withCommand ? { commandId, requestHash: `sha256-${commandId}` } : undefined,
        uniqueKeys: round === 0 && index === 1 ? [voucher] : undefined,
      });
      revisions.set(streamId, result.nextRevision);
      if (withCommand) commandIds.push(commandId);
      for (const event of events) written.push({ streamId, event });
    }
  }
  return { written, commandIds };
}

/** The store, except that every append after the first `appendCount` fails as a lost connection would. */
function failingAfter(store: EventStore, appendCount: number): EventStore {
  let appends = 0;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendToStream') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<EventStore['appendToStream']>) =>
        ++appends > appendCount ? Promise.reject(new Error('connection lost')) : target.appendToStream(...args);
    },
  });
}

function ledgerEvent(type: string, data: JsonObject, metadata: JsonObject = {}): EventToAppend {
  return { id: uuidv7(), type, data, metadata };
}
