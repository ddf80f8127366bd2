import { sign, verify, createPublicKey } from 'node:crypto';
import type { JsonObject, JsonValue } from '@ledger/event-store';
import type { ProjectionEventSource } from '@ledger/read-models';
import { canonicalJson } from '../canonical-json';
import { hashLinkOf, sha256Hex } from '../hash-link';
import { checkDigestSignature, parseDigest, type LedgerDigest } from '../digest/ledger-digest';
import { makeDigest } from '../digest/make-digest';
import { publicKeyIdOf, type SigningKey } from '../digest/signing-key';
import { checkProof, proofFormat, proofFormatVersion, proveEvents, type InclusionProof, type ProvenEvent } from '../proof/inclusion-proof';
import { effectiveDateOf } from '../as-of/as-of-view';
import { inRange, ScopeTest, type ReplayRange, type ReplayScope } from '../replay/ledger-replay';

/**
 * An engagement's archive: one file an auditor takes away and checks with nothing else. JSON
 * Lines, UTF-8; the first line is the manifest, signed with the digest's key; the second the
 * signed digest of the whole ledger when the archive was made; then one line per event of the
 * engagement (a program, a locality or a subtree over a period) with its inclusion proof in that
 * digest. The manifest names the sha256 of every line after it, so one byte changed anywhere is
 * found: in the manifest by its signature, after it by the hash.
 *
 * One file of JSON Lines rather than a tar or zip: no archive library is a dependency of the
 * ledger, and a text file can be read with any tool an audit office has.
 */
export const archiveFormat = 'program-ledger-audit-archive';
export const archiveFormatVersion = 1;
/** Problems listed by a check; the count covers the rest. */
export const archiveProblemsListedMax = 20;

export interface ArchiveManifest {
  readonly format: typeof archiveFormat;
  readonly version: number;
  readonly createdAt: string;
  readonly scope: ReplayScope;
  /** The period asked for, as given (effective dates or positions); empty for every event. */
  readonly period: Record<string, string>;
  readonly eventCount: number;
  readonly streamCount: number;
  readonly countsByType: Record<string, number>;
  /** First and last positions of the events archived; null when there are none. */
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
  /** The digest the proofs lead to. */
  readonly digest: { readonly position: string; readonly eventCount: number; readonly root: string; readonly keyId: string };
  /** Lines after the manifest, and the sha256 of their bytes (each line with its newline). */
  readonly bodyLines: number;
  readonly bodySha256: string;
  readonly signature: { readonly algorithm: 'ed25519'; readonly publicKey: string; readonly keyId: string; readonly value: string };
}

interface EventLine {
  readonly kind: 'event';
  readonly event: ProvenEvent;
  readonly leafIndex: number;
  readonly auditPath: readonly string[];
}

export interface ArchiveRequest {
  readonly scope: ReplayScope;
  readonly range: ReplayRange;
  readonly key: SigningKey;
  readonly store: string;
  readonly now: Date;
}

export class ArchiveRefusedError extends Error {
  override readonly name = 'ArchiveRefusedError';
}

function periodOf(range: ReplayRange): Record<string, string> {
  const period: Record<string, string> = {};
  if (range.fromDate !== undefined) period.fromDate = range.fromDate;
  if (range.toDate !== undefined) period.toDate = range.toDate;
  if (range.fromPosition !== undefined) period.fromPosition = range.fromPosition.toString();
  if (range.toPosition !== undefined) period.toPosition = range.toPosition.toString();
  return period;
}

function manifestSignedText(manifest: Omit<ArchiveManifest, 'signature'>): string {
  return canonicalJson(manifest as unknown as JsonValue);
}

/**
 * Makes the archive's text: three passes over the events — the digest (which also checks every
 * link, and refuses a broken history), the selection, and the proofs.
 */
