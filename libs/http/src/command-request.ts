import { parseAccountId, type AccountKey } from '@ledger/domain';
import { type CommandContext, clientCommandIdMessage, clientCommandIdPattern } from '@ledger/commands';
import type { CommandEnvelopeDto } from './command-envelope.dto';
import { textProblem } from './strict-json';
import { InputValidationError, isRealDate, type FieldError } from './validation';

export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

const headerValueLengthMax = 100;

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header holding text, decoded as UTF-8. Node hands header bytes over one per character
 * (Latin-1), so "Nguyễn Văn A" arrives as "Nguyá»…n VÄƒn A" until its bytes are decoded again;
 * bytes that are not UTF-8, and control characters, are refused.
 */
function textHeader(headers: RequestHeaders, name: string, label: string, errors: FieldError[]): string | undefined {
  const raw = header(headers, name);
  if (raw === undefined) return undefined;
  let text: string;
  try {
    text = utf8.decode(Buffer.from(raw, 'latin1'));
  } catch {
    errors.push({ field: label, messages: [`${label} is not valid UTF-8`] });
    return undefined;
  }
  const problem = textProblem(text);
  if (problem) {
    errors.push({ field: label, messages: [`${label} ${problem}`] });
    return undefined;
  }
  return text;
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
  const actorId = textHeader(headers, 'x-actor-id', 'X-Actor-Id', errors) ?? 'anonymous';
  const actorRole = textHeader(headers, 'x-actor-role', 'X-Actor-Role', errors) ?? 'unspecified';
  const jurisdiction = textHeader(headers, 'x-actor-jurisdiction', 'X-Actor-Jurisdiction', errors) ?? null;
  const correlationId = textHeader(headers, 'x-correlation-id', 'X-Correlation-Id', errors);
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
