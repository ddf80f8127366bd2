/**
 * The start-up check: before the store is handed to the application, it proves that the server
 * answers, that the credentials are accepted, that the user may read `$all` (reads of all
 * streams, subscriptions, counts and the head all do, and EventStoreDB lets only admins read it
 * by default), and that it may write streams. Each failure is one message that names what is
 * missing; none of them shows the password.
 *
 * The write check appends to the adapter's own probe stream at a revision it can never have:
 * the server checks rights before the revision, so a version conflict proves the right without
 * writing anything.
 */
import { EventStoreAccessError, WrongExpectedRevisionError } from '@ledger/event-store';
import { accessProbeStreamName, bookkeepingEventTypes } from './bookkeeping-streams';
import type { EsdbLog } from './esdb-log';
import { budgetMsDefault, isTransientFailure } from './retry';
import type { RetryPolicy } from './retry';

/** A revision no stream reaches, so that the probe append is always refused after the rights check. */
const unreachableRevision = 2n ** 62n;

export async function verifyAccess(log: EsdbLog, server: string, retry: RetryPolicy): Promise<void> {
  try {
    await log.readAllPage('backwards', 'end', 1);
  } catch (error) {
    throw explain(error, server, retry, 'read $all');
  }
  try {
    await log.appendIfAt(accessProbeStreamName, bookkeepingEventTypes.accessProbe, { schemaVersion: 1 }, unreachableRevision);
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return;
    throw explain(error, server, retry, 'write a stream');
  }
}

function explain(error: unknown, server: string, retry: RetryPolicy, step: string): Error {
  if (error instanceof EventStoreAccessError) {
    return new EventStoreAccessError(error.kind, `${server}: ${error.message}`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  if (/certificate|SSL|TLS|handshake|self[- ]signed|unable to verify/i.test(reason)) {
    return new Error(
      `${server}: the TLS handshake failed (${reason}). Give the certificate authority that signed the server's certificate with tlsCAFile=/path/ca.crt in the connection string, or tls=false for a server started with --insecure`,
      { cause: error },
    );
  }
  if (isTransientFailure(error) || /discover/i.test(reason)) {
    return new Error(
      `${server} did not answer within the retry budget (${retry.budgetMs ?? budgetMsDefault} ms) when asked to ${step}: ${reason}. Check the hosts and ports, that the server runs, and tls= (true unless it was started with --insecure)`,
      { cause: error },
    );
  }
  return new Error(`${server}: could not ${step}: ${reason}`, { cause: error });
}
