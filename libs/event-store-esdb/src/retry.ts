import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';

/**
 * Bounded exponential back-off, and for reads and appends a deadline per attempt and a budget
 * for the whole operation: how often, and how patiently, an operation is tried again.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attemptsMax: number;
  readonly delayMsInitial: number;
  /** The delay doubles after each failure up to this bound. */
  readonly delayMsMax: number;
  /**
   * Each attempt's deadline. An attempt that has not answered by then is abandoned and counts as
   * a transient failure: a node that stopped answering, or a server that dropped the request (as
   * EventStoreDB drops a repeated append whose original is not yet replicated, and waits for the
   * client to send it again). Reads and appends only; defaults to `attemptTimeoutMsDefault`.
   */
  readonly attemptTimeoutMs?: number;
  /**
   * The whole operation, attempts and waits together, gives up by this: the waits do not run past
   * it, and the last attempt's deadline is cut to what is left. Reads and appends only; defaults
   * to `budgetMsDefault`.
   */
  readonly budgetMs?: number;
}

/** The client's own default deadline: a page of 10,000 events must fit in it on a busy node. */
export const attemptTimeoutMsDefault = 10_000;
export const budgetMsDefault = 20_000;

/**
 * For reads and appends: up to 7 attempts within 20 s, enough to ride out a leader election in
 * a three-node cluster (a few seconds) and one attempt that hangs until its deadline.
 */
export const retryPolicyDefault: RetryPolicy = {
  attemptsMax: 7,
  delayMsInitial: 100,
  delayMsMax: 2_000,
  attemptTimeoutMs: attemptTimeoutMsDefault,
  budgetMs: budgetMsDefault,
};

/**
 * For subscriptions, which are long-lived and cheap to keep waiting: about two minutes of
 * reconnecting before the consumer is told the subscription is lost. Deadlines do not apply.
 */
export const subscriptionReconnectPolicyDefault: RetryPolicy = { attemptsMax: 30, delayMsInitial: 100, delayMsMax: 5_000 };

/**
 * gRPC status codes of failures that say nothing about the request itself. The numbers are
 * gRPC's, fixed by its specification; they are written here so the adapter need not depend on
 * `@grpc/grpc-js` directly.
 */
const grpcStatus = { cancelled: 1, unknown: 2, deadlineExceeded: 4, aborted: 10, internal: 13, unavailable: 14 } as const;

/**
 * How grpc-js words a connection that broke under a call, whatever status it files it under, and
 * how a node in an election says it knows no leader yet.
 */
const brokenConnectionDetails = /RST_STREAM|ECONNRESET|ECONNREFUSED|EPIPE|Connection dropped|Session closed|socket hang up|GOAWAY|No leader info/i;

/** An attempt that did not answer within its deadline; the operation may have happened. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within the attempt deadline of ${timeoutMs} ms`);
  }
}

/**
 * True for failures of the connection or of the node (unreachable, restarting, no longer the
 * leader, too slow), after which the same request may be sent again; false for answers about
 * the request (a version conflict, a missing stream, a refusal, missing rights).
 */
export function isTransientFailure(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof AttemptTimeoutError
  ) {
    return true;
  }
  if (error === null || typeof error !== 'object') return false;
  const { code, details, message } = error as { code?: unknown; details?: unknown; message?: unknown };
  if (code === grpcStatus.cancelled) return details !== 'Cancelled on client';
  if (code === grpcStatus.unknown || code === grpcStatus.internal || code === undefined) {
    const text = typeof details === 'string' ? details : typeof message === 'string' ? message : '';
    return brokenConnectionDetails.test(text);
  }
  return code === grpcStatus.unavailable || code === grpcStatus.deadlineExceeded || code === grpcStatus.aborted;
}

export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.delayMsMax, policy.delayMsInitial * 2 ** Math.max(0, failedAttempts - 1));
}

export interface AttemptContext {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** This attempt's deadline, to pass to the client as its `deadline`. */
  readonly deadlineMs: number;
}

/**
 * Runs `operation` until it succeeds, fails for a reason that is not transient, has been tried
 * `attemptsMax` times, or the budget is spent; each attempt is abandoned at its deadline. Only
 * idempotent operations may be passed here: an abandoned attempt may still complete.
 */
export async function withRetry<T>(policy: RetryPolicy, operation: (context: AttemptContext) => Promise<T>): Promise<T> {
  const startedMs = Date.now();
  const budgetMs = policy.budgetMs ?? budgetMsDefault;
  const attemptTimeoutMs = policy.attemptTimeoutMs ?? attemptTimeoutMsDefault;
  for (let attempt = 1; ; attempt++) {
    const remainingMs = budgetMs - (Date.now() - startedMs);
    const deadlineMs = Math.max(1, Math.min(attemptTimeoutMs, remainingMs));
    try {
      return await withDeadline(operation({ attempt, deadlineMs }), deadlineMs);
    } catch (error) {
      if (attempt >= policy.attemptsMax || !isTransientFailure(error)) throw error;
      const delayMs = retryDelayMs(policy, attempt);
      // The wait and at least a moment of the next attempt must fit in what is left.
      if (Date.now() - startedMs + delayMs >= budgetMs) throw error;
      await sleep(delayMs);
    }
  }
}

/** The operation's result, or `AttemptTimeoutError` at the deadline; a late outcome is ignored. */
function withDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new AttemptTimeoutError(deadlineMs)), deadlineMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function validateRetryPolicy(name: string, policy: RetryPolicy): RetryPolicy {
  const { attemptsMax, delayMsInitial, delayMsMax, attemptTimeoutMs, budgetMs } = policy;
  if (!Number.isInteger(attemptsMax) || attemptsMax < 1 || attemptsMax > 1_000) {
    throw new RangeError(`${name}.attemptsMax must be an integer from 1 to 1000, got ${String(attemptsMax)}`);
  }
  if (!Number.isInteger(delayMsInitial) || delayMsInitial < 0 || delayMsInitial > 60_000) {
    throw new RangeError(`${name}.delayMsInitial must be an integer from 0 to 60000, got ${String(delayMsInitial)}`);
  }
  if (!Number.isInteger(delayMsMax) || delayMsMax < delayMsInitial || delayMsMax > 600_000) {
    throw new RangeError(`${name}.delayMsMax must be an integer from delayMsInitial to 600000, got ${String(delayMsMax)}`);
  }
  if (attemptTimeoutMs !== undefined && (!Number.isInteger(attemptTimeoutMs) || attemptTimeoutMs < 1 || attemptTimeoutMs > 600_000)) {
    throw new RangeError(`${name}.attemptTimeoutMs must be an integer from 1 to 600000, got ${String(attemptTimeoutMs)}`);
  }
  if (budgetMs !== undefined && (!Number.isInteger(budgetMs) || budgetMs < 1 || budgetMs > 3_600_000)) {
    throw new RangeError(`${name}.budgetMs must be an integer from 1 to 3600000, got ${String(budgetMs)}`);
  }
  return { attemptsMax, delayMsInitial, delayMsMax, attemptTimeoutMs: attemptTimeoutMs ?? attemptTimeoutMsDefault, budgetMs: budgetMs ?? budgetMsDefault };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