export async function buildArchive(source: ProjectionEventSource, request: ArchiveRequest): Promise<{ readonly text: string; readonly manifest: ArchiveManifest }> {
  const { digest, scan } = await makeDigest(source, { key: request.key, store: request.store, now: request.now });
  if (scan.chain.firstBreak) {
    const first = scan.chain.firstBreak;
    throw new ArchiveRefusedError(`the history does not verify (first break at position ${first.position} in stream ${first.streamId}: ${first.kind}); an archive of it would bless the break`);
  }
  const scope = new ScopeTest(request.scope);
  const selected = new Set<string>();
  for (let after = -1n; ; ) {
    const page = await source.readAfter(after, 5_000);
    if (page.length === 0) break;
    for (const event of page) if (BigInt(event.position) <= BigInt(digest.position) && scope.accountOf(event) && inRange(request.range, event)) selected.add(event.id);
    after = page[page.length - 1].position;
  }
  const proofs = selected.size === 0 ? [] : await proveEvents(source, digest, selected);
  const body = [canonicalJson({ kind: 'digest', digest } as unknown as JsonValue), ...proofs.map((proof) => canonicalJson({ kind: 'event', event: proof.event, leafIndex: proof.leafIndex, auditPath: proof.auditPath } as unknown as JsonValue))]
    .map((line) => `${line}\n`)
    .join('');
  const countsByType: Record<string, number> = {};
  for (const proof of proofs) countsByType[proof.event.type] = (countsByType[proof.event.type] ?? 0) + 1;
  const unsigned: Omit<ArchiveManifest, 'signature'> = {
    format: archiveFormat,
    version: archiveFormatVersion,
    createdAt: request.now.toISOString(),
    // As JSON reads it back: a field left undefined is not written.
    scope: JSON.parse(JSON.stringify(request.scope)) as ReplayScope,
    period: periodOf(request.range),
    eventCount: proofs.length,
    streamCount: new Set(proofs.map((proof) => proof.event.streamId)).size,
    countsByType,
    firstPosition: proofs[0]?.event.position ?? null,
    lastPosition: proofs.at(-1)?.event.position ?? null,
    digest: { position: digest.position, eventCount: digest.eventCount, root: digest.root, keyId: digest.signature.keyId },
    bodyLines: proofs.length + 1,
    bodySha256: sha256Hex(Buffer.from(body, 'utf8')),
  };
  const value = sign(null, Buffer.from(manifestSignedText(unsigned), 'utf8'), request.key.privateKey).toString('base64');
  const manifest: ArchiveManifest = { ...unsigned, signature: { algorithm: 'ed25519', publicKey: request.key.publicKeyBase64, keyId: request.key.keyId, value } };
  return { text: `${canonicalJson(manifest as unknown as JsonValue)}\n${body}`, manifest };
}

export interface ArchiveCheck {
  readonly valid: boolean;
  readonly problemCount: number;
  readonly problems: readonly string[];
  readonly eventCount: number;
  readonly keyId: string | null;
  readonly manifest: ArchiveManifest | null;
}

/**
 * Checks an archive with nothing but its bytes (and, when given, the public key the audit office
 * trusts): the manifest's signature, the hash of every line after it, the digest's signature,
 * each event's content against its own link and its proof against the digest's root, the links
 * between consecutive events of a stream, the counts, and the period.
 */
