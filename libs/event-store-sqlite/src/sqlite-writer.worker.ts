import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { openStoreConnection, SqliteBatchWriter, type AppendToWrite, type WriterConnectionSettings } from './sqlite-batch-writer';
import type { WriterReply, WriterRequest } from './sqlite-writer-thread';

import { transactionAppendCountMax } from './sqlite-write-limits';

type CommitRequest = Extract<WriterRequest, { kind: 'commit' }>;

/**
 * The writer thread: owns the store's one writing connection and commits the batches the
 * store sends it, in the order they arrive. The store's thread meanwhile decides the next
 * commands instead of waiting for SQLite and the disk. Batches that arrived while a commit was
 * running are committed together in the next transaction: group commit across batches.
 */
function main(): void {
  const port = parentPort;
  if (port === null) throw new Error('the SQLite writer must run in a worker thread');
  const database = openStoreConnection(workerData as WriterConnectionSettings);
  const writer = new SqliteBatchWriter(database);
  let closing = false;

  const close = (): void => {
    database.close();
    port.postMessage({ kind: 'closed' } satisfies WriterReply);
    port.close();
  };

  port.on('message', (first: WriterRequest) => {
    if (closing) return;
    if (first.kind === 'close') return close();
    const requests: CommitRequest[] = [first];
    let appendCount = first.appends.length;
    while (appendCount < transactionAppendCountMax) {
      const next = receiveMessageOnPort(port as unknown as MessagePort)?.message as WriterRequest | undefined;
      if (next === undefined) break;
      if (next.kind === 'close') {
        closing = true;
        break;
      }
      requests.push(next);
      appendCount += next.appends.length;
    }
    commitTogether(port, writer, requests);
    if (closing) close();
  });
  port.postMessage({ kind: 'ready' } satisfies WriterReply);
}

function commitTogether(port: NonNullable<typeof parentPort>, writer: SqliteBatchWriter, requests: readonly CommitRequest[]): void {
  const appends: AppendToWrite[] = requests.length === 1 ? (requests[0].appends as AppendToWrite[]) : requests.flatMap((request) => request.appends);
  try {
    const written = writer.commit(appends);
    let offset = 0;
    requests.forEach((request, index) => {
      const outcomes = written.outcomes.slice(offset, offset + request.appends.length);
      offset += request.appends.length;
      const share = { outcomes, headPosition: written.headPosition, transactionsCommitted: index === 0 ? 1 : 0 };
      port.postMessage({ kind: 'committed', batchId: request.batchId, written: share } satisfies WriterReply);
    });
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    for (const request of requests) {
      port.postMessage({
        kind: 'failed',
        batchId: request.batchId,
        message: typeof message === 'string' ? message : String(error),
        code: typeof code === 'string' ? code : undefined,
      } satisfies WriterReply);
    }
  }
}

main();
