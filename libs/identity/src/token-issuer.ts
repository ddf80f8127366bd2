import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { localityIdPattern } from '@ledger/domain';
import type { Role } from './roles';
import { embeddedIssuer, ledgerAudience } from './token-settings';

/** The longest a token the ledger issues itself may live. */
export const issuedTokenTtlSecondsMax = 7 * 24 * 3600;

export interface TokenRequest {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly jurisdiction: string;
  readonly ttlSeconds: number;
}

/**
 * A token for the embedded default, signed with the data folder's secret (HS256): the same
 * issuer and audience the verifier expects, a unique id, and an expiry at most a week away.
 */
export async function issueToken(secret: Uint8Array, request: TokenRequest, now: Date = new Date()): Promise<string> {
  if (!/^[^\u0000-\u001f\u007f-\u009f]{1,100}$/.test(request.userId)) throw new RangeError('a user id is 1–100 characters, no control characters');
  if (request.roles.length === 0) throw new RangeError('a token needs at least one role');
  if (!localityIdPattern.test(request.jurisdiction)) throw new RangeError(`jurisdiction ${request.jurisdiction} is not a locality id (VN, 11, 094, 03127, 11@2025 …)`);
  if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds < 1 || request.ttlSeconds > issuedTokenTtlSecondsMax) {
    throw new RangeError(`a token lives from 1 second to ${issuedTokenTtlSecondsMax} seconds (a week)`);
  }
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ ledger_roles: [...request.roles], ledger_jurisdiction: request.jurisdiction })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.userId)
    .setIssuer(embeddedIssuer)
    .setAudience(ledgerAudience)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + request.ttlSeconds)
    .setJti(randomUUID())
    .sign(secret);
}

const durationPattern = /^([1-9][0-9]{0,5})(s|m|h|d)$/;
const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `30m`, `8h`, `2d` as seconds; undefined when the text is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text);
  return match ? Number(match[1]) * unitSeconds[match[2]] : undefined;
}
