import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256Hex } from '../hash-link';

/**
 * The Ed25519 key that signs digests, with node's own crypto. The private key is a PKCS#8 PEM
 * file whose path the configuration names (`LEDGER_AUDIT_SIGNING_KEY_FILE`); its public half goes
 * to the audit office, which keeps it — and the digests — outside the system.
 */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public key as base64 of its SubjectPublicKeyInfo DER, as digests carry it. */
  readonly publicKeyBase64: string;
  /** The first 16 hex digits of the sha256 of that DER: a name to compare by eye. */
  readonly keyId: string;
}

export function publicKeyIdOf(publicKeyDerBase64: string): string {
  return sha256Hex(Buffer.from(publicKeyDerBase64, 'base64')).slice(0, 16);
}

function describe(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`the signing key is a ${privateKey.asymmetricKeyType ?? 'symmetric'} key; digests are signed with Ed25519`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyBase64 = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).toString('base64');
  return { privateKey, publicKey, publicKeyBase64, keyId: publicKeyIdOf(publicKeyBase64) };
}

export function readSigningKey(filePath: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new SigningKeyError(`cannot read the signing key ${filePath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return describe(createPrivateKey(text));
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError(`${filePath} is not a PEM private key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A new key pair, as PEM texts: the private key for the ledger's configuration, the public one for the audit office. */
export function generateSigningKeyPem(): { readonly privateKeyPem: string; readonly publicKeyPem: string; readonly keyId: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const described = describe(privateKey);
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    publicKeyPem: described.publicKey.export({ format: 'pem', type: 'spki' }) as string,
    keyId: described.keyId,
  };
}

/** A public key from a PEM file or text, as base64 DER, to pin the key a digest must be signed with. */
export function publicKeyBase64FromPem(pem: string): string {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`the public key is a ${key.asymmetricKeyType ?? 'symmetric'} key; digests are signed with Ed25519`);
  return (key.export({ format: 'der', type: 'spki' }) as Buffer).toString('base64');
}
