import { parseAccountId, type AccountKey } from '@ledger/domain';
import { type CommandContext, clientCommandIdMessage, clientCommandIdPattern } from '@ledger/commands';
import type { CommandEnvelopeDto } from './command-envelope.dto';
import { InputValidationError, isRealDate, type FieldError } from './validation';

export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

const headerValueLengthMax = 100;

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export interface ContextOptions {
  /** Movements of money cite the legal act behind them. */
  readonly decisionRefRequired: boolean;
}

/** Builds a command's context from its body and headers, refusing bad input with field messages. */
export function commandContextFrom(headers: RequestHeaders, body: CommandEnvelopeDto, options: ContextOptions): CommandContext {
  const errors: FieldError[] = [];
  const idempotencyKey = header(headers, 'idempotency-key');
  if (idempotencyKey !== undefined && !clientCommandIdPattern.test(idempotencyKey)) {
    errors.push({ field: 'Idempotency-Key', messages: [`Idempotency-Key ${clientCommandIdMessage}`] });
  }
  if (body.commandId !== undefined && idempotencyKey !== undefined && body.commandId !== idempotencyKey) {
    errors.push({ field: 'commandId', messages: ['commandId and the Idempotency-Key header differ'] });
  }
  const commandId = body.commandId ?? idempotencyKey;
  if (commandId === undefined) errors.push({ field: 'commandId', messages: ['a command needs a client-chosen id: the commandId field or an Idempotency-Key header'] });
  if (options.decisionRefRequired && body.decisionRef === undefined) {
    errors.push({ field: 'decisionRef', messages: ['this movement of money must cite a decision (decisionRef)'] });
  }
  if (body.effectiveDate !== undefined && !isRealDate(body.effectiveDate)) errors.push({ field: 'effectiveDate', messages: ['effectiveDate is not a calendar date'] });
  const actorId = header(headers, 'x-actor-id') ?? 'anonymous';
  const actorRole = header(headers, 'x-actor-role') ?? 'unspecified';
  const jurisdiction = header(headers, 'x-actor-jurisdiction') ?? null;
  const correlationId = header(headers, 'x-correlation-id');
  for (const [name, value] of [
    ['X-Actor-Id', actorId],
    ['X-Actor-Role', actorRole],
    ['X-Actor-Jurisdiction', jurisdiction],
    ['X-Correlation-Id', correlationId],
  ] as const) {
    if (value !== null && value !== undefined && (value.length === 0 || value.length > headerValueLengthMax)) {
      errors.push({ field: name, messages: [`${name} must be 1–${headerValueLengthMax} characters`] });
    }
  }
  if (errors.length > 0) throw new InputValidationError(errors);
  const id = commandId as string;
  return {
    commandId: id,
    correlationId: correlationId ?? id,
    causationId: id,
    actor: { id: actorId, role: actorRole, jurisdiction },
    decisionRef: body.decisionRef ?? null,
    effectiveDate: body.effectiveDate ?? null,
  };
}

export function parseAccountIdField(text: string, field: string): AccountKey {
  const key = parseAccountId(text);
  if (!key) {
    throw new InputValidationError([
      { field, messages: [`${field} must be {program}.{planYear}.{locality}.{DTPT|SN}.{NSTW|NSDP|CSXH|KHAC}.{component or _}, e.g. DTTS.2024.11.DTPT.NSTW._`] },
    ]);
  }
  return key;
}

export function checkDateField(text: string, field: string): void {
  if (!isRealDate(text)) throw new InputValidationError([{ field, messages: [`${field} is not a calendar date`] }]);
}

/** `If-Match: "7"` (or 7) names the revision the client decided on. */
export function expectedRevisionFrom(headers: RequestHeaders): bigint | undefined {
  const value = header(headers, 'if-match');
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?([0-9]{1,18})"?$/.exec(value.trim());
  if (!match) throw new InputValidationError([{ field: 'If-Match', messages: ['If-Match must be the account revision from its ETag, e.g. "7"'] }]);
  return BigInt(match[1]);
}
