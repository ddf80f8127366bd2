import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';

/** Bounded exponential back-off: how often, and how patiently, an operation is tried again. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attemptsMax: number;
  readonly delayMsInitial: number;
  /** The delay doubles after each failure up to this bound. */
  readonly delayMsMax: number;
}

/**
 * For reads and appends: about 6 s of waiting in all, enough to ride out a leader election in a
 * three-node cluster (a few seconds) without holding an HTTP request much longer than that.
 */
export const retryPolicyDefault: RetryPolicy = { attemptsMax: 7, delayMsInitial: 100, delayMsMax: 2_000 };

/**
 * For subscriptions, which are long-lived and cheap to keep waiting: about two minutes of
 * reconnecting before the consumer is told the subscription is lost.
 */
export const subscriptionReconnectPolicyDefault: RetryPolicy = { attemptsMax: 30, delayMsInitial: 100, delayMsMax: 5_000 };

/**
 * gRPC status codes of failures that say nothing about the request itself. The numbers are
 * gRPC's, fixed by its specification; they are written here so the adapter need not depend on
 * `@grpc/grpc-js` directly.
 */
const grpcStatus = { cancelled: 1, unknown: 2, deadlineExceeded: 4, aborted: 10, internal: 13, unavailable: 14 } as const;

/** How grpc-js words a connection that broke under a call, whatever status it files it under. */
const brokenConnectionDetails = /RST_STREAM|ECONNRESET|ECONNREFUSED|EPIPE|Connection dropped|Session closed|socket hang up|GOAWAY/i;

/**
 * True for failures of the connection or of the node (unreachable, restarting, no longer the
 * leader, too slow), after which the same request may be sent again; false for answers about
 * the request (a version conflict, a missing stream, a refusal).
 */
export function isTransientFailure(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError
  ) {
    return true;
  }
  if (error === null || typeof error !== 'object') return false;
  const { code, details } = error as { code?: unknown; details?: unknown };
  if (code === grpcStatus.cancelled) return details !== 'Cancelled on client';
  if (code === grpcStatus.unknown || code === grpcStatus.internal) return typeof details === 'string' && brokenConnectionDetails.test(details);
  return code === grpcStatus.unavailable || code === grpcStatus.deadlineExceeded || code === grpcStatus.aborted;
}

export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.delayMsMax, policy.delayMsInitial * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * Runs `operation` until it succeeds, fails for a reason that is not transient, or has been
 * tried `attemptsMax` times. Only idempotent operations may be passed here.
 */
export async function withRetry<T>(policy: RetryPolicy, operation: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.attemptsMax || !isTransientFailure(error)) throw error;
      await sleep(retryDelayMs(policy, attempt));
    }
  }
}

export function validateRetryPolicy(name: string, policy: RetryPolicy): RetryPolicy {
  const { attemptsMax, delayMsInitial, delayMsMax } = policy;
  if (!Number.isInteger(attemptsMax) || attemptsMax < 1 || attemptsMax > 1_000) {
    throw new RangeError(`${name}.attemptsMax must be an integer from 1 to 1000, got ${String(attemptsMax)}`);
  }
  if (!Number.isInteger(delayMsInitial) || delayMsInitial < 0 || delayMsInitial > 60_000) {
    throw new RangeError(`${name}.delayMsInitial must be an integer from 0 to 60000, got ${String(delayMsInitial)}`);
  }
  if (!Number.isInteger(delayMsMax) || delayMsMax < delayMsInitial || delayMsMax > 600_000) {
    throw new RangeError(`${name}.delayMsMax must be an integer from delayMsInitial to 600000, got ${String(delayMsMax)}`);
  }
  return { attemptsMax, delayMsInitial, delayMsMax };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
