import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EventStore, EventToAppend, ExpectedRevision } from '@ledger/event-store';
import { sameEventContent } from './canonical-json';
import { ExportFileError, parseLine } from './json-lines-format';
import type { CommandLine, EndLine, EventLine, ExportLine } from './json-lines-format';

export interface ImportSummary {
  readonly eventsAppended: number;
  /** Events found in the target with the same id, type, data and metadata: left as they are. */
  readonly eventsAlreadyPresent: number;
  readonly commandsAppended: number;
  readonly streamCount: number;
}

/** The target holds something other than the file at the same place: the import stops there. */
export class MigrationMismatchError extends Error {
  override readonly name = 'MigrationMismatchError';
}

/**
 * Events per append. Well under `appendEventCountMax`, and with `importBatchBytesMax` under
 * EventStoreDB's default maximum append size (1 MiB).
 */
export const importBatchEventCountMax = 500;
export const importBatchBytesMax = 512 * 1024;

interface Batch {
  readonly streamId: string;
  readonly firstRevision: bigint;
  readonly lines: EventLine[];
  /** Set when the batch is exactly one command's events. */
  readonly command: CommandLine | undefined;
  bytes: number;
}

/**
 * Appends the events of an export file to `store`, keeping their ids, types, data, metadata and
 * their order within each stream; appends follow the file's global order, so the target's
 * global order is the source's too. Each append names the exact revision it expects, and a
 * command's events are appended together with their command record.
 *
 * Re-running is harmless: events already in the target at the same revision with the same
 * content are skipped, and a command the target records with the very events of the file is
 * finished work, so an import cut short anywhere (before an append, inside one, after its write
 * but before its answer) is finished by running it again. Anything else at that place (another
 * id, other content, a command recorded for other events) stops the import with
 * `MigrationMismatchError`; nothing is overwritten. Events the target holds beyond the file's are
 * left alone. A command's unique keys are taken again in the target with its events.
 *
 * The file is read twice: once to check that it is whole and well-formed before anything is
 * written, once to import.
 */
export async function importFromJsonLines(inputPath: string, store: EventStore): Promise<ImportSummary> {
  const commandsByStart = await checkFile(inputPath);

  const knownRevisions = new Map<string, bigint>();
  let eventsAppended = 0;
  let eventsAlreadyPresent = 0;
  let commandsAppended = 0;
  let batch: Batch | undefined;
  let commandEventsLeft = 0;

  const flush = async (): Promise<void> => {
    if (batch === undefined) return;
    const outcome = await importBatch(store, batch, knownRevisions);
    eventsAppended += outcome.appended;
    eventsAlreadyPresent += outcome.present;
    if (outcome.appended > 0 && batch.command !== undefined) commandsAppended++;
    batch = undefined;
  };

  for await (const line of readLines(inputPath)) {
    if (line.kind !== 'event') continue;
    const revision = BigInt(line.revision);
    const bytes = Buffer.byteLength(JSON.stringify(line.data)) + Buffer.byteLength(JSON.stringify(line.metadata));
    const command = commandsByStart.get(commandStart(line.streamId, line.revision));
    const continues =
      batch !== undefined &&
      command === undefined &&
      batch.streamId === line.streamId &&
      batch.firstRevision + BigInt(batch.lines.length) === revision &&
      (commandEventsLeft > 0 || (batch.command === undefined && batch.lines.length < importBatchEventCountMax && batch.bytes + bytes <= importBatchBytesMax));
    if (!continues) {
      if (commandEventsLeft > 0) throw new ExportFileError(`the events of command ${batch?.command?.commandId} are not together in the file`);
      await flush();
      batch = { streamId: line.streamId, firstRevision: revision, lines: [], command, bytes: 0 };
      if (command !== undefined) commandEventsLeft = command.eventIds.length;
    }
    const current = batch as Batch;
    current.lines.push(line);
    current.bytes += bytes;
    if (commandEventsLeft > 0) commandEventsLeft--;
  }
  await flush();
  return { eventsAppended, eventsAlreadyPresent, commandsAppended, streamCount: knownRevisions.size };
}

