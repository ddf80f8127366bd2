import type { ProjectionEventSource } from '@ledger/read-models';
import { makeDigest } from '../digest/make-digest';
import type { SigningKey } from '../digest/signing-key';
import type { DigestRecord, DigestRecordEntry } from './digest-record';

/** Why a scheduled digest was not made; each is logged, counted and shown in health, and the next tick tries again. */
export type DigestFailureCode =
  /** The signing key file cannot be read or is not an Ed25519 key. */
  | 'SIGNING_KEY_UNREADABLE'
  /** A line of the record is not an entry: nothing is added to a record that cannot be read. */
  | 'RECORD_UNREADABLE'
  /** The store ends before the last recorded digest: it was replaced or cut short. */
  | 'STORE_BEHIND_RECORD'
  /** The record holds another store's digests (before a migration, say): positions are one store's own. */
  | 'RECORD_OF_ANOTHER_STORE'
  /** A hash link is broken: a digest would bless the break (as `audit digest` refuses it). */
  | 'CHAIN_BROKEN'
  /** The events could not be read. */
  | 'STORE_READ_FAILED'
  /** The digest's file or its line could not be written. */
  | 'DIGEST_WRITE_FAILED';

export class DigestFailure extends Error {
  override readonly name = 'DigestFailure';

  constructor(
    readonly code: DigestFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export type RecordDigestOutcome =
  | { readonly kind: 'made'; readonly entry: DigestRecordEntry }
  /** Nothing to do: the store is empty, or nothing was appended since the last recorded digest. */
  | { readonly kind: 'skipped'; readonly reason: 'empty-store' | 'no-new-events'; readonly headPosition: bigint };

export interface RecordDigestOptions {
  readonly source: ProjectionEventSource;
  readonly record: DigestRecord;
  /** `sqlite` or `eventstoredb`, written into the digest. */
  readonly store: string;
  /** Read at every digest, so a replaced key file is used from the next one on. */
  readonly signingKey: () => SigningKey;
  readonly now: Date;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function attempt<T>(code: DigestFailureCode, what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new DigestFailure(code, `${what}: ${describe(error)}`);
  }
}

async function attemptAsync<T>(code: DigestFailureCode, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new DigestFailure(code, `${what}: ${describe(error)}`);
  }
}

/**
 * One scheduled digest: over every event up to the store's end as this starts, signed, written to
 * the record — or nothing, when nothing was appended since the last one. Events appended while it
 * runs are left to the next. Throws `DigestFailure` with a code; the record is then as it was.
 */
export async function recordDigest(options: RecordDigestOptions): Promise<RecordDigestOutcome> {
  const { record, source } = options;
  const last = attempt('RECORD_UNREADABLE', `the digest record ${record.recordFile} cannot be read`, () => record.last());
  const headPosition = await attemptAsync('STORE_READ_FAILED', 'the store did not give its end', () => source.headPosition());
  if (headPosition < 0n) return { kind: 'skipped', reason: 'empty-store', headPosition };
  if (last !== undefined) {
    if (last.store !== options.store) {
      throw new DigestFailure('RECORD_OF_ANOTHER_STORE', `the record in ${record.dir} holds digests of the ${last.store} store, not of this ${options.store} store: positions are one store's own; give this store a folder of its own (LEDGER_AUDIT_DIGEST_DIR)`);
    }
    const lastPosition = BigInt(last.position);
    if (headPosition === lastPosition) return { kind: 'skipped', reason: 'no-new-events', headPosition };
    if (headPosition < lastPosition) {
      throw new DigestFailure('STORE_BEHIND_RECORD', `the store ends at position ${headPosition}, before the last recorded digest's ${last.position}: it was replaced or cut short since`);
    }
  }
  const key = attempt('SIGNING_KEY_UNREADABLE', 'the signing key', () => options.signingKey());
  const { digest, scan } = await attemptAsync('STORE_READ_FAILED', 'the events could not be read', () => makeDigest(source, { key, store: options.store, now: options.now, upToPosition: headPosition }));
  if (scan.chain.firstBreak) {
    const first = scan.chain.firstBreak;
    throw new DigestFailure('CHAIN_BROKEN', `no digest made: the link is broken at position ${first.position} in stream ${first.streamId} (${first.kind}); run \`audit verify\``);
  }
  const entry = attempt('DIGEST_WRITE_FAILED', `the digest could not be written to ${record.dir}`, () => record.add(digest));
  return { kind: 'made', entry };
}
