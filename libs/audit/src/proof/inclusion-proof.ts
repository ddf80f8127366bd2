import type { JsonObject } from '@ledger/event-store';
import type { ProjectionEvent, ProjectionEventSource } from '@ledger/read-models';
import { eventHash, hashLinkOf, isHexHash } from '../hash-link';
import { checkDigestSignature, parseDigest, type LedgerDigest } from '../digest/ledger-digest';
import { compareWithDigest } from '../digest/make-digest';
import { hashBytes, leafHash, MerkleTree, rootFromAuditPath } from '../merkle/merkle-tree';
import { scanLedger, type ScanProgress } from '../verify/ledger-scan';

/**
 * An inclusion proof: one event as the store holds it, its place in a digest's tree and the
 * sibling hashes from its leaf to the root, with the signed digest itself. It is checked with
 * nothing but the file: the event's hash is recomputed from its content, its leaf from that and
 * its position and time, the root from the path, and the root and the signature against the digest.
 */
export const proofFormat = 'program-ledger-inclusion-proof';
export const proofFormatVersion = 1;

export interface ProvenEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: string;
  readonly position: string;
  /** The store's time, ISO 8601 with milliseconds. */
  readonly recordedAt: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface InclusionProof {
  readonly format: typeof proofFormat;
  readonly version: number;
  readonly event: ProvenEvent;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Hex sibling hashes, leaf to root. */
  readonly auditPath: readonly string[];
  readonly digest: LedgerDigest;
}

export class ProofError extends Error {
  override readonly name = 'ProofError';
  constructor(
    readonly reason: 'event-not-found' | 'store-changed',
    message: string,
  ) {
    super(message);
  }
}

export function provenEventOf(event: ProjectionEvent): ProvenEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: (event.revision ?? -1n).toString(),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}

/** The hash of a proven event, recomputed from its content and its link. */
export function provenEventHash(event: ProvenEvent): string {
  const link = hashLinkOf(event.metadata);
  return eventHash({ streamId: event.streamId, revision: BigInt(event.revision), id: event.id, type: event.type, data: event.data, metadata: event.metadata }, link?.previousHash ?? null);
}

export function leafOfProvenEvent(event: ProvenEvent): Buffer {
  return leafHash({ position: BigInt(event.position), recordedAtMs: Date.parse(event.recordedAt), eventHash: provenEventHash(event) });
}

/** Proofs for a set of events, from one pass over the store; refused when the store no longer matches the digest. */
export async function proveEvents(source: ProjectionEventSource, digest: LedgerDigest, eventIds: ReadonlySet<string>, onProgress?: (progress: ScanProgress) => void): Promise<InclusionProof[]> {
  const found = new Map<string, { event: ProvenEvent; leafIndex: number }>();
  const scan = await scanLedger(source, {
    treeUpToPosition: BigInt(digest.position),
    keepLeaves: true,
    onProgress,
    onEvent: (event, _hash, leafIndex) => {
      if (leafIndex >= 0 && eventIds.has(event.id) && !found.has(event.id)) found.set(event.id, { event: provenEventOf(event), leafIndex });
    },
  });
  const comparison = compareWithDigest(scan, digest);
  if (!comparison.matches) throw new ProofError('store-changed', `no proof against this digest: ${comparison.reason}`);
  const missing = [...eventIds].filter((id) => !found.has(id));
  if (missing.length > 0) throw new ProofError('event-not-found', `no event ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''} at or before the digest's position ${digest.position}`);
  const tree = MerkleTree.fromLeafBuffer(scan.leaves ?? Buffer.alloc(0));
  return [...found.values()]
    .sort((a, b) => a.leafIndex - b.leafIndex)
    .map(({ event, leafIndex }) => ({
      format: proofFormat,
      version: proofFormatVersion,
      event,
      leafIndex,
      treeSize: tree.size,
      auditPath: tree.auditPath(leafIndex).map((hash) => hash.toString('hex')),
      digest,
    }));
}

export interface ProofCheck {
  readonly valid: boolean;
  /** Why not, in words; null when valid. */
  readonly reason: string | null;
  readonly eventId: string | null;
  readonly position: string | null;
  readonly keyId: string | null;
}

/** Checks a proof offline: content → event hash → leaf → path → root = digest root, and the digest's signature. */
export function checkProof(value: unknown, pinnedPublicKeyBase64?: string): ProofCheck {
  const invalid = (reason: string, proof?: Partial<InclusionProof>, keyId: string | null = null): ProofCheck => ({
    valid: false,
    reason,
    eventId: proof?.event?.id ?? null,
    position: proof?.event?.position ?? null,
    keyId,
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalid('not a JSON object');
  const proof = value as Partial<InclusionProof>;
  if (proof.format !== proofFormat || proof.version !== proofFormatVersion) return invalid(`not an inclusion proof of version ${proofFormatVersion}`, proof);
  const event = proof.event;
  if (!event || typeof event !== 'object' || typeof event.id !== 'string' || typeof event.streamId !== 'string' || typeof event.type !== 'string' || !/^[0-9]+$/.test(String(event.revision)) || !/^[0-9]+$/.test(String(event.position))) {
    return invalid('its event lacks an id, stream, type, revision or position', proof);
  }
  if (Number.isNaN(Date.parse(String(event.recordedAt))) || !event.data || typeof event.data !== 'object' || !event.metadata || typeof event.metadata !== 'object') return invalid('its event lacks a time, data or metadata', proof);
  if (!Array.isArray(proof.auditPath) || !proof.auditPath.every((hash) => typeof hash === 'string' && isHexHash(hash))) return invalid('its audit path is not a list of sha256 hashes', proof);
  let digest: LedgerDigest;
  try {
    digest = parseDigest(proof.digest);
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error), proof);
  }
  const signature = checkDigestSignature(digest, pinnedPublicKeyBase64);
  if (!signature.valid) return invalid(`its digest's signature does not hold: ${signature.reason}`, proof, signature.keyId);
  if (proof.treeSize !== digest.eventCount) return invalid(`it is for a tree of ${String(proof.treeSize)} events; the digest covers ${digest.eventCount}`, proof, signature.keyId);
  if (BigInt(event.position) > BigInt(digest.position)) return invalid(`its event at position ${event.position} is after the digest's position ${digest.position}`, proof, signature.keyId);
  const link = hashLinkOf(event.metadata);
  const hash = provenEventHash(event);
  if (link && link.hash !== hash) return invalid(`its event's content hashes to ${hash}, not to the ${link.hash} of its own link`, proof, signature.keyId);
  let root: Buffer | undefined;
  try {
    root = rootFromAuditPath(leafOfProvenEvent(event), Number(proof.leafIndex), digest.eventCount, proof.auditPath.map((hash) => Buffer.from(hash, 'hex')));
  } catch (error) {
    return invalid(`its event's leaf cannot be made: ${error instanceof Error ? error.message : String(error)}`, proof, signature.keyId);
  }
  if (!root || root.length !== hashBytes) return invalid('its audit path does not fit a tree of the digest’s size', proof, signature.keyId);
  if (root.toString('hex') !== digest.root) return invalid(`its event and path lead to the root ${root.toString('hex')}, not to the digest's ${digest.root}: the event is not the one the digest covers`, proof, signature.keyId);
  return { valid: true, reason: null, eventId: event.id, position: event.position, keyId: signature.keyId };
}
