import { compareWithDigest, scanLedger, type ChainReport, type DigestComparison, type LedgerDigest } from '@ledger/audit';
import type { EventStoreLocation, LedgerConfig } from '@ledger/config';
import { eventTotal } from './audit-files';
import { withAuditStores } from './audit-stores';
import { startProgress } from './progress';

export interface VerifyOutcome {
  readonly store: string;
  readonly chain: ChainReport;
  readonly digest: DigestComparison | null;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** Walks every stream and the global order, and, with a digest, proves nothing before its position changed. */
export async function verifyLedger(config: LedgerConfig, location: EventStoreLocation | undefined, digest: LedgerDigest | undefined): Promise<VerifyOutcome> {
  return withAuditStores(config, location, async ({ store, source, description }) => {
    const total = await eventTotal(store);
    const progress = startProgress('audit verify');
    const started = performance.now();
    try {
      const scan = await scanLedger(source, {
        treeUpToPosition: digest ? BigInt(digest.position) : undefined,
        onProgress: ({ events }) => progress.update(events, Math.max(total, events)),
      });
      const seconds = (performance.now() - started) / 1000;
      return { store: description, chain: scan.chain, digest: digest ? compareWithDigest(scan, digest) : null, seconds, eventsPerSecond: seconds > 0 ? Math.round(scan.chain.events / seconds) : 0 };
    } finally {
      progress.stop();
    }
  });
}

export function verifyLines(outcome: VerifyOutcome): string[] {
  const { chain } = outcome;
  const lines = [
    `${outcome.store}: ${chain.events.toLocaleString('en')} events in ${chain.streams.toLocaleString('en')} streams, ${chain.linkedEvents.toLocaleString('en')} linked, ${chain.unlinkedLegacyEvents.toLocaleString('en')} unlinked from before links existed (in ${chain.legacyStreams} streams)`,
  ];
  if (chain.firstBreak) {
    const first = chain.firstBreak;
    lines.push(`BROKEN: ${chain.breakCount} break(s); the first at position ${first.position} in stream ${first.streamId} (revision ${first.revision}, event ${first.eventId}): ${first.kind}: ${first.message}`);
    for (const found of chain.breaks.slice(1)) lines.push(`  also at position ${found.position} in stream ${found.streamId}: ${found.kind}`);
  } else lines.push('links: every stream verifies');
  if (chain.storeTimeStepsBack > 0) lines.push(`note: ${chain.storeTimeStepsBack} event(s) have a store time earlier than the event before them (a clock stepped back); not a break`);
  if (outcome.digest) lines.push(outcome.digest.matches ? `digest: the ${outcome.digest.digestEventCount} events up to position ${outcome.digest.digestPosition} are those it was made over` : `DIGEST MISMATCH: ${outcome.digest.reason}`);
  return lines;
}

export function verifyPassed(outcome: VerifyOutcome): boolean {
  return outcome.chain.breakCount === 0 && (outcome.digest?.matches ?? true);
}
