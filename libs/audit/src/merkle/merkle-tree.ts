import { hash as oneShotHash } from 'node:crypto';

/**
 * A Merkle tree over the events in global order, as RFC 6962 (Certificate Transparency) builds
 * one: leaf i is `sha256(0x00 ‖ leaf data)`, an inner node `sha256(0x01 ‖ left ‖ right)`, and a
 * tree of n leaves splits at the largest power of two below n. The domain prefixes keep a leaf
 * from ever passing for a node. An event's leaf data is its global position and the store's
 * time (8 bytes each, big-endian: what only the store knows, after the append) and its 32-byte
 * event hash (its content and its stream link, `hash-link.ts`).
 */

export const hashBytes = 32;
const leafPrefix = 0;
const nodePrefix = 1;
const uint64Max = (1n << 64n) - 1n;

export interface LeafFacts {
  readonly position: bigint;
  /** The store's time of the event, milliseconds since the epoch. */
  readonly recordedAtMs: number;
  /** The event's hash, 64 hex digits. */
  readonly eventHash: string;
}

export function leafHash(facts: LeafFacts): Buffer {
  if (facts.position < 0n || facts.position > uint64Max) throw new RangeError(`position ${facts.position} does not fit 64 bits`);
  const data = Buffer.allocUnsafe(1 + 16 + hashBytes);
  data[0] = leafPrefix;
  data.writeBigUInt64BE(facts.position, 1);
  data.writeBigUInt64BE(BigInt(Math.max(0, Math.trunc(facts.recordedAtMs))), 9);
  if (data.write(facts.eventHash, 17, 'hex') !== hashBytes) throw new RangeError(`event hash ${facts.eventHash} is not 32 bytes of hex`);
  return sha256(data);
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  const data = Buffer.allocUnsafe(1 + 2 * hashBytes);
  data[0] = nodePrefix;
  left.copy(data, 1);
  right.copy(data, 1 + hashBytes);
  return sha256(data);
}

/** One sha256 by node's one-shot hash: no Hash object per leaf or node. */
function sha256(data: Buffer): Buffer {
  return oneShotHash('sha256', data, 'buffer') as unknown as Buffer;
}

/** The root of an empty tree: the hash of nothing, as RFC 6962 defines it. */
export const emptyTreeRoot = sha256(Buffer.alloc(0));

/**
 * The root, built as leaves arrive, in memory of one hash per level: complete subtrees are kept on
 * a stack, two of one height merged as soon as they meet, and the rest folded right to left at
 * the end — which is exactly RFC 6962's split at the largest power of two.
 */
export class MerkleAccumulator {
  private readonly stack: { height: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(leaf: Buffer): void {
    let entry = { height: 0, hash: leaf };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].height === entry.height) {
      const left = this.stack.pop() as { height: number; hash: Buffer };
      entry = { height: entry.height + 1, hash: nodeHash(left.hash, entry.hash) };
    }
    this.stack.push(entry);
    this.count += 1;
  }

  root(): Buffer {
    if (this.stack.length === 0) return emptyTreeRoot;
    let hash = this.stack[this.stack.length - 1].hash;
    for (let index = this.stack.length - 2; index >= 0; index -= 1) hash = nodeHash(this.stack[index].hash, hash);
    return hash;
  }
}

/**
 * Every level of the tree, for inclusion proofs: level 0 the leaves, each next level the pairs of
 * the one below hashed, an odd last node carried up as it is (the same tree as RFC 6962's).
 * Each level is one buffer of 32-byte hashes.
 */
export class MerkleTree {
  private constructor(private readonly levels: readonly Buffer[]) {}

  static fromLeaves(leaves: readonly Buffer[]): MerkleTree {
    const bottom = Buffer.allocUnsafe(leaves.length * hashBytes);
    leaves.forEach((leaf, index) => leaf.copy(bottom, index * hashBytes));
    return MerkleTree.fromLeafBuffer(bottom);
  }

  /** Leaves laid end to end, 32 bytes each. */
  static fromLeafBuffer(bottom: Buffer): MerkleTree {
    const levels: Buffer[] = [bottom];
    let level = bottom;
    while (level.length > hashBytes) {
      const count = level.length / hashBytes;
      const next = Buffer.allocUnsafe(Math.ceil(count / 2) * hashBytes);
      for (let index = 0; index + 1 < count; index += 2) {
        nodeHash(level.subarray(index * hashBytes, (index + 1) * hashBytes), level.subarray((index + 1) * hashBytes, (index + 2) * hashBytes)).copy(next, (index / 2) * hashBytes);
      }
      if (count % 2 === 1) level.copy(next, ((count - 1) / 2) * hashBytes, (count - 1) * hashBytes);
      levels.push(next);
      level = next;
    }
    return new MerkleTree(levels);
  }

  get size(): number {
    return this.levels[0].length / hashBytes;
  }

  root(): Buffer {
    return this.size === 0 ? emptyTreeRoot : Buffer.from(this.levels[this.levels.length - 1].subarray(0, hashBytes));
  }

  /** The sibling hashes from leaf `index` up to the root (RFC 6962's audit path). */
  auditPath(index: number): Buffer[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`leaf ${index} is not in a tree of ${this.size}`);
    const path: Buffer[] = [];
    let position = index;
    for (let height = 0; height < this.levels.length - 1; height += 1) {
      const level = this.levels[height];
      const count = level.length / hashBytes;
      const sibling = position ^ 1;
      if (sibling < count) path.push(Buffer.from(level.subarray(sibling * hashBytes, (sibling + 1) * hashBytes)));
      position >>= 1;
    }
    return path;
  }
}

/** The root an audit path leads to from a leaf: equal to the tree's root exactly when the leaf is in it at `index`. */
export function rootFromAuditPath(leaf: Buffer, index: number, treeSize: number, path: readonly Buffer[]): Buffer | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) return undefined;
  let hash = leaf;
  let position = index;
  let count = treeSize;
  let used = 0;
  while (count > 1) {
    if (position % 2 === 1) {
      const sibling = path[used++];
      if (!sibling) return undefined;
      hash = nodeHash(sibling, hash);
    } else if (position + 1 < count) {
      const sibling = path[used++];
      if (!sibling) return undefined;
      hash = nodeHash(hash, sibling);
    }
    position >>= 1;
    count = Math.ceil(count / 2);
  }
  return used === path.length ? hash : undefined;
}
