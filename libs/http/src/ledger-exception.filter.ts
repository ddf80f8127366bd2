import { Catch, HttpException, Logger, ServiceUnavailableException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { RefusalCode } from '@ledger/domain';
import { AppendTooLargeError, CommandIdConflictError, EventStoreAccessError, StreamDeletedError } from '@ledger/event-store';
import { CommandRefusedError, ConcurrencyConflictError, NotFoundError, StaleRevisionError, stopOnInvariantViolation } from '@ledger/commands';
import { InputValidationError, type FieldError } from './validation';
import { StrictInputError } from './strict-json';
import { AccessDeniedError, KeysUnavailableError, TokenRefusedError } from '@ledger/identity';
import { PositionBeyondHeadError, RebuildAlreadyRunningError, ReadModelBehindError } from '@ledger/read-models';

export interface ErrorBody {
  readonly statusCode: number;
  /** Stable, machine-readable: clients branch on this, never on the message. */
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly errors?: readonly FieldError[];
}

/** Refusals that mean "no such thing" rather than "not allowed". */
const notFoundRefusals: ReadonlySet<RefusalCode> = new Set<RefusalCode>(['ACCOUNT_NOT_FOUND', 'APPROVAL_REQUEST_NOT_FOUND']);
/** Refusals that say the actor may not do this, whatever the figures. */
const forbiddenRefusals: ReadonlySet<RefusalCode> = new Set<RefusalCode>(['OUTSIDE_JURISDICTION', 'SELF_APPROVAL_NOT_ALLOWED']);
/** Refusals that say the thing is no longer (or not yet) in the state the command needs: a request decided or expired. */
const conflictRefusals: ReadonlySet<RefusalCode> = new Set<RefusalCode>(['APPROVAL_REQUEST_NOT_PENDING', 'APPROVAL_REQUEST_EXPIRED', 'APPROVAL_REQUEST_NOT_EXPIRED']);

function refusalStatus(code: RefusalCode): number {
  if (notFoundRefusals.has(code)) return 404;
  if (forbiddenRefusals.has(code)) return 403;
  if (conflictRefusals.has(code)) return 409;
  return 422;
}

const statusCodes: Readonly<Record<number, string>> = {
  400: 'MALFORMED_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  408: 'REQUEST_TIMEOUT',
  429: 'TOO_MANY_REQUESTS',
};

/** What the HTTP framework's own refusals mean, in the ledger's words (its texts name its internals). */
const frameworkMessages: Readonly<Record<number, string>> = {
  400: 'the request body is not valid JSON',
  408: 'the request took too long to arrive',
  413: 'the request body is larger than the limit',
  414: 'the request path, or a parameter in it, is longer than the limit',
  415: 'commands take a JSON body: Content-Type: application/json',
};

/** The one place where failures become HTTP answers. Clients never see a stack trace or SQL. */
export function errorBodyFor(exception: unknown): ErrorBody {
  if (exception instanceof StrictInputError) {
    return { statusCode: 400, code: exception.problem, message: 'the request is not valid', errors: [{ field: exception.field, messages: [exception.message] }] };
  }
  if (exception instanceof TokenRefusedError) {
    return { statusCode: 401, code: 'UNAUTHENTICATED', message: exception.message, details: { problem: exception.problem } };
  }
  if (exception instanceof AccessDeniedError) {
    return { statusCode: 403, code: exception.code, message: exception.message, details: exception.details };
  }
  if (exception instanceof KeysUnavailableError) {
    return { statusCode: 503, code: 'AUTHENTICATION_UNAVAILABLE', message: 'tokens cannot be verified now: the identity provider’s keys are unavailable; retry shortly' };
  }
  if (exception instanceof InputValidationError) {
    return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'the request is not valid', errors: exception.fieldErrors };
  }
  if (exception instanceof CommandRefusedError) {
    const { code, message, details } = exception.refusal;
    return { statusCode: refusalStatus(code), code, message, details };
  }
  if (exception instanceof NotFoundError) {
    return { statusCode: 404, code: exception.code, message: exception.message, details: exception.details };
  }
  if (exception instanceof CommandIdConflictError) {
    return {
      statusCode: 409,
      code: 'COMMAND_ID_REUSED',
      message: 'this command id was already used for a different command; choose a new id',
      details: { commandId: exception.commandId },
    };
  }
  if (exception instanceof AppendTooLargeError) {
    return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the command’s events are larger than the event store takes' };
  }
  if (exception instanceof StreamDeletedError) {
    return { statusCode: 410, code: 'STREAM_DELETED', message: 'the account’s history was deleted outside the ledger; an operator must restore it', details: { streamId: exception.streamId } };
  }
  if (exception instanceof EventStoreAccessError) {
    return { statusCode: 503, code: 'EVENT_STORE_UNAVAILABLE', message: 'the event store refused the ledger’s credentials; an operator must fix its access' };
  }
  if (exception instanceof ConcurrencyConflictError) {
    return { statusCode: 409, code: 'CONCURRENCY_CONFLICT', message: exception.message, details: { streamId: exception.streamId, attempts: exception.attempts } };
  }
  if (exception instanceof StaleRevisionError) {
    return {
      statusCode: 409,
      code: 'STALE_REVISION',
      message: exception.message,
      details: { expectedRevision: exception.expectedRevision.toString(), actualRevision: exception.actualRevision?.toString() ?? null },
    };
  }
  if (exception instanceof ReadModelBehindError) {
    return {
      statusCode: 503,
      code: 'READ_MODEL_BEHIND',
      message: exception.message,
      details: { minPosition: exception.minPosition.toString(), position: exception.position.toString(), waitedMs: exception.waitedMs },
    };
  }
  if (exception instanceof PositionBeyondHeadError) {
    return {
      statusCode: 400,
      code: 'POSITION_BEYOND_HEAD',
      message: exception.message,
      details: { minPosition: exception.minPosition.toString(), headPosition: exception.headPosition.toString() },
    };
  }
  if (exception instanceof RebuildAlreadyRunningError) {
    return { statusCode: 409, code: 'REBUILD_ALREADY_RUNNING', message: exception.message, details: { jobId: exception.jobId } };
  }
  // Readiness answers 503 with what is down (the health check's own body): it holds no internals.
  if (exception instanceof ServiceUnavailableException) {
    const response = exception.getResponse();
    return { statusCode: 503, code: 'NOT_READY', message: 'the ledger is not ready', details: typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {} };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    if (statusCode < 500) {
      return { statusCode, code: statusCodes[statusCode] ?? 'CLIENT_ERROR', message: statusCode === 404 ? 'no such resource' : (frameworkMessages[statusCode] ?? exception.message) };
    }
  }
  // Errors raised by the HTTP framework itself (unparsable JSON, body too large) carry a 4xx status.
  const frameworkStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof frameworkStatus === 'number' && frameworkStatus >= 400 && frameworkStatus < 500) {
    const message = frameworkMessages[frameworkStatus] ?? 'the request cannot be processed';
    return { statusCode: frameworkStatus, code: statusCodes[frameworkStatus] ?? 'CLIENT_ERROR', message };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'the ledger could not process the request; nothing was written unless a response said so' };
}

@Catch()
export class LedgerExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = errorBodyFor(exception);
    if (body.code === 'INTERNAL_ERROR' || body.code === 'EVENT_STORE_UNAVAILABLE' || body.code === 'AUTHENTICATION_UNAVAILABLE') this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    // A broken invariant is a bug in the ledger: answer, then stop the process rather than go on.
    stopOnInvariantViolation(exception);
    const reply = host.switchToHttp().getResponse<{ status(code: number): { send(payload: unknown): void }; header(name: string, value: string): unknown }>();
    // A read model behind the asked position catches up within moments: tell clients when to retry.
    if (body.code === 'READ_MODEL_BEHIND' || body.code === 'AUTHENTICATION_UNAVAILABLE') reply.header('Retry-After', '1');
    // The challenge of RFC 6750; the words of the refusal are in the body (a header takes ASCII only).
    if (body.statusCode === 401) reply.header('WWW-Authenticate', body.details?.problem === 'missing' ? 'Bearer realm="program-ledger"' : 'Bearer realm="program-ledger", error="invalid_token"');
    reply.status(body.statusCode).send(body);
  }
}
