import { createHash } from 'node:crypto';
import type { CommandRecord, EventStore } from '@ledger/event-store';
import { StreamContentHash } from './canonical-json';
import { allEvents } from './read-all-events';

export interface StoreFigures {
  readonly eventCount: number;
  readonly streamCount: number;
  /** Command records found for the command ids in the source's event metadata. */
  readonly commandCount: number;
}

export type StreamDifference =
  | { readonly kind: 'missing-in-target'; readonly streamId: string; readonly sourceEventCount: number }
  | { readonly kind: 'missing-in-source'; readonly streamId: string; readonly targetEventCount: number }
  | {
      readonly kind: 'content-differs';
      readonly streamId: string;
      readonly sourceEventCount: number;
      readonly targetEventCount: number;
      readonly sourceSha256: string;
      readonly targetSha256: string;
    };

export interface CommandDifference {
  readonly commandId: string;
  readonly problem: 'missing-in-target' | 'differs';
  /** What differs: request hash, stream, event ids, revisions or unique keys (positions are per store and not compared). */
  readonly fields: readonly string[];
}

export interface MigrationReport {
  /** True when counts, every stream's content and every command record agree. */
  readonly matches: boolean;
  readonly source: StoreFigures;
  readonly target: StoreFigures;
  /**
   * Whether the events, as a sequence of ids, come in the same global order in both stores.
   * An import keeps it; it is reported, not required, since other writers may have appended
   * to the target since.
   */
  readonly sameGlobalOrder: boolean;
  /** How many streams differ; only the first `reportedDifferenceCountMax` are listed. */
  readonly streamDifferenceCount: number;
  readonly streamDifferences: readonly StreamDifference[];
  readonly commandDifferenceCount: number;
  readonly commandDifferences: readonly CommandDifference[];
}

/** A report lists at most this many differences of each kind; the counts are always whole. */
export const reportedDifferenceCountMax = 100;
const commandLookupConcurrencyMax = 16;

/**
 * Compares two stores through the port: event counts, and per stream a sha256 over the
 * canonical JSON of each event's id, type, data and metadata in revision order (so keys in
 * another order are the same content, and events in another order are not); then the command
 * records of the commands named in the source's `metadata.commandId`. Positions and recording
 * times differ between stores by nature and are not compared.
 *
 * It reads both stores whole and holds one running hash per stream.
 */
export async function verifyMigration(source: EventStore, target: EventStore): Promise<MigrationReport> {
  const sourceScan = await scan(source, true);
  const targetScan = await scan(target, false);

  const streamDifferences: StreamDifference[] = [];
  let streamDifferenceCount = 0;
  const note = (difference: StreamDifference): void => {
    streamDifferenceCount++;
    if (streamDifferences.length < reportedDifferenceCountMax) streamDifferences.push(difference);
  };
  for (const [streamId, sourceStream] of sourceScan.streams) {
    const targetStream = targetScan.streams.get(streamId);
    if (targetStream === undefined) {
      note({ kind: 'missing-in-target', streamId, sourceEventCount: sourceStream.eventCount });
    } else if (sourceStream.sha256 !== targetStream.sha256) {
      note({
        kind: 'content-differs',
        streamId,
        sourceEventCount: sourceStream.eventCount,
        targetEventCount: targetStream.eventCount,
        sourceSha256: sourceStream.sha256,
        targetSha256: targetStream.sha256,
      });
    }
  }
  for (const [streamId, targetStream] of targetScan.streams) {
    if (!sourceScan.streams.has(streamId)) note({ kind: 'missing-in-source', streamId, targetEventCount: targetStream.eventCount });
  }

  const commandDifferences: CommandDifference[] = [];
  let commandDifferenceCount = 0;
  let sourceCommandCount = 0;
  let targetCommandCount = 0;
  const commandIds = [...sourceScan.commandIds.keys()];
  for (let start = 0; start < commandIds.length; start += commandLookupConcurrencyMax) {
    const slice = commandIds.slice(start, start + commandLookupConcurrencyMax);
    const pairs = await Promise.all(
      slice.map(async (commandId) => {
        const streamId = sourceScan.commandIds.get(commandId) as string;
        return [await source.findCommand(commandId, { streamId }), await target.findCommand(commandId, { streamId })] as const;
      }),
    );
    pairs.forEach(([inSource, inTarget], index) => {
      if (inSource === undefined) return;
      sourceCommandCount++;
      if (inTarget !== undefined) targetCommandCount++;
      const fields = inTarget === undefined ? [] : differingFields(inSource, inTarget);
      if (inTarget !== undefined && fields.length === 0) return;
      commandDifferenceCount++;
      if (commandDifferences.length < reportedDifferenceCountMax) {
        commandDifferences.push({ commandId: slice[index], problem: inTarget === undefined ? 'missing-in-target' : 'differs', fields });
      }
    });
  }

  const sourceFigures: StoreFigures = { eventCount: sourceScan.eventCount, streamCount: sourceScan.streams.size, commandCount: sourceCommandCount };
  const targetFigures: StoreFigures = { eventCount: targetScan.eventCount, streamCount: targetScan.streams.size, commandCount: targetCommandCount };
  return {
    matches: streamDifferenceCount === 0 && commandDifferenceCount === 0 && sourceFigures.eventCount === targetFigures.eventCount,
    source: sourceFigures,
    target: targetFigures,
    sameGlobalOrder: sourceScan.globalOrderSha256 === targetScan.globalOrderSha256,
    streamDifferenceCount,
    streamDifferences,
    commandDifferenceCount,
    commandDifferences,
  };
}

interface Scan {
  readonly eventCount: number;
  readonly streams: Map<string, { readonly eventCount: number; readonly sha256: string }>;
  /** Each command id named in the events, with the stream of the first event that names it. */
  readonly commandIds: Map<string, string>;
  readonly globalOrderSha256: string;
}

async function scan(store: EventStore, collectCommandIds: boolean): Promise<Scan> {
  const hashes = new Map<string, StreamContentHash>();
  const commandIds = new Map<string, string>();
  const globalOrder = createHash('sha256');
  let eventCount = 0;
  for await (const page of allEvents(store)) {
    for (const event of page) {
      let hash = hashes.get(event.streamId);
      if (hash === undefined) {
        hash = new StreamContentHash();
        hashes.set(event.streamId, hash);
      }
      hash.add(event);
      globalOrder.update(`${event.id}\n`);
      const commandId = event.metadata.commandId;
      if (collectCommandIds && typeof commandId === 'string' && commandId.length > 0 && !commandIds.has(commandId)) commandIds.set(commandId, event.streamId);
    }
    eventCount += page.length;
  }
  const streams = new Map<string, { eventCount: number; sha256: string }>();
  for (const [streamId, hash] of hashes) streams.set(streamId, { eventCount: hash.eventCount, sha256: hash.digestHex() });
  return { eventCount, streams, commandIds, globalOrderSha256: globalOrder.digest('hex') };
}

function differingFields(source: CommandRecord, target: CommandRecord): string[] {
  const fields: string[] = [];
  if (source.requestHash !== target.requestHash) fields.push('requestHash');
  if (source.streamId !== target.streamId) fields.push('streamId');
  if (source.eventIds.join(',') !== target.eventIds.join(',')) fields.push('eventIds');
  if (source.firstRevision !== target.firstRevision || source.nextRevision !== target.nextRevision) fields.push('revisions');
  if (source.uniqueKeys.join('\n') !== target.uniqueKeys.join('\n')) fields.push('uniqueKeys');
  return fields;
}
