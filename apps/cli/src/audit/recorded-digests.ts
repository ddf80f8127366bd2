import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DigestRecord, DigestRecordError, sha256Hex, type DigestRecordEntry } from '@ledger/audit';
import { CommandLineFailure } from '../command-line-failure';
import { exitCodes } from '../exit-codes';

/** A recorded digest, and whether its file is still there as it was written. */
export interface RecordedDigest extends DigestRecordEntry {
  /** `ok`: the file's sha256 is the record's; `missing`: no file; `changed`: another sha256. */
  readonly fileCheck: 'ok' | 'missing' | 'changed';
}

/** The record in a folder, each file checked against its line; a record that cannot be read exits 1. */
export function recordedDigests(dir: string): RecordedDigest[] {
  let entries: readonly DigestRecordEntry[];
  try {
    entries = new DigestRecord(dir).entries();
  } catch (error) {
    if (error instanceof DigestRecordError) throw new CommandLineFailure(exitCodes.problemFound, `${dir}: ${error.message}`);
    throw error;
  }
  return entries.map((entry) => {
    const path = join(dir, entry.file);
    const fileCheck = !existsSync(path) ? 'missing' : sha256Hex(readFileSync(path)) === entry.sha256 ? 'ok' : 'changed';
    return { ...entry, fileCheck };
  });
}

export function recordedDigestLines(dir: string, digests: readonly RecordedDigest[]): string[] {
  if (digests.length === 0) return [`no digest recorded in ${dir}`];
  const rows = digests.map((digest) => [digest.position, String(digest.eventCount), digest.createdAt, digest.keyId, digest.root.slice(0, 16), digest.file, digest.fileCheck]);
  const header = ['position', 'events', 'createdAt', 'keyId', 'root', 'file', 'file check'];
  const widths = header.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column < 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const problems = digests.filter((digest) => digest.fileCheck !== 'ok').length;
  return [line(header), ...rows.map(line), `${digests.length} digest(s) in ${dir}${problems > 0 ? `; ${problems} file(s) missing or changed since they were recorded` : ''}`];
}
