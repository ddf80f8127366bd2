import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { DoubleRecord, InMemoryLog } from './in-memory-log';
import { checkpointResponse, eventResponseBytes, fail, filterOf, recordMatches, streamDeletedError, streamNameOf, write } from './esdb-wire';

/**
 * TEST DOUBLE, NOT A SERVER: the reads of `Streams.Read` — one stream, `$all`, and `$all`
 * subscriptions — answered from the in-memory log as the server answers them (see README.md).
 * The double checks who may read and tracks the call; these only read and write messages.
 */

/** EventStoreDB's default filter search window, used when the client asks for `count`. */
const filterSearchWindowDefault = 32;

/** What a subscription does beside reading the log: the caught-up message, and a hook per event sent (for crash faults). */
export interface SubscriptionDelivery {
  readonly sendCaughtUp: boolean;
  eventSent(): void;
}

/** False when the read ended with an error status rather than its events. */
export async function readStream(log: InMemoryLog, call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options, isCancelled: () => boolean): Promise<boolean> {
  log.stats.streamReads++;
  const streamOptions = options.getStream() as ReadReq.Options.StreamOptions;
  const streamName = streamNameOf(streamOptions.getStreamIdentifier());
  const found = log.readStream(streamName);
  if (found.kind === 'deleted') {
    call.emit('error', streamDeletedError(streamName));
    return false;
  }
  if (found.kind === 'not-found') {
    const notFound = new ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(streamOptions.getStreamIdentifier());
    const response = new ReadResp();
    response.setStreamNotFound(notFound);
    await write(call, response);
    return true;
  }
  const { records, firstReadable } = found;
  const count = BigInt(options.getCount());
  const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
  const first = BigInt(firstReadable);
  const last = BigInt(records.length - 1);
  const revisionCase = streamOptions.getRevisionOptionCase();
  let from: bigint;
  if (revisionCase === ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION) from = BigInt(streamOptions.getRevision());
  else if (revisionCase === ReadReq.Options.StreamOptions.RevisionOptionCase.END) from = forwards ? last + 1n : last;
  else from = forwards ? first : last;
  // Reading backwards from past the end starts at the last event, as the server does; reading
  // forwards from before a truncation starts at the first event kept.
  if (!forwards && from > last) from = last;
  if (forwards && from < first) from = first;
  let sent = 0n;
  for (let revision = from; sent < count && revision >= first && revision <= last; revision += forwards ? 1n : -1n) {
    if (isCancelled()) return true;
    await write(call, eventResponseBytes(records[Number(revision)]));
    sent++;
  }
  return true;
}

export async function readAll(log: InMemoryLog, call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options, isCancelled: () => boolean): Promise<void> {
  log.stats.allReads++;
  const allOptions = options.getAll() as ReadReq.Options.AllOptions;
  const filter = filterOf(options);
  const count = BigInt(options.getCount());
  const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
  const all = log.all;
  let index: number;
  switch (allOptions.getAllOptionCase()) {
    case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
      const position = BigInt((allOptions.getPosition() as ReadReq.Options.Position).getCommitPosition());
      if (!log.isRecordPosition(position)) {
        fail(call, status.INVALID_ARGUMENT, `the test double reads $all only from a record's position, not from ${position}`);
        return;
      }
      // Forwards includes the event at the position; backwards starts before it.
      index = forwards ? log.indexAtOrAfter(position) : log.indexAtOrAfter(position) - 1;
      break;
    }
    case ReadReq.Options.AllOptions.AllOptionCase.END:
      index = forwards ? all.length : all.length - 1;
      break;
    default:
      index = forwards ? 0 : -1;
  }
  let sent = 0n;
  for (; sent < count && index >= 0 && index < all.length; index += forwards ? 1 : -1) {
    if (isCancelled()) return;
    const record = all[index];
    if (filter !== undefined && !recordMatches(filter, record)) continue;
    await write(call, eventResponseBytes(record));
    sent++;
  }
}

/**
 * Catch-up and live delivery are one loop: deliver everything after the cursor, and when the
 * cursor reaches the end of the log, wait for the next append. The start position is
 * exclusive, as the server's is. A checkpoint is the position of the last record the filter
 * looked at, as servers since 25.0 send it.
 */
export async function subscribeToAll(
  log: InMemoryLog,
  call: ServerWritableStream<ReadReq, ReadResp>,
  options: ReadReq.Options,
  isCancelled: () => boolean,
  whenCancelled: Promise<void>,
  delivery: SubscriptionDelivery,
): Promise<void> {
  log.stats.subscriptions++;
  const allOptions = options.getAll() as ReadReq.Options.AllOptions;
  const filter = filterOf(options);
  const filterOptions = options.getFilter();
  const checkpointEvery =
    filter === undefined || filterOptions === undefined
      ? undefined
      : (filterOptions.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX ? filterOptions.getMax() : filterSearchWindowDefault) *
        Math.max(1, filterOptions.getCheckpointintervalmultiplier());
  let index: number;
  switch (allOptions.getAllOptionCase()) {
    case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
      const position = BigInt((allOptions.getPosition() as ReadReq.Options.Position).getCommitPosition());
      if (!log.isRecordPosition(position)) {
        fail(call, status.INVALID_ARGUMENT, `the test double subscribes to $all only from a record's position, not from ${position}`);
        return;
      }
      index = log.indexAfter(position);
      break;
    }
    case ReadReq.Options.AllOptions.AllOptionCase.END:
      index = log.all.length;
      break;
    default:
      index = 0;
  }

  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  const confirmed = new ReadResp();
  confirmed.setConfirmation(confirmation);
  await write(call, confirmed);

  let scannedSinceCheckpoint = 0;
  let lastScanned: DoubleRecord | undefined;
  let caughtUp = false;
  while (!isCancelled()) {
    while (index < log.all.length && !isCancelled()) {
      const record = log.all[index++];
      lastScanned = record;
      if (filter === undefined || recordMatches(filter, record)) {
        await write(call, eventResponseBytes(record));
        delivery.eventSent();
      }
      if (checkpointEvery !== undefined && ++scannedSinceCheckpoint >= checkpointEvery) {
        scannedSinceCheckpoint = 0;
        await write(call, checkpointResponse(record.position));
      }
    }
    if (isCancelled()) return;
    if (!caughtUp) {
      caughtUp = true;
      if (checkpointEvery !== undefined && scannedSinceCheckpoint > 0 && lastScanned !== undefined) {
        scannedSinceCheckpoint = 0;
        await write(call, checkpointResponse(lastScanned.position));
      }
      if (delivery.sendCaughtUp) {
        const response = new ReadResp();
        response.setCaughtUp(new ReadResp.CaughtUp());
        await write(call, response);
      }
    }
    // The check of the end and the wait are in one synchronous step: an append cannot slip in.
    if (index >= log.all.length) await Promise.race([log.nextAppend(), whenCancelled]);
  }
}

