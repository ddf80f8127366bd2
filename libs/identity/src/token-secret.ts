import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bytes of the embedded default's signing secret (HS256 wants at least 32). */
export const tokenSecretBytes = 32;

/**
 * The embedded default's token secret: read from its file, or created there (owner-only) on the
 * first start, so `npm start` needs no set-up and `npm run cli -- token` signs with the same key.
 * A file readable by others is made owner-only again; one that is too short is refused.
 */
export function loadOrCreateTokenSecret(filePath: string): Uint8Array {
  if (!existsSync(filePath)) {
    mkdirSync(dirname(filePath), { recursive: true });
    try {
      writeFileSync(filePath, `${randomBytes(tokenSecretBytes).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = statSync(filePath).mode & 0o077;
  if (mode !== 0) {
    chmodSync(filePath, 0o600);
  }
  const secret = Buffer.from(readFileSync(filePath, 'utf8').trim(), 'base64url');
  if (secret.length < tokenSecretBytes) throw new Error(`the token secret in ${filePath} is shorter than ${tokenSecretBytes} bytes`);
  return new Uint8Array(secret);
}