export function checkArchive(bytes: Buffer, pinnedPublicKeyBase64?: string): ArchiveCheck {
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (text: string): void => {
    problemCount += 1;
    if (problems.length < archiveProblemsListedMax) problems.push(text);
  };
  const done = (manifest: ArchiveManifest | null, eventCount: number, keyId: string | null): ArchiveCheck => ({ valid: problemCount === 0, problemCount, problems, eventCount, keyId, manifest });
  const firstNewline = bytes.indexOf(0x0a);
  if (firstNewline < 0) {
    problem('no manifest line: not an archive');
    return done(null, 0, null);
  }
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(bytes.subarray(0, firstNewline).toString('utf8')) as ArchiveManifest;
  } catch (error) {
    problem(`the manifest is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    return done(null, 0, null);
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== archiveFormat || manifest.version !== archiveFormatVersion || !manifest.signature || typeof manifest.signature.value !== 'string') {
    problem(`the first line is not a manifest of ${archiveFormat} version ${archiveFormatVersion}`);
    return done(null, 0, null);
  }
  const { signature, ...unsigned } = manifest;
  const keyId = publicKeyIdOf(String(signature.publicKey));
  if (pinnedPublicKeyBase64 !== undefined && pinnedPublicKeyBase64 !== signature.publicKey) problem(`the manifest is signed with key ${keyId}, not with the pinned key ${publicKeyIdOf(pinnedPublicKeyBase64)}`);
  try {
    const publicKey = createPublicKey({ key: Buffer.from(String(signature.publicKey), 'base64'), format: 'der', type: 'spki' });
    if (!verify(null, Buffer.from(manifestSignedText(unsigned), 'utf8'), publicKey, Buffer.from(signature.value, 'base64'))) problem('the manifest’s signature does not hold: the manifest was changed after it was signed');
  } catch (error) {
    problem(`the manifest’s public key cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = bytes.subarray(firstNewline + 1);
  if (sha256Hex(body) !== manifest.bodySha256) problem(`the lines after the manifest hash to ${sha256Hex(body)}, not to the manifest’s ${String(manifest.bodySha256)}: the archive was changed`);
  const lines = body.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== manifest.bodyLines) problem(`${lines.length} lines after the manifest; it names ${manifest.bodyLines}`);
  let digest: LedgerDigest | undefined;
  try {
    const first = JSON.parse(lines[0] ?? 'null') as { kind?: string; digest?: unknown };
    if (first?.kind !== 'digest') throw new Error('the second line is not the digest');
    digest = parseDigest(first.digest);
  } catch (error) {
    problem(`no digest: ${error instanceof Error ? error.message : String(error)}`);
    return done(manifest, 0, keyId);
  }
  const digestSignature = checkDigestSignature(digest, pinnedPublicKeyBase64);
  if (!digestSignature.valid) problem(`the digest’s signature does not hold: ${digestSignature.reason}`);
  if (digest.signature.publicKey !== signature.publicKey) problem('the manifest and the digest are signed with different keys');
  if (digest.root !== manifest.digest?.root || digest.position !== manifest.digest?.position) problem('the manifest names another digest than the one the archive holds');

  const counts: Record<string, number> = {};
  const lastOfStream = new Map<string, { revision: bigint; hash: string | null }>();
  let lastPosition = -1n;
  let eventCount = 0;
  for (const [index, line] of lines.slice(1).entries()) {
    let parsed: EventLine;
    try {
      parsed = JSON.parse(line) as EventLine;
    } catch {
      problem(`line ${index + 3} is not JSON`);
      continue;
    }
    if (parsed?.kind !== 'event' || !parsed.event) {
      problem(`line ${index + 3} is not an event`);
      continue;
    }
    eventCount += 1;
    const { event } = parsed;
    const proof: InclusionProof = { format: proofFormat, version: proofFormatVersion, event, leafIndex: parsed.leafIndex, treeSize: digest.eventCount, auditPath: parsed.auditPath, digest };
    const checked = checkProof(proof, pinnedPublicKeyBase64);
    if (!checked.valid) problem(`event ${event.id} at position ${event.position} in stream ${event.streamId}: ${checked.reason}`);
    counts[event.type] = (counts[event.type] ?? 0) + 1;
    const position = BigInt(event.position);
    if (position <= lastPosition) problem(`event ${event.id} at position ${event.position} comes after position ${lastPosition}: out of order`);
    lastPosition = position;
    const link = hashLinkOf(event.metadata as JsonObject);
    const before = lastOfStream.get(event.streamId);
    const revision = BigInt(event.revision);
    // Consecutive events of a stream in the archive must chain; a gap is a period boundary or another scope's events.
    if (before && before.revision + 1n === revision && link && link.previousHash !== before.hash) problem(`event ${event.id} at position ${event.position} does not link to the event before it in stream ${event.streamId}`);
    lastOfStream.set(event.streamId, { revision, hash: link?.hash ?? null });
    const date = effectiveDateOf({ position, recordedAt: new Date(event.recordedAt), metadata: event.metadata as JsonObject });
    if ((manifest.period?.fromDate !== undefined && date < manifest.period.fromDate) || (manifest.period?.toDate !== undefined && date > manifest.period.toDate)) problem(`event ${event.id} takes effect on ${date}, outside the archive’s period`);
  }
  if (eventCount !== manifest.eventCount) problem(`${eventCount} events in the archive; the manifest names ${manifest.eventCount}`);
  if (canonicalJson(counts) !== canonicalJson(manifest.countsByType as JsonObject)) problem('the counts by event type differ from the manifest’s');
  return done(manifest, eventCount, keyId);
}
