import type { ProjectionEventSource } from '@ledger/read-models';
import { scanLedger, type LedgerScan, type ScanProgress } from '../verify/ledger-scan';
import { digestFormat, digestFormatVersion, digestTreeDescription, signDigest, type LedgerDigest } from './ledger-digest';
import type { SigningKey } from './signing-key';

export interface MakeDigestOptions {
  readonly key: SigningKey;
  /** `sqlite` or `eventstoredb`: a digest's positions are those of one store. */
  readonly store: string;
  readonly now: Date;
  /** Cover the events up to this position; the head when not given. */
  readonly upToPosition?: bigint;
  readonly onProgress?: (progress: ScanProgress) => void;
}

export interface MadeDigest {
  readonly digest: LedgerDigest;
  /** The pass the digest was made in: a digest of a history whose links are broken would bless the break, so callers look here first. */
  readonly scan: LedgerScan;
}

/** Reads every event once, checks the links, and signs the root over the events up to the position. */
export async function makeDigest(source: ProjectionEventSource, options: MakeDigestOptions): Promise<MadeDigest> {
  const scan = await scanLedger(source, { treeUpToPosition: options.upToPosition, onProgress: options.onProgress });
  const digest = signDigest(
    {
      format: digestFormat,
      version: digestFormatVersion,
      tree: digestTreeDescription,
      position: scan.tree.position.toString(),
      eventCount: scan.tree.eventCount,
      lastEventRecordedAt: scan.tree.lastRecordedAt?.toISOString() ?? null,
      createdAt: options.now.toISOString(),
      root: scan.tree.root,
      store: options.store,
    },
    options.key,
  );
  return { digest, scan };
}

export interface DigestComparison {
  readonly matches: boolean;
  /** What differs, in words; null when it matches. */
  readonly reason: string | null;
  readonly digestPosition: string;
  readonly digestEventCount: number;
  readonly eventCountNow: number;
  readonly rootNow: string;
}

/** Compares a scan made with `treeUpToPosition` = the digest's position with the digest. */
export function compareWithDigest(scan: LedgerScan, digest: LedgerDigest): DigestComparison {
  const base = { digestPosition: digest.position, digestEventCount: digest.eventCount, eventCountNow: scan.tree.eventCount, rootNow: scan.tree.root };
  if (scan.tree.eventCount !== digest.eventCount) {
    return { ...base, matches: false, reason: `the store now holds ${scan.tree.eventCount} events up to position ${digest.position}; the digest covered ${digest.eventCount}: events were deleted or inserted before its position` };
  }
  if (scan.tree.root !== digest.root) {
    return { ...base, matches: false, reason: `the events up to position ${digest.position} hash to ${scan.tree.root}, not to the digest's ${digest.root}: an event before its position was changed, moved or replaced` };
  }
  return { ...base, matches: true, reason: null };
}
