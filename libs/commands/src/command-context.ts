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
  /**
   * The date the fact takes effect (ISO), as the client gave it; null when it gave none, and the
   * event then takes the day it is decided in Vietnam. A retry is recognised by what the client
   * sent, so a retry just after midnight is still the same command.
   */
  readonly effectiveDate: string | null;
}

/**
 * The hash that tells a retry from a different command reusing an id: the command's content,
 * its decision reference and effective date as the client sent them (null when it sent none). Handlers build the content with a fixed field
 * order, so plain JSON is canonical here. Amounts go in as decimal strings
 * (`amountVnd.toString()`): JSON.stringify refuses a bigint, and a replacer function to convert
 * them would double the cost of the hash.
 */
export function requestHash(kind: string, content: unknown, context: Pick<CommandContext, 'decisionRef' | 'effectiveDate'>): string {
  return createHash('sha256').update(JSON.stringify([kind, context.decisionRef, context.effectiveDate, content])).digest('base64url');
}
