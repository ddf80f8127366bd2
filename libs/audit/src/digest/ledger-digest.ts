import { createPublicKey, sign, verify } from 'node:crypto';
import type { JsonObject } from '@ledger/event-store';
import { canonicalJson } from '../canonical-json';
import { isHexHash } from '../hash-link';
import { publicKeyIdOf, type SigningKey } from './signing-key';

/**
 * A digest: the Merkle root over every event up to a position (`merkle-tree.ts`), with the
 * position, the number of events and the times, signed with Ed25519. It is a small JSON file an
 * audit office keeps outside the system; later, `audit verify --digest` proves that nothing up to
 * its position has changed since, and `audit check-proof` that one event is among those it covers.
 *
 * The signature is over the canonical JSON of every field but `signature`. The digest carries its
 * public key, so it can be checked with nothing else; an audit office pins the key it trusts
 * (`--public-key`), or compares `keyId` with the one it was given.
 */
export const digestFormat = 'program-ledger-digest';
export const digestFormatVersion = 1;
/** How the tree is built, written into every digest so a reader knows what the root means. */
export const digestTreeDescription = 'RFC 6962 Merkle tree, sha256; leaf = 0x00 ‖ position (u64, big-endian) ‖ store time in ms (u64, big-endian) ‖ event hash (32 bytes)';

export interface DigestSignature {
  readonly algorithm: 'ed25519';
  /** base64 of the SubjectPublicKeyInfo DER. */
  readonly publicKey: string;
  readonly keyId: string;
  /** base64 of the 64-byte signature. */
  readonly value: string;
}

export interface LedgerDigest {
  readonly format: typeof digestFormat;
  readonly version: number;
  readonly tree: string;
  /** The last event covered, as a decimal string; "-1" for an empty store. */
  readonly position: string;
  readonly eventCount: number;
  /** The store's time of the last event covered; null for an empty store. */
  readonly lastEventRecordedAt: string | null;
  /** When the digest was made. */
  readonly createdAt: string;
  /** The Merkle root, 64 hex digits. */
  readonly root: string;
  /** Which store it was made on (`sqlite`, `eventstoredb`): positions are a store's own. */
  readonly store: string;
  readonly signature: DigestSignature;
}

export type UnsignedDigest = Omit<LedgerDigest, 'signature'>;

function signedText(digest: UnsignedDigest): string {
  const { format, version, tree, position, eventCount, lastEventRecordedAt, createdAt, root, store } = digest;
  return canonicalJson({ format, version, tree, position, eventCount, lastEventRecordedAt, createdAt, root, store });
}

export function signDigest(digest: UnsignedDigest, key: SigningKey): LedgerDigest {
  const value = sign(null, Buffer.from(signedText(digest), 'utf8'), key.privateKey).toString('base64');
  return { ...digest, signature: { algorithm: 'ed25519', publicKey: key.publicKeyBase64, keyId: key.keyId, value } };
}

export class DigestFormatError extends Error {
  override readonly name = 'DigestFormatError';
}

/** A digest read from JSON, its shape checked; the signature is checked by `checkDigestSignature`. */
export function parseDigest(value: unknown): LedgerDigest {
  const fail = (what: string): never => {
    throw new DigestFormatError(`not a ledger digest: ${what}`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('not a JSON object');
  const digest = value as Record<string, unknown>;
  if (digest.format !== digestFormat) fail(`format is ${JSON.stringify(digest.format)}, not ${digestFormat}`);
  if (digest.version !== digestFormatVersion) fail(`version ${String(digest.version)}; this build reads ${digestFormatVersion}`);
  if (typeof digest.position !== 'string' || !/^(-1|0|[1-9][0-9]{0,19})$/.test(digest.position)) fail('position is not a decimal string');
  if (typeof digest.eventCount !== 'number' || !Number.isSafeInteger(digest.eventCount) || digest.eventCount < 0) fail('eventCount is not a count');
  if (typeof digest.root !== 'string' || !isHexHash(digest.root)) fail('root is not 64 hex digits');
  for (const field of ['tree', 'createdAt', 'store'] as const) if (typeof digest[field] !== 'string') fail(`${field} is not text`);
  if (digest.lastEventRecordedAt !== null && typeof digest.lastEventRecordedAt !== 'string') fail('lastEventRecordedAt is not text or null');
  const signature = digest.signature as Record<string, unknown> | null | undefined;
  if (!signature || typeof signature !== 'object') return fail('it has no signature');
  if (signature.algorithm !== 'ed25519' || typeof signature.publicKey !== 'string' || typeof signature.value !== 'string' || typeof signature.keyId !== 'string') fail('its signature is not an Ed25519 signature with its public key');
  return digest as unknown as LedgerDigest;
}

export interface SignatureCheck {
  readonly valid: boolean;
  readonly keyId: string;
  readonly reason: string | null;
}

/** Checks the digest's signature with its own key, or, when given, only with the pinned key (base64 DER). */
export function checkDigestSignature(digest: LedgerDigest, pinnedPublicKeyBase64?: string): SignatureCheck {
  const keyId = publicKeyIdOf(digest.signature.publicKey);
  if (pinnedPublicKeyBase64 !== undefined && pinnedPublicKeyBase64 !== digest.signature.publicKey) {
    return { valid: false, keyId, reason: `signed with key ${keyId}, not with the pinned key ${publicKeyIdOf(pinnedPublicKeyBase64)}` };
  }
  if (keyId !== digest.signature.keyId) return { valid: false, keyId, reason: `its keyId ${digest.signature.keyId} is not that of its public key (${keyId})` };
  try {
    const publicKey = createPublicKey({ key: Buffer.from(digest.signature.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (publicKey.asymmetricKeyType !== 'ed25519') return { valid: false, keyId, reason: 'its public key is not an Ed25519 key' };
    const valid = verify(null, Buffer.from(signedText(digest), 'utf8'), publicKey, Buffer.from(digest.signature.value, 'base64'));
    return { valid, keyId, reason: valid ? null : 'the signature does not match the digest: the file was changed after it was signed, or signed with another key' };
  } catch (error) {
    return { valid: false, keyId, reason: `its public key cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The digest as the file holds it: canonical JSON, one line. */
export function digestFileText(digest: LedgerDigest): string {
  return `${canonicalJson(digest as unknown as JsonObject)}\n`;
}
