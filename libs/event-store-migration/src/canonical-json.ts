import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '@ledger/event-store';

/**
 * JSON with object keys sorted at every level and no whitespace: one text per value, whatever
 * order a store or a serialiser gave the keys. Numbers and strings are written as
 * `JSON.stringify` writes them.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as JsonObject)[key])}`).join(',')}}`;
}

/** What two stores must agree on for an event to count as the same event. */
export interface EventContent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export function canonicalEventJson(event: EventContent): string {
  return canonicalJson({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

export function sameEventContent(left: EventContent, right: EventContent): boolean {
  return canonicalEventJson(left) === canonicalEventJson(right);
}

/** A running sha256 over the canonical JSON of a stream's events, one line each, in order. */
export class StreamContentHash {
  private readonly hash = createHash('sha256');
  eventCount = 0;

  add(event: EventContent): void {
    this.hash.update(canonicalEventJson(event));
    this.hash.update('\n');
    this.eventCount++;
  }

  digestHex(): string {
    return this.hash.digest('hex');
  }
}
