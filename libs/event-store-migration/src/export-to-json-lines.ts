import { open, rename, rm } from 'node:fs/promises';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { exportFormat, exportFormatVersion } from './json-lines-format';
import { allEvents } from './read-all-events';
import type { CommandLine, EndLine, EventLine, HeaderLine } from './json-lines-format';

export interface ExportSummary {
  readonly eventCount: number;
  readonly commandCount: number;
  readonly streamCount: number;
  /** The source's head when the export began; later events are not in the file. */
  readonly headPosition: bigint;
}

/** Command ids come from the events' metadata, where the application records them. */
const commandIdMetadataKey = 'commandId';
/** Command records looked up at once. */
const commandLookupConcurrencyMax = 16;

/**
 * Writes every event of `store`, in global order, to `outputPath` as JSON Lines (see
 * `json-lines-format.ts`), then the command records (with the unique keys each took) of the
 * commands named in the events' `metadata.commandId`, each looked up in the stream of the first
 * event that names it, which is how the port finds a record cheaply on every adapter.
 *
 * The export covers the events up to the head read when it starts, so writers may keep running;
 * stop them first for an export that is the whole store. The file is written under a temporary
 * name and renamed when complete, so a file at `outputPath` is always whole.
 */
export async function exportToJsonLines(store: EventStore, outputPath: string): Promise<ExportSummary> {
  const partialPath = `${outputPath}.partial`;
  const file = await open(partialPath, 'w');
  try {
    const headPosition = await store.headPosition();
    const header: HeaderLine = { kind: 'header', format: exportFormat, formatVersion: exportFormatVersion, headPosition: headPosition.toString() };
    await file.write(`${JSON.stringify(header)}\n`);

    const streams = new Set<string>();
    /** Each command id with the stream of the first event that names it: the look-up's hint. */
    const commandStreams = new Map<string, string>();
    let eventCount = 0;
    if (headPosition >= 0n) {
      for await (const page of allEvents(store, headPosition)) {
        await file.write(page.map((event) => `${JSON.stringify(eventLine(event))}\n`).join(''));
        for (const event of page) {
          streams.add(event.streamId);
          const commandId = event.metadata[commandIdMetadataKey];
          if (typeof commandId === 'string' && commandId.length > 0 && !commandStreams.has(commandId)) commandStreams.set(commandId, event.streamId);
        }
        eventCount += page.length;
      }
    }

    let commandCount = 0;
    const ids = [...commandStreams];
    for (let start = 0; start < ids.length; start += commandLookupConcurrencyMax) {
      const records = await Promise.all(
        ids.slice(start, start + commandLookupConcurrencyMax).map(([commandId, streamId]) => store.findCommand(commandId, { streamId })),
      );
      const lines = records.flatMap((record): CommandLine[] =>
        record === undefined
          ? []
          : [
              {
                kind: 'command',
                commandId: record.commandId,
                requestHash: record.requestHash,
                streamId: record.streamId,
                eventIds: record.eventIds,
                firstRevision: record.firstRevision.toString(),
                nextRevision: record.nextRevision.toString(),
                ...(record.uniqueKeys.length === 0 ? {} : { uniqueKeys: [...record.uniqueKeys] }),
              },
            ],
      );
      if (lines.length > 0) await file.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      commandCount += lines.length;
    }

    const end: EndLine = { kind: 'end', eventCount, commandCount, streamCount: streams.size };
    await file.write(`${JSON.stringify(end)}\n`);
    await file.sync();
    await file.close();
    await rename(partialPath, outputPath);
    return { eventCount, commandCount, streamCount: streams.size, headPosition };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(partialPath, { force: true });
    throw error;
  }
}

function eventLine(event: RecordedEvent): EventLine {
  return {
    kind: 'event',
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}
