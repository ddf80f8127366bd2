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

/** A key JSON writes as it is, between quotes: the ledger's own keys, which spares escaping them (on every event hashed). */
const plainKey = /^[A-Za-z0-9_]*$/;

/** An object's canonical text, leaving out `omittedKey` when given (a hash link leaves itself out). */
export function canonicalObject(value: JsonObject, omittedKey?: string): string {
  const keys = Object.keys(value).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = value[key];
    // As JSON.stringify does, a member whose value is undefined is not written.
    if (key === omittedKey || member === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += `${plainKey.test(key) ? `"${key}"` : JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${text}}`;
}
