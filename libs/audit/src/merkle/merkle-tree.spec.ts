import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { emptyTreeRoot, leafHash, MerkleAccumulator, MerkleTree, nodeHash, rootFromAuditPath } from './merkle-tree';

/** RFC 6962's definition, written as the RFC writes it: split at the largest power of two below n. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, split)), referenceRoot(leaves.slice(split)));
}

const leaves = (count: number): Buffer[] => Array.from({ length: count }, (_, index) => leafHash({ position: BigInt(index * 7), recordedAtMs: 1_700_000_000_000 + index, eventHash: createHash('sha256').update(String(index)).digest('hex') }));

describe('Merkle tree', () => {
  it('has the root of RFC 6962 for every size, built as leaves arrive or from all of them', () => {
    for (let count = 0; count <= 70; count += 1) {
      const all = leaves(count);
      const accumulator = new MerkleAccumulator();
      all.forEach((leaf) => accumulator.add(leaf));
      expect(accumulator.root().toString('hex')).toBe(referenceRoot(all).toString('hex'));
      expect(MerkleTree.fromLeaves(all).root().toString('hex')).toBe(referenceRoot(all).toString('hex'));
    }
    expect(new MerkleAccumulator().root()).toEqual(emptyTreeRoot);
  });

  it('proves every leaf of every size, and no proof holds for another leaf or index (the size is the signed digest’s)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (count, pick) => {
        const all = leaves(count);
        const tree = MerkleTree.fromLeaves(all);
        const index = pick % count;
        const path = tree.auditPath(index);
        expect(rootFromAuditPath(all[index], index, count, path)).toEqual(tree.root());
        if (count > 1) {
          const other = (index + 1) % count;
          expect(rootFromAuditPath(all[other], index, count, path)).not.toEqual(tree.root());
          expect(rootFromAuditPath(all[index], other, count, path) ?? Buffer.alloc(0)).not.toEqual(tree.root());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('hashes exactly the bytes RFC 6962 names: 0x00 ‖ position ‖ time ‖ event hash for a leaf, 0x01 ‖ left ‖ right for a node', () => {
    const eventHash = 'cd'.repeat(32);
    const data = Buffer.alloc(48);
    data.writeBigUInt64BE(5n, 0);
    data.writeBigUInt64BE(1_700_000_000_123n, 8);
    Buffer.from(eventHash, 'hex').copy(data, 16);
    const leaf = leafHash({ position: 5n, recordedAtMs: 1_700_000_000_123, eventHash });
    expect(leaf).toEqual(createHash('sha256').update(Buffer.from([0])).update(data).digest());
    const [a, b] = leaves(2);
    expect(nodeHash(a, b)).toEqual(createHash('sha256').update(Buffer.from([1])).update(a).update(b).digest());
    expect(emptyTreeRoot.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('keeps leaves and inner nodes apart, and a leaf names its position and time', () => {
    const [a, b] = leaves(2);
    expect(leafHash({ position: 0n, recordedAtMs: 1, eventHash: 'ab'.repeat(32) })).not.toEqual(leafHash({ position: 1n, recordedAtMs: 1, eventHash: 'ab'.repeat(32) }));
    expect(leafHash({ position: 0n, recordedAtMs: 1, eventHash: 'ab'.repeat(32) })).not.toEqual(leafHash({ position: 0n, recordedAtMs: 2, eventHash: 'ab'.repeat(32) }));
    expect(nodeHash(a, b)).not.toEqual(createHash('sha256').update(Buffer.concat([a, b])).digest());
    expect(() => leafHash({ position: -1n, recordedAtMs: 1, eventHash: 'ab'.repeat(32) })).toThrow(RangeError);
    expect(() => leafHash({ position: 1n, recordedAtMs: 1, eventHash: 'abc' })).toThrow(RangeError);
  });
});