async function importBatch(store: EventStore, batch: Batch, knownRevisions: Map<string, bigint>): Promise<{ appended: number; present: number }> {
  const { streamId, firstRevision, lines } = batch;
  let targetLast = knownRevisions.get(streamId);
  if (targetLast === undefined) {
    const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    targetLast = last === undefined ? -1n : last.revision;
  }
  const targetNext = targetLast + 1n;
  if (firstRevision > targetNext) {
    throw new MigrationMismatchError(`stream ${streamId}: the target ends at revision ${targetLast}, but the file continues at ${firstRevision}`);
  }

  // The part of the batch the target already holds must be the same events.
  const presentCount = Number(targetNext - firstRevision < BigInt(lines.length) ? targetNext - firstRevision : BigInt(lines.length));
  if (presentCount > 0) {
    const stored = await store.readStream(streamId, { fromRevision: firstRevision, maxCount: presentCount });
    lines.slice(0, presentCount).forEach((line, index) => {
      const found = stored[index];
      if (found === undefined || !sameEventContent(found, line)) {
        throw new MigrationMismatchError(
          `stream ${streamId} revision ${line.revision}: the target holds ${found === undefined ? 'nothing' : `event ${found.id}`} where the file has event ${line.id} with other content`,
        );
      }
    });
  }
  const toAppend = lines.slice(presentCount);
  if (toAppend.length === 0) {
    knownRevisions.set(streamId, targetLast);
    return { appended: 0, present: presentCount };
  }
  if (batch.command !== undefined && presentCount > 0) {
    throw new MigrationMismatchError(`stream ${streamId}: the target holds only part of the events of command ${batch.command.commandId}`);
  }
  const expectedRevision: ExpectedRevision = targetNext === 0n ? 'no_stream' : targetNext - 1n;
  const events: EventToAppend[] = toAppend.map((line) => ({ id: line.id, type: line.type, data: line.data, metadata: line.metadata }));
  const result = await store.appendToStream(streamId, events, {
    expectedRevision,
    command: batch.command === undefined ? undefined : { commandId: batch.command.commandId, requestHash: batch.command.requestHash },
    uniqueKeys: batch.command?.uniqueKeys,
  });
  if (result.duplicate && !sameEvents(result.eventIds, events)) {
    throw new MigrationMismatchError(`command ${batch.command?.commandId}: the target already records it for other events`);
  }
  knownRevisions.set(streamId, result.nextRevision);
  return { appended: toAppend.length, present: presentCount };
}

/**
 * Checks the whole file before anything is written: a header first, the closing line last with
 * counts that match, each stream's revisions consecutive from 0, and each command's events in
 * the file at the revisions it names. Returns the commands by where their events start, so the
 * import can keep each command's events in one append. Reads the file twice: command lines come
 * after the events they name, and holding every event id in memory would bound the file's size.
 */
async function checkFile(inputPath: string): Promise<Map<string, CommandLine>> {
  let sawHeader = false;
  let end: EndLine | undefined;
  let eventCount = 0;
  const streamLengths = new Map<string, bigint>();
  const commandsByStart = new Map<string, CommandLine>();
  let lineNumber = 0;
  for await (const line of readLines(inputPath)) {
    lineNumber++;
    if (end !== undefined) throw new ExportFileError(`line ${lineNumber} follows the closing line`);
    if (!sawHeader) {
      if (line.kind !== 'header') throw new ExportFileError('the file does not start with a header line');
      sawHeader = true;
      continue;
    }
    switch (line.kind) {
      case 'header':
        throw new ExportFileError(`line ${lineNumber} is a second header`);
      case 'event': {
        const expected = streamLengths.get(line.streamId) ?? 0n;
        if (BigInt(line.revision) !== expected) {
          throw new ExportFileError(`line ${lineNumber}: stream ${line.streamId} jumps to revision ${line.revision}, expected ${expected}`);
        }
        streamLengths.set(line.streamId, expected + 1n);
        eventCount++;
        break;
      }
      case 'command': {
        if (BigInt(line.nextRevision) >= (streamLengths.get(line.streamId) ?? 0n)) {
          throw new ExportFileError(`line ${lineNumber}: command ${line.commandId} names revisions of stream ${line.streamId} that the file does not hold`);
        }
        const start = commandStart(line.streamId, line.firstRevision);
        if (commandsByStart.has(start)) throw new ExportFileError(`line ${lineNumber}: two commands start at revision ${line.firstRevision} of stream ${line.streamId}`);
        commandsByStart.set(start, line);
        break;
      }
      case 'end':
        end = line;
        break;
    }
  }
  if (!sawHeader) throw new ExportFileError('the file is empty');
  if (end === undefined) throw new ExportFileError('the file has no closing line: it was cut short');
  if (end.eventCount !== eventCount || end.commandCount !== commandsByStart.size || end.streamCount !== streamLengths.size) {
    throw new ExportFileError(
      `the closing line counts ${end.eventCount} events, ${end.commandCount} commands and ${end.streamCount} streams; the file holds ${eventCount}, ${commandsByStart.size} and ${streamLengths.size}`,
    );
  }

  // Second reading: each command's events are the ones it names.
  const open = new Map<string, { command: CommandLine; next: number }>();
  for await (const line of readLines(inputPath)) {
    if (line.kind !== 'event') continue;
    const command = commandsByStart.get(commandStart(line.streamId, line.revision));
    if (command !== undefined) open.set(line.streamId, { command, next: 0 });
    const current = open.get(line.streamId);
    if (current === undefined) continue;
    if (current.command.eventIds[current.next] !== line.id) {
      throw new ExportFileError(`command ${current.command.commandId} names event ${current.command.eventIds[current.next]} where the file has ${line.id}`);
    }
    current.next++;
    if (current.next === current.command.eventIds.length) open.delete(line.streamId);
  }
  return commandsByStart;
}

/** A duplicate answered with the very events being imported is the earlier run's work, finished. */
function sameEvents(stored: readonly string[], events: readonly EventToAppend[]): boolean {
  return stored.length === events.length && stored.every((id, index) => id === events[index].id);
}

export function commandStart(streamId: string, revision: string): string {
  return `${revision}@${streamId}`;
}

async function* readLines(inputPath: string): AsyncGenerator<ExportLine> {
  const lines = createInterface({ input: createReadStream(inputPath, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    yield parseLine(text, lineNumber);
  }
}
