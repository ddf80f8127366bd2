import { isUtf8 } from 'node:buffer';

/**
 * The only body the ledger reads: JSON, strictly. `JSON.parse` alone accepts what a careful API
 * must not: a key given twice (the last wins, so a client and a proxy can read two different
 * commands in one body), keys named like object built-ins, nesting deep enough to exhaust the
 * validation pipe's stack, bytes that are not UTF-8 (silently replaced), and text with control
 * characters or lone surrogates that a database refuses later. Each is refused here, before any
 * validation, with the field it was found in.
 */

/** Objects and arrays nested deeper than this are refused; no command needs more than a few levels. */
export const jsonDepthMax = 32;

/** Keys that name object built-ins: never a field of ours, and a way to confuse code that reads objects. */
export const reservedKeys: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

export type StrictJsonProblem = 'BODY_NOT_UTF8' | 'MALFORMED_REQUEST' | 'JSON_TOO_DEEP' | 'DUPLICATE_FIELD' | 'RESERVED_FIELD_NAME' | 'TEXT_NOT_ALLOWED';

/** A body or parameter refused before validation; the exception filter answers it with 400. */
export class StrictInputError extends Error {
  override readonly name = 'StrictInputError';
  /** For the HTTP framework, which answers errors raised while reading a body by this status. */
  readonly statusCode = 400;
  constructor(
    readonly problem: StrictJsonProblem,
    /** Where it was found: a dotted path into the body (`components.0.name`), or a parameter or header name. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const byteOrderMark = '\ufeff';

/**
 * C0 and C1 control characters (tab and line breaks included: no field of the ledger holds
 * them) and the byte-order mark.
 */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\ufeff]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one: not Unicode text. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text is refused, or undefined when it is acceptable in a field. */
export function textProblem(text: string): string | undefined {
  if (controlCharacters.test(text)) return 'must not contain control characters';
  if (loneSurrogate.test(text)) return 'must be valid Unicode (it holds a lone surrogate)';
  return undefined;
}

interface Frame {
  readonly isObject: boolean;
  expectingKey: boolean;
  readonly keys: Set<string> | undefined;
  readonly parent: Frame | undefined;
  /** This frame's key or index in its parent's. */
  readonly name: string;
  /** The key of the value being read in this frame, or the index when it is an array. */
  current: string;
  index: number;
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The dotted path of a frame's value `key`: only built when something is refused, so a body that is fine builds none. */
function pathOf(frame: Frame | undefined, key: string): string {
  let path = key;
  for (let at = frame; at?.parent !== undefined; at = at.parent) path = childPath(at.name, path);
  return path;
}

function currentKey(frame: Frame): string {
  return frame.isObject ? frame.current : String(frame.index);
}

/** Reads a JSON string token starting at `start` (its opening quote); returns the index after its closing quote. */
function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x5c) index += 1;
    else if (code === 0x22) return index + 1;
  }
  throw new StrictInputError('MALFORMED_REQUEST', '', 'the request body is not valid JSON: a string is not closed');
}

/**
 * Walks the structure of the text without building it: depth, and the keys of every object.
 * Malformed text it does not understand is left for `JSON.parse` to refuse.
 */
function checkStructure(text: string): void {
  let top: Frame | undefined;
  let depth = 0;
  for (let index = 0; index < text.length; ) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      const end = endOfString(text, index);
      if (top?.isObject && top.expectingKey) {
        const token = text.slice(index, end);
        const key = token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
        if (reservedKeys.has(key)) throw new StrictInputError('RESERVED_FIELD_NAME', pathOf(top, key), `${key} is not a field name the ledger accepts`);
        if (top.keys!.has(key)) throw new StrictInputError('DUPLICATE_FIELD', pathOf(top, key), `${key} is given more than once`);
        top.keys!.add(key);
        top.current = key;
        top.expectingKey = false;
      }
      index = end;
      continue;
    }
    if (code === 0x7b || code === 0x5b) {
      if (depth >= jsonDepthMax) {
        throw new StrictInputError('JSON_TOO_DEEP', top ? pathOf(top, currentKey(top)) : '', `the request body nests objects and arrays deeper than ${jsonDepthMax} levels`);
      }
      const isObject = code === 0x7b;
      top = { isObject, expectingKey: isObject, keys: isObject ? new Set() : undefined, parent: top, name: top ? currentKey(top) : '', current: '', index: 0 };
      depth += 1;
    } else if (code === 0x7d || code === 0x5d) {
      if (top) {
        top = top.parent;
        depth -= 1;
      }
    } else if (code === 0x2c && top) {
      if (top.isObject) top.expectingKey = true;
      else top.index += 1;
    }
    index += 1;
  }
}

/** Every text in the value — keys and strings — must be acceptable in a field. */
export function checkTexts(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) throw new StrictInputError('TEXT_NOT_ALLOWED', path, `${path || 'the value'} ${problem}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkTexts(item, childPath(path, String(index))));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) throw new StrictInputError('TEXT_NOT_ALLOWED', childPath(path, key), `a field name ${keyProblem}`);
      checkTexts(item, childPath(path, key));
    }
  }
}

/** Decodes and parses a request body, refusing everything described above. */
export function parseStrictJson(body: Buffer): unknown {
  // Checked before it is decoded: decoding alone would replace what is not UTF-8.
  if (!isUtf8(body)) throw new StrictInputError('BODY_NOT_UTF8', '', 'the request body is not valid UTF-8');
  let text = body.toString('utf8');
  // A byte-order mark may open a UTF-8 body (RFC 8259 lets a reader ignore it); anywhere else it is refused as text.
  if (text.startsWith(byteOrderMark)) text = text.slice(1);
  checkStructure(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StrictInputError('MALFORMED_REQUEST', '', 'the request body is not valid JSON');
  }
  if (mayHoldRefusedText(text)) checkTexts(value, '');
  return value;
}

/** Characters refused in a text that JSON lets stand unescaped in a string. */
const refusedUnescaped = /[\u007f-\u009f\ufeff]/;

/**
 * Whether any text of the body can hold what `textProblem` refuses. In well-formed UTF-8, JSON
 * strings hold a C0 control character or a lone surrogate only as an escape (unescaped, the first
 * is not JSON and the second not UTF-8), so a body with no backslash and none of the characters
 * JSON lets stand unescaped is clean without looking at each of its texts.
 */
function mayHoldRefusedText(text: string): boolean {
  return text.includes('\\') || refusedUnescaped.test(text);
}
