import type { JsonObject, JsonValue } from '@ledger/event-store';

/**
 * Canonical JSON: one text per value, whatever order a store or a serialiser gave the keys.
 * Object keys are sorted by UTF-16 code units at every level (as RFC 8785 sorts them), there is
 * no whitespace, strings and numbers are written as `JSON.stringify` writes them (for the
 * integers the ledger stores this is RFC 8785's form too), and a `bigint` — an amount held in
 * code — is written as its decimal string, as amounts are stored. A number that is not finite
 * has no JSON form and is refused.
 */
export function canonicalJson(value: JsonValue | bigint | undefined): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no canonical JSON form`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value.toString()}"`;
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as JsonObject);
    default:
      throw new TypeError(`a ${typeof value} has no canonical JSON form`);
  }
}

function canonicalArray(values: readonly JsonValue[]): string {
  let text = '[';
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) text += ',';
    // JSON.stringify writes a hole or an undefined item as null; so does this.
    text += values[index] === undefined ? 'null' : canonicalJson(values[index]);
  }
  return `${text}]`;
}

/** A key JSON writes as it is, between quotes: the ledger's own keys, which spares escaping them. */
const plainKey = /^[A-Za-z0-9_]*$/;
/** Keys written before, quoted: the ledger's events use a few dozen keys, met on every event hashed. */
const quotedKeys = new Map<string, string>();
const quotedKeysMax = 4_096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = plainKey.test(key) ? `"${key}":` : `${JSON.stringify(key)}:`;
    if (quotedKeys.size < quotedKeysMax) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** An object's canonical text, leaving out `omittedKey` when given (a hash link leaves itself out). */
export function canonicalObject(value: JsonObject, omittedKey?: string): string {
  const keys = Object.keys(value);
  // Already in order (an object built in canonical order, or of one key): no sort needed.
  let sorted = true;
  for (let index = 1; index < keys.length; index += 1) {
    if (keys[index - 1] > keys[index]) {
      sorted = false;
      break;
    }
  }
  if (!sorted) keys.sort();
  let text = '{';
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index];
    const member = value[key];
    // As JSON.stringify does, a member whose value is undefined is not written.
    if (key === omittedKey || member === undefined) continue;
    if (text.length > 1) text += ',';
    text += quotedKey(key);
    text += canonicalJson(member);
  }
  return text + '}';
}
