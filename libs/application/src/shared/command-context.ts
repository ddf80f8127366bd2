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

function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
}

/**
 * The hash that tells a retry from a different command reusing an id: the command's content,
 * its decision reference and effective date, in a canonical form.
 */
export function requestHash(kind: string, content: unknown, context: Pick<CommandContext, 'decisionRef' | 'effectiveDate'>): string {
  return createHash('sha256')
    .update(canonicalJson({ kind, content, decisionRef: context.decisionRef, effectiveDate: context.effectiveDate }))
    .digest('base64url');
}
