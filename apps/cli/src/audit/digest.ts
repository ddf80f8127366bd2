import { digestFileText, makeDigest, proveEvents, ProofError, readSigningKey, SigningKeyError, type InclusionProof, type LedgerDigest, type MadeDigest } from '@ledger/audit';
import type { EventStoreLocation, LedgerConfig } from '@ledger/config';
import { canonicalJson } from '@ledger/audit';
import { CommandLineFailure } from '../command-line-failure';
import { exitCodes } from '../exit-codes';
import { eventTotal, writeFileWhole } from './audit-files';
import { withAuditStores } from './audit-stores';
import { startProgress } from './progress';

/** The configured signing key; a deployment without one cannot make digests (exit 2: a configuration error). */
export function configuredSigningKey(config: LedgerConfig) {
  if (config.audit.signingKeyFile === null) throw new CommandLineFailure(exitCodes.usageError, 'LEDGER_AUDIT_SIGNING_KEY_FILE is not set: name the Ed25519 key that signs digests (create one with `audit create-signing-key`)');
  try {
    return readSigningKey(config.audit.signingKeyFile);
  } catch (error) {
    if (error instanceof SigningKeyError) throw new CommandLineFailure(exitCodes.usageError, `LEDGER_AUDIT_SIGNING_KEY_FILE: ${error.message}`);
    throw error;
  }
}

export async function writeDigest(config: LedgerConfig, location: EventStoreLocation | undefined, options: { readonly out: string; readonly upToPosition?: bigint; readonly now: Date }): Promise<MadeDigest> {
  const key = configuredSigningKey(config);
  return withAuditStores(config, location, async ({ store, source, kind }) => {
    const total = await eventTotal(store);
    const progress = startProgress('audit digest');
    try {
      const made = await makeDigest(source, { key, store: kind, now: options.now, upToPosition: options.upToPosition, onProgress: ({ events }) => progress.update(events, Math.max(total, events)) });
      progress.stop();
      // A digest over broken links would bless the break: none is written then.
      if (made.scan.chain.firstBreak === null) writeFileWhole(options.out, digestFileText(made.digest));
      return made;
    } finally {
      progress.stop();
    }
  });
}

export async function writeProof(config: LedgerConfig, location: EventStoreLocation | undefined, digest: LedgerDigest, eventId: string, out: string): Promise<InclusionProof> {
  return withAuditStores(config, location, async ({ store, source }) => {
    const total = await eventTotal(store);
    const progress = startProgress('audit prove');
    try {
      const [proof] = await proveEvents(source, digest, new Set([eventId]), ({ events }) => progress.update(events, Math.max(total, events)));
      writeFileWhole(out, `${canonicalJson(proof as never)}\n`);
      return proof;
    } catch (error) {
      if (error instanceof ProofError) throw new CommandLineFailure(error.reason === 'event-not-found' ? exitCodes.notFound : exitCodes.problemFound, error.message);
      throw error;
    } finally {
      progress.stop();
    }
  });
}
