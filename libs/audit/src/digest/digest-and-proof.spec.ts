import { ArrayEventSource, linkedHistory } from '../../testing';
import { checkProof, proveEvents, ProofError } from '../proof/inclusion-proof';
import { scanLedger } from '../verify/ledger-scan';
import { checkDigestSignature, digestFileText, parseDigest } from './ledger-digest';
import { compareWithDigest, makeDigest } from './make-digest';
import { generateSigningKeyPem, publicKeyBase64FromPem, readSigningKey, type SigningKey } from './signing-key';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function keyPair(): { key: SigningKey; publicKeyPem: string } {
  const pem = generateSigningKeyPem();
  const file = join(mkdtempSync(join(tmpdir(), 'ledger-key-')), 'digest.key');
  writeFileSync(file, pem.privateKeyPem);
  return { key: readSigningKey(file), publicKeyPem: pem.publicKeyPem };
}

const now = new Date('2024-12-01T00:00:00.000Z');

describe('digests and inclusion proofs', () => {
  const { key, publicKeyPem } = keyPair();

  it('signs a digest that verifies, and fails once a byte of it changes or another key is pinned', async () => {
    const { digest } = await makeDigest(new ArrayEventSource(linkedHistory({ 'account-A': 5, 'account-B': 4 })), { key, store: 'sqlite', now });
    expect({ position: digest.position, eventCount: digest.eventCount }).toEqual({ position: '8', eventCount: 9 });
    const reread = parseDigest(JSON.parse(digestFileText(digest)));
    expect(checkDigestSignature(reread, publicKeyBase64FromPem(publicKeyPem))).toEqual({ valid: true, keyId: key.keyId, reason: null });
    expect(checkDigestSignature({ ...reread, eventCount: 8 }).valid).toBe(false);
    expect(checkDigestSignature({ ...reread, root: reread.root.replace(/^./, (digit) => (digit === '0' ? '1' : '0')) }).valid).toBe(false);
    expect(checkDigestSignature(reread, publicKeyBase64FromPem(keyPair().publicKeyPem)).reason).toMatch(/not with the pinned key/);
  });

  it('keeps verifying after appends past its position, and fails after a change before it', async () => {
    const events = linkedHistory({ 'account-A': 6, 'account-B': 6 });
    const { digest } = await makeDigest(new ArrayEventSource(events.slice(0, 8)), { key, store: 'sqlite', now });
    const later = await scanLedger(new ArrayEventSource(events), { treeUpToPosition: BigInt(digest.position) });
    expect(compareWithDigest(later, digest).matches).toBe(true);
    const edited = events.map((event) => (event.position === 5n ? { ...event, data: { amountVnd: '1' } } : event));
    const afterEdit = compareWithDigest(await scanLedger(new ArrayEventSource(edited), { treeUpToPosition: BigInt(digest.position) }), digest);
    expect({ matches: afterEdit.matches, reason: afterEdit.reason }).toEqual({ matches: false, reason: expect.stringMatching(/changed, moved or replaced/) });
    // Two events of different streams swapped in the global order: their links still hold, the digest does not.
    const swapped = events.map((event) => (event.position === 2n ? { ...events[3], position: 2n } : event.position === 3n ? { ...events[2], position: 3n } : event));
    const swappedScan = await scanLedger(new ArrayEventSource(swapped), { treeUpToPosition: BigInt(digest.position) });
    expect({ breaks: swappedScan.chain.breakCount, matches: compareWithDigest(swappedScan, digest).matches }).toEqual({ breaks: 0, matches: false });
    const deleted = events.filter((event) => event.position !== 1n);
    expect(compareWithDigest(await scanLedger(new ArrayEventSource(deleted), { treeUpToPosition: BigInt(digest.position) }), digest).reason).toMatch(/deleted or inserted/);
  });

  it('proves an event offline, and the proof fails when one byte of it changes', async () => {
    const events = linkedHistory({ 'account-A': 9, 'account-B': 8 });
    const source = new ArrayEventSource(events);
    const { digest } = await makeDigest(source, { key, store: 'sqlite', now, upToPosition: 12n });
    const proofs = await proveEvents(source, digest, new Set(['e-0', 'e-7', 'e-12']));
    expect(proofs.map((proof) => [proof.event.id, proof.leafIndex, proof.treeSize])).toEqual([
      ['e-0', 0, 13],
      ['e-7', 7, 13],
      ['e-12', 12, 13],
    ]);
    for (const proof of proofs) expect(checkProof(JSON.parse(JSON.stringify(proof)), publicKeyBase64FromPem(publicKeyPem))).toMatchObject({ valid: true, eventId: proof.event.id });
    const text = JSON.stringify(proofs[1]);
    const amountChanged = JSON.parse(text.replace('"amountVnd":"1007"', '"amountVnd":"1008"'));
    expect(checkProof(amountChanged).valid).toBe(false);
    const pathChanged = JSON.parse(text);
    pathChanged.auditPath[0] = pathChanged.auditPath[0].replace(/^./, (digit: string) => (digit === 'f' ? 'e' : 'f'));
    expect(checkProof(pathChanged).reason).toMatch(/not to the digest/);
    expect(checkProof({ ...JSON.parse(text), leafIndex: 6 }).valid).toBe(false);
    expect(checkProof({ ...JSON.parse(text), event: { ...proofs[1].event, position: '8' } }).valid).toBe(false);
  });

  it('refuses a proof for an event after the digest, or against a store that changed', async () => {
    const events = linkedHistory({ 'account-A': 4 });
    const { digest } = await makeDigest(new ArrayEventSource(events.slice(0, 2)), { key, store: 'sqlite', now });
    await expect(proveEvents(new ArrayEventSource(events), digest, new Set(['e-3']))).rejects.toMatchObject({ reason: 'event-not-found' });
    const edited = events.map((event) => (event.position === 0n ? { ...event, data: { amountVnd: '1' } } : event));
    await expect(proveEvents(new ArrayEventSource(edited), digest, new Set(['e-1']))).rejects.toBeInstanceOf(ProofError);
  });
});
