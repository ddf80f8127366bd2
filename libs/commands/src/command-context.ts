import { createHash } from 'node:crypto';

/** Who issued a command: the verified token's user, role and jurisdiction, and who vouched for them. */
export interface Actor {
  readonly id: string;
  readonly role: string;
  /**
   * The locality id the actor acts for; the domain lets it act only there and below. Null for the
   * ledger itself (a transfer's credit) and for an operator's tool acting for the whole ledger.
   */
  readonly jurisdiction: string | null;
  /** The token's issuer: the ledger on the embedded default, or the identity provider. Null inside the ledger. */
  readonly issuer?: string | null;
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
  /**
   * The namespace of the command id: client ids are scoped per user, as a bank scopes idempotency
   * keys per client, so two users' ids never meet and nobody can take or probe another's. Null for
   * the ledger's own commands and an operator's tools, whose ids are the ledger's.
   */
  readonly idScope?: string | null;
}

/** The id under which the store keeps a command's record: the client's id inside its user's namespace. */
export function commandRecordId(context: Pick<CommandContext, 'commandId' | 'idScope'>): string {
  return context.idScope ? `client/${context.idScope}/${context.commandId}` : context.commandId;
}

/** A user's namespace for command ids: a digest of the token's issuer and user, fixed in length. */
export function idScopeOf(issuer: string, userId: string): string {
  return createHash('sha256').update(`${issuer}\n${userId}`).digest('base64url').slice(0, 22);
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
