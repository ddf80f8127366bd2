import { CommandIdConflictError, InvalidAppendError, UniqueKeyTakenError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { AppendResult, ValidatedAppend } from '@ledger/event-store';
import type { AppendRefusal, AppendToWrite, BatchWritten, SqliteBatchWriter } from './sqlite-batch-writer';

import { batchAppendCountMax, batchEventCountMax } from './sqlite-write-limits';

export { batchAppendCountMax, batchEventCountMax };

export interface SqliteEventStoreStats {
  /** Group commits that succeeded; one carries many appends. */
  readonly transactionsCommitted: number;
  /** Group commits undone by an unexpected SQLite error; every append in them was rejected. */
  readonly transactionsRolledBack: number;
  /** Appends that succeeded, duplicates of recorded commands included. */
  readonly appendsAccepted: number;
  /** Appends refused inside a commit (wrong revision, command conflict, event id already stored, unique key taken). */
  readonly appendsRefused: number;
  readonly eventsAppended: number;
}

/** Commits batches: on the writer thread, or inline on this one. */
export interface BatchCommitter {
  /** A batch is sent as soon as this many appends are queued, without waiting for the loop's turn. */
  readonly eagerBatchAppendCount: number;
  commit(batch: readonly AppendToWrite[]): Promise<BatchWritten>;
  close(): Promise<void>;
  /** Set when the committer can no longer commit (its thread died): the store is then unusable. */
  readonly failure: Error | undefined;
}

export class InlineCommitter implements BatchCommitter {
  // Inline, a commit blocks this thread, so appends gather for a whole turn of the loop.
  readonly eagerBatchAppendCount = batchAppendCountMax;
  readonly failure = undefined;

  constructor(private readonly writer: SqliteBatchWriter) {}

  commit(batch: readonly AppendToWrite[]): Promise<BatchWritten> {
    try {
      return Promise.resolve(this.writer.commit(batch));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface PendingAppend {
  readonly append: ValidatedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: appends are queued and committed together in one transaction on the next turn
 * of the event loop. With `synchronous=FULL` every commit waits for the disk, so sharing the
 * commit between all appends waiting at that moment is what makes durable appends fast. Each
 * append in a batch is still checked on its own and refused on its own; an append's promise
 * settles only after the commit that holds it.
 */
export class SqliteAppendQueue {
  private readonly queue: PendingAppend[] = [];
  private queuedEventCount = 0;
  private flushHandle: NodeJS.Immediate | undefined = undefined;
  private readonly batchesInFlight = new Set<Promise<void>>();
  private readonly counters = {
    transactionsCommitted: 0,
    transactionsRolledBack: 0,
    appendsAccepted: 0,
    appendsRefused: 0,
    eventsAppended: 0,
  };

  constructor(
    private readonly committer: BatchCommitter,
    /** Told the head after every commit, so that the store can wake its subscriptions. */
    private readonly onCommitted: (headPosition: bigint) => void,
  ) {}

  enqueue(append: ValidatedAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.queuedEventCount += append.events.length;
      if (this.queue.length >= this.committer.eagerBatchAppendCount || this.queuedEventCount >= batchEventCountMax) {
        this.send(this.takeBatch());
      } else {
        this.scheduleFlush();
      }
    });
  }

  /** Sends everything queued at once and waits for every commit in flight: accepted appends must reach the disk. */
  async commitQueued(): Promise<void> {
    this.flush();
    await Promise.all(this.batchesInFlight);
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  /**
   * Appends wait for the next turn of the event loop or, while a commit is in flight, for it to
   * end: everything that queued up meanwhile then goes in one transaction. A full chunk does not
   * wait (see `eagerBatchAppendCount`).
   */
  private scheduleFlush(): void {
    if (this.flushHandle !== undefined || this.batchesInFlight.size > 0) return;
    this.flushHandle = setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushHandle !== undefined) {
      clearImmediate(this.flushHandle);
      this.flushHandle = undefined;
    }
    while (this.queue.length > 0) this.send(this.takeBatch());
  }

  private takeBatch(): PendingAppend[] {
    let count = 0;
    let eventCount = 0;
    while (count < this.queue.length && count < batchAppendCountMax) {
      const nextEventCount = this.queue[count].append.events.length;
      if (count > 0 && eventCount + nextEventCount > batchEventCountMax) break;
      eventCount += nextEventCount;
      count++;
    }
    this.queuedEventCount -= eventCount;
    return this.queue.splice(0, count);
  }

  /** Batches sent together are committed one after the other, in the order sent. */
  private send(batch: readonly PendingAppend[]): void {
    const committed = this.committer
      .commit(batch.map((pending) => pending.append))
      .then(
        (written) => this.settle(batch, written),
        (error: unknown) => {
          // Something SQLite did not expect (disk full, lock timeout...): the whole batch was
          // rolled back, so every append in it failed.
          this.counters.transactionsRolledBack++;
          for (const pending of batch) pending.reject(error);
        },
      )
      .finally(() => {
        this.batchesInFlight.delete(committed);
        if (this.queue.length > 0) this.scheduleFlush();
      });
    this.batchesInFlight.add(committed);
  }

  private settle(batch: readonly PendingAppend[], written: BatchWritten): void {
    this.counters.transactionsCommitted += written.transactionsCommitted;
    written.outcomes.forEach((outcome, index) => {
      const pending = batch[index];
      if (outcome.kind === 'refused') {
        this.counters.appendsRefused++;
        pending.reject(refusalError(outcome.refusal));
        return;
      }
      this.counters.appendsAccepted++;
      if (outcome.kind === 'appended') this.counters.eventsAppended += outcome.result.eventIds.length;
      pending.resolve(outcome.result);
    });
    this.onCommitted(written.headPosition);
  }
}

function refusalError(refusal: AppendRefusal): Error {
  switch (refusal.code) {
    case 'wrong-expected-revision':
      return new WrongExpectedRevisionError(refusal.streamId, refusal.expectedRevision, refusal.actualRevision);
    case 'command-id-conflict':
      return new CommandIdConflictError(refusal.commandId);
    case 'event-id-stored':
      return new InvalidAppendError(refusal.message);
    case 'unique-key-taken':
      return new UniqueKeyTakenError(refusal.key, refusal.holder);
  }
}
