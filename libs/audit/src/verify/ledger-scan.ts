import type { ProjectionEvent, ProjectionEventSource } from '@ledger/read-models';
import { leafHash, MerkleAccumulator, hashBytes } from '../merkle/merkle-tree';
import { ChainVerifier, type ChainReport } from './chain-verifier';

/** Events read per page while scanning: the most one read of the store returns. */
export const scanPageEventCountMax = 10_000;

export interface ScanProgress {
  readonly events: number;
  readonly position: bigint;
  readonly headPosition: bigint;
}

export interface ScanOptions {
  /** The Merkle root is taken over the events up to this position (inclusive); the head when not given. */
  readonly treeUpToPosition?: bigint;
  /** Keep every leaf up to `treeUpToPosition`, for inclusion proofs (32 bytes per event). */
  readonly keepLeaves?: boolean;
  /** Called after every page. */
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Called with each event read and its hash, in global order (the proof finder, the archive). */
  readonly onEvent?: (event: ProjectionEvent, eventHash: string, leafIndex: number) => void;
}

export interface LedgerScan {
  readonly chain: ChainReport;
  readonly headPosition: bigint;
  /** The tree over the events up to `treeUpToPosition` (or the head). */
  readonly tree: {
    readonly root: string;
    readonly eventCount: number;
    /** The last event in the tree; -1n when it holds none. */
    readonly position: bigint;
    readonly lastRecordedAt: Date | null;
  };
  /** The tree's leaves laid end to end, when asked for. */
  readonly leaves: Buffer | null;
}

/**
 * One pass over every event in global order: each stream's links checked, each event's hash
 * recomputed and its leaf added to the Merkle tree up to the position asked. The source is the
 * projections' (a bulk reader of the SQLite file for the embedded store, the port's `readAll` for
 * EventStoreDB), so the pass reads the events as fast as a rebuild does.
 */
export async function scanLedger(source: ProjectionEventSource, options: ScanOptions = {}): Promise<LedgerScan> {
  const headPosition = await source.headPosition();
  const treeUpTo = options.treeUpToPosition ?? headPosition;
  const verifier = new ChainVerifier();
  const accumulator = new MerkleAccumulator();
  let leafChunks: Buffer[] | null = options.keepLeaves ? [] : null;
  let pendingLeaves: Buffer[] = [];
  let treePosition = -1n;
  let treeLastRecordedAt: Date | null = null;
  let after = -1n;
  let events = 0;
  for (;;) {
    const page = await source.readAfter(after, scanPageEventCountMax);
    if (page.length === 0) break;
    for (const event of page) {
      if (event.unreadable) throw new Error(`event ${event.id} at position ${event.position} has stored content that is not JSON`);
      if (event.revision === undefined) throw new Error(`the event source gives no revisions: the links of event ${event.id} cannot be checked`);
      const hash = verifier.add(event as ProjectionEvent & { revision: bigint });
      let leafIndex = -1;
      if (event.position <= treeUpTo) {
        const leaf = leafHash({ position: event.position, recordedAtMs: event.recordedAt.getTime(), eventHash: hash });
        leafIndex = accumulator.size;
        accumulator.add(leaf);
        if (leafChunks) pendingLeaves.push(leaf);
        treePosition = event.position;
        treeLastRecordedAt = event.recordedAt;
      }
      options.onEvent?.(event, hash, leafIndex);
      events += 1;
    }
    if (leafChunks && pendingLeaves.length > 0) {
      leafChunks.push(Buffer.concat(pendingLeaves, pendingLeaves.length * hashBytes));
      pendingLeaves = [];
    }
    after = page[page.length - 1].position;
    options.onProgress?.({ events, position: after, headPosition });
    // Events appended while the scan runs are read too: the scan ends where the store ends.
  }
  const leaves = leafChunks ? Buffer.concat(leafChunks) : null;
  leafChunks = null;
  return {
    chain: verifier.report(),
    headPosition: after > headPosition ? after : headPosition,
    tree: { root: accumulator.root().toString('hex'), eventCount: accumulator.size, position: treePosition, lastRecordedAt: treeLastRecordedAt },
    leaves,
  };
}
