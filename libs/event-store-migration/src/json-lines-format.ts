/**
 * The export file: JSON Lines, UTF-8, one object per line, in this order:
 *
 *   {"kind":"header","format":"program-ledger.events","formatVersion":1,"headPosition":"…"}
 *   {"kind":"event","position":"…","streamId":"…","revision":"…","id":"…","type":"…","data":{…},"metadata":{…},"recordedAt":"…"}
 *   … every event, in the source's global order …
 *   {"kind":"command","commandId":"…","requestHash":"…","streamId":"…","eventIds":[…],"firstRevision":"…","nextRevision":"…","uniqueKeys":[…]}
 *   … every command record found …
 *   {"kind":"end","eventCount":n,"commandCount":n,"streamCount":n}
 *
 * Revisions and positions are decimal strings (they are 64-bit); `recordedAt` is ISO 8601.
 * `data` and `metadata` keep the source's key order. `uniqueKeys` (the keys the command's append
 * took, a treasury voucher say) is left out when there are none, so files written before keys
 * existed read the same. The closing line is how a reader tells a complete file from one cut short.
 */
import type { JsonObject } from '@ledger/event-store';

export const exportFormat = 'program-ledger.events';
export const exportFormatVersion = 1;

export interface HeaderLine {
  readonly kind: 'header';
  readonly format: typeof exportFormat;
  readonly formatVersion: number;
  /** The source's head when the export began: the export holds every event up to it. */
  readonly headPosition: string;
}

export interface EventLine {
  readonly kind: 'event';
  readonly position: string;
  readonly streamId: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: string;
}

export interface CommandLine {
  readonly kind: 'command';
  readonly commandId: string;
  readonly requestHash: string;
  readonly streamId: string;
  readonly eventIds: readonly string[];
  readonly firstRevision: string;
  readonly nextRevision: string;
  readonly uniqueKeys?: readonly string[];
}

export interface EndLine {
  readonly kind: 'end';
  readonly eventCount: number;
  readonly commandCount: number;
  readonly streamCount: number;
}

export type ExportLine = HeaderLine | EventLine | CommandLine | EndLine;

/** A line that is not what the format says, with where it is. */
export class ExportFileError extends Error {
  override readonly name = 'ExportFileError';
}

export function parseLine(text: string, lineNumber: number): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExportFileError(`line ${lineNumber} is not JSON`);
  }
  const line = requireObject(value, lineNumber, 'the line');
  const fail = (problem: string): never => {
    throw new ExportFileError(`line ${lineNumber}: ${problem}`);
  };
  switch (line.kind) {
    case 'header':
      if (line.format !== exportFormat) fail(`the format is ${JSON.stringify(line.format)}, not ${exportFormat}`);
      if (line.formatVersion !== exportFormatVersion) fail(`format version ${String(line.formatVersion)} is not ${exportFormatVersion}, the one this program reads`);
      requireDecimal(line.headPosition, lineNumber, 'headPosition', true);
      return line as unknown as HeaderLine;
    case 'event':
      requireDecimal(line.position, lineNumber, 'position');
      requireDecimal(line.revision, lineNumber, 'revision');
      requireText(line.streamId, lineNumber, 'streamId');
      requireText(line.id, lineNumber, 'id');
      requireText(line.type, lineNumber, 'type');
      requireObject(line.data, lineNumber, 'data');
      requireObject(line.metadata, lineNumber, 'metadata');
      if (typeof line.recordedAt !== 'string' || Number.isNaN(Date.parse(line.recordedAt))) fail('recordedAt is not a date');
      return line as unknown as EventLine;
    case 'command':
      requireText(line.commandId, lineNumber, 'commandId');
      requireText(line.requestHash, lineNumber, 'requestHash');
      requireText(line.streamId, lineNumber, 'streamId');
      requireDecimal(line.firstRevision, lineNumber, 'firstRevision');
      requireDecimal(line.nextRevision, lineNumber, 'nextRevision');
      if (!Array.isArray(line.eventIds) || line.eventIds.length === 0 || !line.eventIds.every((id) => typeof id === 'string')) {
        fail('eventIds is not a non-empty list of ids');
      }
      if (BigInt(line.nextRevision as string) - BigInt(line.firstRevision as string) + 1n !== BigInt((line.eventIds as unknown[]).length)) {
        fail('the command revisions do not span its events');
      }
      if (line.uniqueKeys !== undefined && (!Array.isArray(line.uniqueKeys) || !line.uniqueKeys.every((key) => typeof key === 'string' && key.length > 0))) {
        fail('uniqueKeys is not a list of keys');
      }
      return line as unknown as CommandLine;
    case 'end':
      for (const field of ['eventCount', 'commandCount', 'streamCount']) {
        if (!Number.isSafeInteger(line[field]) || (line[field] as number) < 0) fail(`${field} is not a count`);
      }
      return line as unknown as EndLine;
    default:
      return fail(`unknown kind ${JSON.stringify(line.kind)}`);
  }
}

function requireObject(value: unknown, lineNumber: number, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ExportFileError(`line ${lineNumber}: ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function requireText(value: unknown, lineNumber: number, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new ExportFileError(`line ${lineNumber}: ${what} is not a non-empty string`);
}

function requireDecimal(value: unknown, lineNumber: number, what: string, allowMinusOne = false): void {
  const valid = typeof value === 'string' && (/^(0|[1-9][0-9]*)$/.test(value) || (allowMinusOne && value === '-1'));
  if (!valid) throw new ExportFileError(`line ${lineNumber}: ${what} is not a decimal string`);
}
