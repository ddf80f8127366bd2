/**
 * Immutable maps and sets whose updates do not copy the collection.
 *
 * An account's state keeps its disbursements, vouchers and received transfers; folding an event
 * must not change the previous state, yet copying a map of thousands of disbursements on every
 * event would make folding quadratic in an account's history. These use Baker's "rerooting"
 * technique: all versions of a collection share one `Map`, held by the version last used; every
 * other version holds the one-entry difference to a neighbour. Updating the newest version — the
 * way folding uses them — is O(1): a `Map` update and a small record. Reading an older version
 * first moves the shared `Map` to it, undoing differences one by one, so every version always
 * reads as it was made; only the cost moves. Versions that diverge and are then updated in
 * turn pay for the distance between them on every switch, so a version shared by many owners
 * must not be updated by all of them: the empty version, which all accounts start from, gives
 * each update its own new `Map`.
 */

const absent: unique symbol = Symbol('absent');
type Slot<V> = V | typeof absent;

type VersionNode<K, V> =
  /** This version holds the shared entries. */
  | { readonly kind: 'root'; readonly entries: Map<K, V> }
  /** This version is `next` with `key` set to `slot` (`absent`: without `key`). */
  | { readonly kind: 'difference'; readonly key: K; readonly slot: Slot<V>; readonly next: PersistentMap<K, V> };

export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  // A true private field: not an own enumerable property, so structural comparisons (tests'
  // `toEqual`) see only the entries, whichever version holds them.
  #node: VersionNode<K, V>;

  private constructor(
    node: VersionNode<K, V>,
    readonly size: number,
  ) {
    this.#node = node;
  }

  static empty<K, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>({ kind: 'root', entries: new Map<K, V>() }, 0);
  }

  static of<K, V>(entries: Iterable<readonly [K, V]>): PersistentMap<K, V> {
    const map = new Map<K, V>(entries);
    return new PersistentMap<K, V>({ kind: 'root', entries: map }, map.size);
  }

  get(key: K): V | undefined {
    return this.entriesHere().get(key);
  }

  has(key: K): boolean {
    return this.entriesHere().has(key);
  }

  set(key: K, value: V): PersistentMap<K, V> {
    // An empty version (like the one every new account starts from) never shares its entries:
    // were it to, every account's first update would move one Map back and forth between them.
    if (this.size === 0) return new PersistentMap<K, V>({ kind: 'root', entries: new Map([[key, value]]) }, 1);
    const entries = this.entriesHere();
    const had = entries.has(key);
    const previous: Slot<V> = had ? (entries.get(key) as V) : absent;
    if (previous === value) return this;
    entries.set(key, value);
    return this.handOver(key, previous, had ? this.size : this.size + 1);
  }

  delete(key: K): PersistentMap<K, V> {
    const entries = this.entriesHere();
    if (!entries.has(key)) return this;
    const previous = entries.get(key) as V;
    entries.delete(key);
    return this.handOver(key, previous, this.size - 1);
  }

  /** Iterates a copy of this version's entries, so reading other versions meanwhile cannot disturb it. */
  *entries(): MapIterator<[K, V]> {
    yield* Array.from(this.entriesHere());
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /** The shared entries, which already hold the change; this version keeps how to undo it. */
  private handOver(key: K, previous: Slot<V>, size: number): PersistentMap<K, V> {
    const next = new PersistentMap<K, V>(this.#node, size);
    this.#node = { kind: 'difference', key, slot: previous, next };
    return next;
  }

  /** Moves the shared entries to this version (no work when it has them) and returns them. */
  private entriesHere(): Map<K, V> {
    if (this.#node.kind === 'root') return this.#node.entries;
    // The path from this version to the holder, walked without recursion: it may be long.
    const path: PersistentMap<K, V>[] = [];
    let version: PersistentMap<K, V> = this;
    while (version.#node.kind === 'difference') {
      path.push(version);
      version = version.#node.next;
    }
    const entries = version.#node.entries;
    for (let index = path.length - 1; index >= 0; index--) {
      const older = path[index];
      const difference = older.#node as Extract<VersionNode<K, V>, { kind: 'difference' }>;
      const newer = difference.next;
      const current: Slot<V> = entries.has(difference.key) ? (entries.get(difference.key) as V) : absent;
      if (difference.slot === absent) entries.delete(difference.key);
      else entries.set(difference.key, difference.slot);
      newer.#node = { kind: 'difference', key: difference.key, slot: current, next: older };
      older.#node = { kind: 'root', entries };
    }
    return entries;
  }
}

export class PersistentSet<T> implements ReadonlySet<T> {
  private constructor(private readonly members: PersistentMap<T, true>) {}

  static empty<T>(): PersistentSet<T> {
    return new PersistentSet<T>(PersistentMap.empty());
  }

  get size(): number {
    return this.members.size;
  }

  has(value: T): boolean {
    return this.members.has(value);
  }

  add(value: T): PersistentSet<T> {
    return this.members.has(value) ? this : new PersistentSet(this.members.set(value, true));
  }

  delete(value: T): PersistentSet<T> {
    return this.members.has(value) ? new PersistentSet(this.members.delete(value)) : this;
  }

  *values(): SetIterator<T> {
    for (const value of this.members.keys()) yield value;
  }

  keys(): SetIterator<T> {
    return this.values();
  }

  *entries(): SetIterator<[T, T]> {
    for (const value of this.members.keys()) yield [value, value];
  }

  forEach(callback: (value: T, key: T, set: ReadonlySet<T>) => void): void {
    for (const value of this.values()) callback(value, value, this);
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }
}
