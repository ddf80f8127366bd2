import { randomBytes } from 'node:crypto';
import { embeddedIssuer, issueToken, ledgerAudience, TokenVerifier } from '@ledger/identity';
import type { ScenarioRow } from '../results';
import type { BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import { check, positive } from '../support/rows';

const title = 'Token verification (HS256, embedded default) against the time of one HTTP command';
/** Distinct tokens verified for the first time: each is a full signature and claims check. */
const firstVerifications = 5_000;
/** Verifications of one token already verified: what every later request of a client costs. */
const repeatedVerifications = 200_000;

/**
 * What verifying a bearer token costs a request, measured in this process and set against the
 * time one HTTP command takes in the same run (1 / the HTTP row's commands per second). A client
 * signs in once and sends its token with every request, so a request pays the remembered
 * verification; the first request of a token pays the full one, once in the token's life (hours).
 * Both shares are reported; the target is on what a request pays in steady state, as in the HTTP
 * scenario, whose client sends one token throughout.
 */
export async function tokenVerificationRow(context: BenchContext, httpCommandsPerSecond: number | null): Promise<ScenarioRow> {
  context.step('token verification: first and remembered verifications…');
  const secret = randomBytes(32);
  const verifier = new TokenVerifier({ kind: 'secret', secret, issuer: embeddedIssuer, audience: ledgerAudience, clockToleranceSeconds: 30 });
  const tokens = await Promise.all(
    Array.from({ length: firstVerifications }, (_, index) => issueToken(secret, { userId: `bench-user-${index}`, roles: ['finance-officer'], jurisdiction: 'VN', ttlSeconds: 3600 })),
  );
  // Warm up the code paths on tokens not measured.
  for (const token of tokens.slice(0, 200)) await verifier.verify(token);

  let startedMs = performance.now();
  for (const token of tokens.slice(200)) await verifier.verify(token);
  const firstMicros = ((performance.now() - startedMs) * 1000) / (tokens.length - 200);

  const token = tokens[0];
  startedMs = performance.now();
  for (let index = 0; index < repeatedVerifications; index += 1) await verifier.verify(token);
  const rememberedMicros = ((performance.now() - startedMs) * 1000) / repeatedVerifications;

  const commandMicros = httpCommandsPerSecond && httpCommandsPerSecond > 0 ? 1_000_000 / httpCommandsPerSecond : null;
  const firstShare = commandMicros === null ? null : round(firstMicros / commandMicros, 4);
  const rememberedShare = commandMicros === null ? null : round(rememberedMicros / commandMicros, 4);
  return {
    id: 'token-verification',
    title,
    status: 'measured',
    figures: positive({ firstVerificationMicros: round(firstMicros, 2), rememberedVerificationMicros: round(rememberedMicros, 3), httpCommandMicros: commandMicros === null ? null : round(commandMicros, 1) }),
    counts: { firstVerifications: tokens.length - 200, repeatedVerifications },
    ratios: firstShare === null || rememberedShare === null ? {} : { firstVsHttpCommand: firstShare, rememberedVsHttpCommand: rememberedShare },
    targets: [check('verification per request ÷ one HTTP command', '≤ 0.1', rememberedShare, (value) => value <= 0.1)],
    notes: [
      'jose jwtVerify with the issuer, audience, expiry and not-before checks the API makes; a verified token is remembered until it expires',
      commandMicros === null ? 'no HTTP figure in this run: the shares are not computed' : `one HTTP command took ${round(commandMicros, 1)} µs of wall time at the HTTP row's median rate`,
    ],
  };
}
