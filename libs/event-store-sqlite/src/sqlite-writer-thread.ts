import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppendToWrite, BatchWritten, WriterConnectionSettings } from './sqlite-batch-writer';
import { writerChunkAppendCount } from './sqlite-write-limits';

export type WriterRequest =
  | { readonly kind: 'commit'; readonly batchId: number; readonly appends: readonly AppendToWrite[] }
  | { readonly kind: 'close' };

export type WriterReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'committed'; readonly batchId: number; readonly written: BatchWritten }
  | { readonly kind: 'failed'; readonly batchId: number; readonly message: string; readonly code: string | undefined }
  | { readonly kind: 'closed' };

/** A SQLite error reported by the writer thread, with SQLite's code (`SQLITE_BUSY`, `SQLITE_FULL`...). */
export class SqliteWriterError extends Error {
  override readonly name = 'SqliteWriterError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export { writerChunkAppendCount };
/** How long the writer thread may take to open the file before the store gives up. */
export const writerStartTimeoutMs = 30_000;

interface PendingBatch {
  readonly resolve: (written: BatchWritten) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The store's side of the writer thread. Batches are posted as they are taken from the queue
 * and answered in order; the thread keeps the process alive only while a batch is in flight, so
 * a store left open does not hold a finished program, and an unanswered append does not let one
 * exit.
 */
export class SqliteWriterThread {
  /**
   * Batches go to the thread in chunks of this many appends as commands are decided, so the
   * thread commits the first while this one decides the rest; chunks that wait for the thread
   * share its next transaction.
   */
  readonly eagerBatchAppendCount = writerChunkAppendCount;
  private readonly pending = new Map<number, PendingBatch>();
  private nextBatchId = 1;
  private stopped: Error | undefined = undefined;
  private closing: Promise<void> | undefined = undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WriterReply) => this.onReply(reply));
    worker.on('error', (error) => this.fail(new Error(`the SQLite writer thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    worker.unref();
  }

  static start(settings: WriterConnectionSettings): Promise<SqliteWriterThread> {
    const worker = startWorker(settings);
    return new Promise<SqliteWriterThread>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`the SQLite writer thread did not open ${settings.filePath} within ${writerStartTimeoutMs} ms`));
      }, writerStartTimeoutMs);
      const onError = (error: Error): void => {
        clearTimeout(timer);
        reject(error);
      };
      const onExit = (code: number): void => onError(new Error(`the SQLite writer thread stopped while opening (exit code ${code})`));
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.once('message', (reply: WriterReply) => {
        clearTimeout(timer);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (reply.kind === 'ready') resolve(new SqliteWriterThread(worker));
        else reject(new Error(`the SQLite writer thread answered ${reply.kind} instead of ready`));
      });
    });
  }

  /** Why the thread can no longer commit; undefined while it can, and after a normal close. */
  get failure(): Error | undefined {
    return this.closing === undefined ? this.stopped : undefined;
  }

  commit(appends: readonly AppendToWrite[]): Promise<BatchWritten> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    if (this.closing !== undefined) return Promise.reject(new Error('the SQLite writer thread is closing'));
    const batchId = this.nextBatchId++;
    return new Promise<BatchWritten>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(batchId, { resolve, reject });
      this.worker.postMessage({ kind: 'commit', batchId, appends } satisfies WriterRequest);
    });
  }

  /** Closes the connection after every batch already posted; those are still answered. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.stopped !== undefined) {
        resolve();
        return;
      }
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    });
    return this.closing;
  }

  private onReply(reply: WriterReply): void {
    if (reply.kind === 'closed') {
      this.stopped = new Error('the SQLite writer thread is closed');
      return;
    }
    if (reply.kind !== 'committed' && reply.kind !== 'failed') return;
    const batch = this.pending.get(reply.batchId);
    if (batch === undefined) return;
    this.pending.delete(reply.batchId);
    if (this.pending.size === 0 && this.closing === undefined) this.worker.unref();
    if (reply.kind === 'committed') batch.resolve(reply.written);
    else batch.reject(new SqliteWriterError(reply.message, reply.code));
  }

  /** The thread is gone: no batch in flight will be answered, and none may be sent. Whether they committed is unknown. */
  private fail(error: Error): void {
    this.stopped ??= error;
    for (const batch of this.pending.values()) batch.reject(error);
    this.pending.clear();
  }
}

/**
 * Built, the entry is JavaScript beside this file. Run from the TypeScript sources (tests, the
 * benchmarks), the thread's two modules are transpiled once into `node_modules/.cache` and the
 * thread loads that JavaScript: a TypeScript loader in every thread would cost a third of a
 * second per store opened.
 */
function startWorker(settings: WriterConnectionSettings): Worker {
  const extension = extname(__filename);
  const entry = extension === '.ts' ? transpiledWorkerEntry() : join(__dirname, `sqlite-writer.worker${extension}`);
  return new Worker(entry, { workerData: settings });
}

/** The thread's own modules; it imports nothing else of this repository at run time. */
const workerModuleNames = ['sqlite-writer.worker', 'sqlite-batch-writer', 'sqlite-write-limits'] as const;

/** Found or written once per process: stores are opened many times, the sources do not change meanwhile. */
let transpiledEntry: string | undefined;

function transpiledWorkerEntry(): string {
  transpiledEntry ??= transpileWorkerModules();
  return transpiledEntry;
}

function transpileWorkerModules(): string {
  const sources = workerModuleNames.map((name) => ({ name, text: readFileSync(join(__dirname, `${name}.ts`), 'utf8') }));
  const digest = createHash('sha256');
  for (const source of sources) digest.update(source.name).update('\0').update(source.text).update('\0');
  // Inside node_modules, so the transpiled modules find better-sqlite3 as the sources do.
  const driverEntry = require.resolve('better-sqlite3');
  const nodeModules = driverEntry.slice(0, driverEntry.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
  const directory = join(nodeModules, '.cache', 'ledger-sqlite-writer', digest.digest('hex').slice(0, 16));
  const entry = join(directory, `${workerModuleNames[0]}.js`);
  if (existsSync(entry)) return entry;
  // Loaded only here: built programs never transpile, and development runs do it once per change.
  const typescript = require('typescript') as typeof import('typescript');
  mkdirSync(directory, { recursive: true });
  // The entry is written last, and each file by rename, so a reader never sees half of the set.
  for (const source of [...sources].reverse()) {
    const output = typescript.transpileModule(source.text, {
      compilerOptions: {
        module: typescript.ModuleKind.CommonJS,
        target: typescript.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: `${source.name}.ts`,
    });
    const target = join(directory, `${source.name}.js`);
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, output.outputText);
    renameSync(temporary, target);
  }
  return entry;
}
