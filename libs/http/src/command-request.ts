import { parseAccountId, type AccountKey } from '@ledger/domain';
import { type CommandContext, clientCommandIdMessage, clientCommandIdPattern, idScopeOf } from '@ledger/commands';
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

/** The verified principal a command is issued by, and the role the endpoint let it act in (identity's `ActingPrincipal`). */
export interface CommandIssuer {
  readonly principal: { readonly userId: string; readonly jurisdiction: string; readonly issuer: string };
  readonly role: string;
}

/**
 * Builds a command's context from its body and headers, refusing bad input with field messages.
 * The actor is the verified token's — user, role, jurisdiction, issuer — whatever the request
 * claims; its command id lives in that user's namespace.
 */
export function commandContextFrom(headers: RequestHeaders, body: CommandEnvelopeDto, issuer: CommandIssuer, options: ContextOptions): CommandContext {
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
  const correlationId = textHeader(headers, 'x-correlation-id', 'X-Correlation-Id', errors);
  if (correlationId !== undefined && (correlationId.length === 0 || correlationId.length > headerValueLengthMax)) {
    errors.push({ field: 'X-Correlation-Id', messages: [`X-Correlation-Id must be 1–${headerValueLengthMax} characters`] });
  }
  if (errors.length > 0) throw new InputValidationError(errors);
  const id = commandId as string;
  const { principal, role } = issuer;
  return {
    commandId: id,
    correlationId: correlationId ?? id,
    causationId: id,
    actor: { id: principal.userId, role, jurisdiction: principal.jurisdiction, issuer: principal.issuer },
    decisionRef: body.decisionRef ?? null,
    effectiveDate: body.effectiveDate ?? null,
    idScope: idScopeOf(principal.issuer, principal.userId),
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
