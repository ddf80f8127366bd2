import { createHash } from 'node:crypto';

/** Who issued a command. Authentication happens in front of the ledger; the edge passes the identity on. */
export interface Actor {
  readonly id: string;
  readonly role: string;
  /** The locality id the actor acts for, when known. */
  readonly jurisdiction: string | null;
}

/** What every command carries besides its content; it ends up in every event's metadata. */
export interface CommandContext {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  /** The legal act behind the movement of money (số quyết định), when there is one. */
  readonly decisionRef: string | null;
  /** The date the fact takes effect (ISO). */
  readonly effectiveDate: string;
}

/**
 * JSON with bigint amounts as decimal strings, exactly as `JSON.stringify` with a replacer that
 * turns bigints into strings writes it (stored command records hold hashes of that text), but
 * several times faster: a replacer function is called for every key and value.
 */
export function stringifyContent(value: unknown): string {
  const written = writeJson(value);
  return written === undefined ? 'undefined' : written;
}

function writeJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `"${value.toString()}"`;
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return writeJson((value as { toJSON: () => unknown }).toJSON());
      if (Array.isArray(value)) return `[${value.map((item: unknown) => writeJson(item) ?? 'null').join(',')}]`;
      const members: string[] = [];
      for (const key of Object.keys(value)) {
        const written = writeJson((value as Record<string, unknown>)[key]);
        if (written !== undefined) members.push(`${JSON.stringify(key)}:${written}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays, as JSON.stringify does.
      return undefined;
  }
}

/**
 * The hash that tells a retry from a different command reusing an id: the command's content,
 * its decision reference and effective date. Handlers build the content with a fixed field
 * order, so plain JSON is canonical here.
 */
export function requestHash(kind: string, content: unknown, context: Pick<CommandContext, 'decisionRef' | 'effectiveDate'>): string {
  return createHash('sha256')
    .update(stringifyContent([kind, context.decisionRef, context.effectiveDate, content]))
    .digest('base64url');
}
