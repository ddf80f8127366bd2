/**
 * What the adapter's integration tests share: a store on a double with short delays, fresh
 * events and commands, and a wait that polls without sleeping longer than needed.
 */
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { EventToAppend } from '@ledger/event-store';
import { EsdbEventStore } from './esdb-event-store';
import type { EsdbEventStoreOptions } from './esdb-event-store';
import type { RetryPolicy } from './retry';

/**
 * Short delays so reconnect tests take a fraction of a second; long deadlines and budget so a
 * loaded CI machine reading ten thousand events does not turn slowness into a failure.
 */
export const testRetry: RetryPolicy = { attemptsMax: 30, delayMsInitial: 10, delayMsMax: 200, attemptTimeoutMs: 30_000, budgetMs: 60_000 };

export async function openTestStore(connectionString: string, options: Partial<EsdbEventStoreOptions> = {}): Promise<EsdbEventStore> {
  return EsdbEventStore.open({ connectionString, retry: testRetry, subscriptionReconnect: testRetry, ...options });
}

export function newEvent(data: EventToAppend['data'] = { note: 'ghi chú' }, type = 'Noted'): EventToAppend {
  return { id: uuidv7(), type, data, metadata: { source: 'esdb-test' } };
}

export function newEvents(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => newEvent({ index }));
}

export function newCommand(): { commandId: string; requestHash: string } {
  return { commandId: uuidv7(), requestHash: `sha256-${uuidv4()}` };
}

export function ids(events: readonly EventToAppend[]): string[] {
  return events.map((event) => event.id);
}

export async function waitUntil(description: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
