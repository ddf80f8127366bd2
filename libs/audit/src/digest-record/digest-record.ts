import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '@ledger/event-store';
import { canonicalJson } from '../canonical-json';
import { isHexHash, sha256Hex } from '../hash-link';
import { digestFileText, type LedgerDigest } from '../digest/ledger-digest';

/**
 * The record of the digests made on a schedule: a folder holding one signed digest file per
 * digest, named by its position, and `digests.jsonl`, one line per digest in the order they were
 * made. Files are written whole (a temporary file, synced, then renamed); a line is appended and
 * synced only after its file is in place, so every line names a file that was there when it was
 * written. The folder is all there is: it survives restarts, an audit office copies it as it is,
 * and nothing of it lives among the read models that reporting services query.
 *
 * A file on disk is the digest exactly as `audit digest` writes it, so `audit verify --digest`
 * takes it unchanged; the line repeats what a listing shows and the sha256 of the file's bytes.
 */
export const digestRecordFileName = 'digests.jsonl';
/** Positions are padded to the digits of the largest 64-bit position, so file names sort as positions do. */
const positionDigits = 20;
/** The most entries one listing returns. */
export const digestListCountMax = 1_000;

export interface DigestRecordEntry {
  /** The last event the digest covers, as a decimal string. */
  readonly position: string;
  readonly eventCount: number;
  readonly root: string;
  readonly createdAt: string;
  readonly lastEventRecordedAt: string | null;
  /** `sqlite` or `eventstoredb`: positions are one store's own. */
  readonly store: string;
  readonly keyId: string;
  /** The digest's file in the record's folder. */
  readonly file: string;
  /** The sha256 of the file's bytes, as written. */
  readonly sha256: string;
}

export class DigestRecordError extends Error {
  override readonly name = 'DigestRecordError';
}

