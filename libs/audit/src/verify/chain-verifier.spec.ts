import type { JsonObject } from '@ledger/event-store';
import type { ProjectionEvent } from '@ledger/read-models';
import { linkedHistory } from '../../testing';
import { eventHash, hashLinkKey, hashLinkOf } from '../hash-link';
import { ChainVerifier, type ChainBreakKind, type ChainReport } from './chain-verifier';

const verify = (events: readonly ProjectionEvent[]): ChainReport => {
  const verifier = new ChainVerifier();
  for (const event of events) verifier.add(event as ProjectionEvent & { revision: bigint });
  return verifier.report();
};
const history = (): ProjectionEvent[] => linkedHistory({ 'account-A': 4, 'account-B': 3 });
const firstBreak = (report: ChainReport) => report.firstBreak && { kind: report.firstBreak.kind, position: report.firstBreak.position, streamId: report.firstBreak.streamId };
const withMetadata = (event: ProjectionEvent, metadata: JsonObject): ProjectionEvent => ({ ...event, metadata });
const renumber = (events: ProjectionEvent[]): ProjectionEvent[] => events.map((event, position) => ({ ...event, position: BigInt(position) }));

describe('ChainVerifier', () => {
  it('passes an untouched history and counts it', () => {
    const report = verify(history());
    expect({ events: report.events, streams: report.streams, linked: report.linkedEvents, breaks: report.breakCount, first: report.firstBreak }).toEqual({ events: 7, streams: 2, linked: 7, breaks: 0, first: null });
  });

  const cases: readonly [string, (events: ProjectionEvent[]) => ProjectionEvent[], { kind: ChainBreakKind; position: bigint; streamId: string }][] = [
    ['an amount edited', (events) => events.map((event) => (event.position === 2n ? { ...event, data: { amountVnd: '9' } } : event)), { kind: 'content-changed', position: 2n, streamId: 'account-A' }],
    ['metadata edited', (events) => events.map((event) => (event.position === 3n ? withMetadata(event, { ...event.metadata, commandId: 'forged' }) : event)), { kind: 'content-changed', position: 3n, streamId: 'account-B' }],
    [
      'an event deleted (revisions renumbered to hide it)',
      (events) => {
        const kept = events.filter((event) => event.position !== 2n);
        return renumber(kept.map((event) => (event.streamId === 'account-A' && (event.revision ?? 0n) > 1n ? { ...event, revision: (event.revision ?? 0n) - 1n } : event)));
      },
      // Revisions are in the hash: renumbering them is an edit.
      { kind: 'content-changed', position: 3n, streamId: 'account-A' },
    ],
    ['an event deleted', (events) => events.filter((event) => event.position !== 2n), { kind: 'revision-gap', position: 4n, streamId: 'account-A' }],
    [
      'an unlinked event inserted',
      (events) => renumber([...events, { ...events[0], id: 'forged', revision: 4n, metadata: { schemaVersion: 1 } }]),
      { kind: 'link-missing', position: 7n, streamId: 'account-A' },
    ],
    [
      'two events of a stream swapped',
      (events) => renumber(events.map((event) => (event.position === 0n ? { ...events[2], revision: 0n } : event.position === 2n ? { ...events[0], revision: 1n } : event))),
      { kind: 'content-changed', position: 0n, streamId: 'account-A' },
    ],
    [
      'an edited event with its hash recomputed',
      (events) =>
        events.map((event) => {
          if (event.position !== 2n) return event;
          const edited = { ...event, data: { amountVnd: '9' } };
          const link = hashLinkOf(event.metadata);
          const hash = eventHash({ ...edited, revision: event.revision ?? 0n }, link?.previousHash ?? null);
          return withMetadata(edited, { ...event.metadata, [hashLinkKey]: { version: 1, previousHash: link?.previousHash ?? null, hash } });
        }),
      { kind: 'previous-mismatch', position: 4n, streamId: 'account-A' },
    ],
    ['a link removed mid-stream', (events) => events.map((event) => (event.position === 4n ? withMetadata(event, { schemaVersion: 1 }) : event)), { kind: 'link-missing', position: 4n, streamId: 'account-A' }],
    ['a malformed link', (events) => events.map((event) => (event.position === 1n ? withMetadata(event, { ...event.metadata, [hashLinkKey]: 'x' }) : event)), { kind: 'link-malformed', position: 1n, streamId: 'account-B' }],
    ['the first event deleted', (events) => renumber(events.filter((event) => event.position !== 0n)), { kind: 'revision-gap', position: 1n, streamId: 'account-A' }],
    ['the link of a stream’s first event removed', (events) => events.map((event) => (event.position === 0n ? withMetadata(event, { schemaVersion: 1 }) : event)), { kind: 'chain-start-mismatch', position: 2n, streamId: 'account-A' }],
  ];

  it.each(cases)('finds %s and names its position and stream', (_name, tamper, expected) => {
    expect(firstBreak(verify(tamper(history())))).toEqual(expected);
  });

  it('reports events written before links as legacy, not as breaks, and a linked stream after them as sound', () => {
    const legacy = linkedHistory({ 'account-A': 3 }).map((event, index) => (index < 2 ? withMetadata(event, { schemaVersion: 1 }) : event));
    // The first linked event after legacy ones starts the chain with no predecessor.
    const restarted = legacy.map((event, index) => {
      if (index !== 2) return event;
      const hash = eventHash({ ...event, revision: 2n }, null);
      return withMetadata(event, { ...event.metadata, [hashLinkKey]: { version: 1, previousHash: null, hash } });
    });
    const report = verify(restarted);
    expect({ legacy: report.unlinkedLegacyEvents, legacyStreams: report.legacyStreams, linked: report.linkedEvents, breaks: report.breakCount }).toEqual({ legacy: 2, legacyStreams: 1, linked: 1, breaks: 0 });
  });

  it('reports an edit once, and counts breaks in other streams', () => {
    const tampered = history().map((event) => (event.position === 0n || event.position === 1n ? { ...event, data: { amountVnd: '1' } } : event));
    const report = verify(tampered);
    expect({ count: report.breakCount, listed: report.breaks.map((found) => found.streamId) }).toEqual({ count: 2, listed: ['account-A', 'account-B'] });
  });
});
