/**
 * The embedded store's write path, bounded in one place. Commands are decided on the main thread
 * and committed on the writer thread: appends queue up, go to the thread in chunks, and chunks
 * that wait share a transaction (group commit).
 */

/**
 * Appends go to the writer thread in chunks of this many as commands are decided, so the thread
 * commits the first while the main thread decides the rest.
 */
export const writerChunkAppendCount = 64;

/**
 * At most this many appends share one batch of the queue. Past it, the queue is committed at once
 * rather than on the next turn of the event loop, which also bounds the queue.
 */
export const batchAppendCountMax = 1_000;

/**
 * At most this many events in one batch (unless a single append alone carries more than this, up
 * to the port's `appendEventCountMax`), so one commit never holds the event loop for long.
 */
export const batchEventCountMax = 10_000;

/**
 * At most this many appends go in one transaction of the writer thread, however many batches are
 * waiting; the rest wait for the next one.
 */
export const transactionAppendCountMax = 4_000;