export function digestFileName(position: bigint): string {
  return `digest-${position.toString().padStart(positionDigits, '0')}.json`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseEntry(line: string, lineNumber: number): DigestRecordEntry {
  const fail = (what: string): never => {
    throw new DigestRecordError(`${digestRecordFileName} line ${lineNumber} is not a digest's entry: ${what}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return fail(describe(error));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('not a JSON object');
  const entry = value as Record<string, unknown>;
  if (typeof entry.position !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(entry.position)) fail('position is not a decimal string');
  if (typeof entry.eventCount !== 'number' || !Number.isSafeInteger(entry.eventCount) || entry.eventCount < 1) fail('eventCount is not a count');
  for (const field of ['root', 'sha256'] as const) if (typeof entry[field] !== 'string' || !isHexHash(entry[field])) fail(`${field} is not 64 hex digits`);
  for (const field of ['createdAt', 'store', 'keyId'] as const) if (typeof entry[field] !== 'string') fail(`${field} is not text`);
  if (entry.lastEventRecordedAt !== null && typeof entry.lastEventRecordedAt !== 'string') fail('lastEventRecordedAt is not text or null');
  if (entry.file !== digestFileName(BigInt(entry.position as string))) fail(`file is not ${digestFileName(BigInt(entry.position as string))}`);
  return entry as unknown as DigestRecordEntry;
}

/** Writes a file whole and durably: a reader sees the old file or the new one, never half of one. */
function writeFileDurably(dir: string, name: string, content: string): void {
  const target = join(dir, name);
  const partial = `${target}.partial`;
  const descriptor = openSync(partial, 'w', 0o644);
  try {
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(partial, target);
  syncDirectory(dir);
}

/** The rename is durable once the folder's entry is: sync it. */
function syncDirectory(dir: string): void {
  const descriptor = openSync(dir, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * The record in one folder. One process writes it (the one that runs the schedule); any number
 * read it. Reading keeps what it has read and reads only the lines appended since (the file only
 * grows), so a listing costs the new lines, not the whole record. A last line cut short by a crash
 * is not read; the writer cuts it off before it appends the next one.
 */
export class DigestRecord {
  private entriesRead: DigestRecordEntry[] = [];
  /** Bytes of the record file read into `entriesRead`: always the end of a whole line. */
  private bytesRead = 0;

  constructor(readonly dir: string) {}

  get recordFile(): string {
    return join(this.dir, digestRecordFileName);
  }

  /** Every entry, in the order the digests were made. Throws `DigestRecordError` when a line is not an entry. */
  entries(): readonly DigestRecordEntry[] {
    this.readNewLines();
    return this.entriesRead;
  }

  last(): DigestRecordEntry | undefined {
    return this.entries().at(-1);
  }

  /** The entries with a position after `afterPosition`, in order, at most `limit` (≤ `digestListCountMax`). */
  list(options: { readonly afterPosition?: bigint; readonly limit?: number } = {}): DigestRecordEntry[] {
    const after = options.afterPosition ?? -1n;
    const limit = Math.min(options.limit ?? digestListCountMax, digestListCountMax);
    return this.entries()
      .filter((entry) => BigInt(entry.position) > after)
      .slice(0, limit);
  }

  /** The entry of the digest at this position. */
  find(position: bigint): DigestRecordEntry | undefined {
    const text = position.toString();
    return this.entries().findLast((entry) => entry.position === text);
  }

  /** The bytes of an entry's file, as written. */
  readFile(entry: DigestRecordEntry): Buffer {
    return readFileSync(join(this.dir, entry.file));
  }

  /** Keeps the digest: its file first, then its line. Throws when the folder cannot be written. */
  add(digest: LedgerDigest): DigestRecordEntry {
    if (digest.eventCount < 1) throw new DigestRecordError('a digest of an empty store is not recorded');
    mkdirSync(this.dir, { recursive: true });
    this.readNewLines();
    const text = digestFileText(digest);
    const file = digestFileName(BigInt(digest.position));
    writeFileDurably(this.dir, file, text);
    const entry: DigestRecordEntry = {
      position: digest.position,
      eventCount: digest.eventCount,
      root: digest.root,
      createdAt: digest.createdAt,
      lastEventRecordedAt: digest.lastEventRecordedAt,
      store: digest.store,
      keyId: digest.signature.keyId,
      file,
      sha256: sha256Hex(text),
    };
    this.appendLine(`${canonicalJson(entry as unknown as JsonObject)}\n`);
    this.entriesRead.push(entry);
    return entry;
  }

  private appendLine(line: string): void {
    const descriptor = openSync(this.recordFile, 'a+', 0o644);
    try {
      // A line a crash cut short is dropped, so the new line starts on a line of its own.
      if (fstatSync(descriptor).size > this.bytesRead) ftruncateSync(descriptor, this.bytesRead);
      const bytes = Buffer.from(line, 'utf8');
      writeSync(descriptor, bytes);
      fsyncSync(descriptor);
      this.bytesRead += bytes.length;
    } finally {
      closeSync(descriptor);
    }
  }

  private readNewLines(): void {
    if (!existsSync(this.recordFile)) {
      this.entriesRead = [];
      this.bytesRead = 0;
      return;
    }
    const size = statSync(this.recordFile).size;
    // The file only grows; a smaller one was replaced (restored from a copy, say): read it again.
    if (size < this.bytesRead) {
      this.entriesRead = [];
      this.bytesRead = 0;
    }
    if (size === this.bytesRead) return;
    const descriptor = openSync(this.recordFile, 'r');
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(size - this.bytesRead);
      const read = readSync(descriptor, chunk, 0, chunk.length, this.bytesRead);
      chunk = chunk.subarray(0, read);
    } finally {
      closeSync(descriptor);
    }
    const lastNewline = chunk.lastIndexOf(0x0a);
    if (lastNewline < 0) return;
    const complete = chunk.subarray(0, lastNewline + 1).toString('utf8');
    const lines = complete.split('\n').slice(0, -1);
    const firstLineNumber = this.entriesRead.length + 1;
    const parsed = lines.map((line, index) => parseEntry(line, firstLineNumber + index));
    for (const entry of parsed) this.entriesRead.push(entry);
    this.bytesRead += lastNewline + 1;
  }
}
