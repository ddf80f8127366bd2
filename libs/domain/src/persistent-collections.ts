/**
 * Immutable maps and sets whose updates do not copy the whole collection.
 *
 * An account's state keeps its disbursements, vouchers and received transfers; folding an event
 * must not mutate the previous state, but copying a map of thousands of disbursements on every
 * event makes folding quadratic in an account's history. These keep a large shared base and a
 * small overlay of recent changes: an update copies only the overlay, and once the overlay grows
 * past about the square root of the base the two are merged. That is O(√n) per update, amortised,
 * with plain `Map` lookups.
 */

const removed: unique symbol = Symbol('removed');
type Slot<V> = V | typeof removed;

/** Overlays at least this large are merged into the base regardless of the base's size. */
const overlayEntriesMin = 16;

const emptyBase: ReadonlyMap<never, never> = new Map<never, never>();

export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly overlay: ReadonlyMap<K, Slot<V>>,
    readonly size: number,
  ) {}

  static empty<K, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>(emptyBase, emptyBase, 0);
  }

  static of<K, V>(entries: Iterable<readonly [K, V]>): PersistentMap<K, V> {
    const base = new Map<K, V>(entries);
    return new PersistentMap<K, V>(base, emptyBase, base.size);
  }

  get(key: K): V | undefined {
    if (this.overlay.has(key)) {
      const slot = this.overlay.get(key) as Slot<V>;
      return slot === removed ? undefined : slot;
    }
    return this.base.get(key);
  }

  has(key: K): boolean {
    if (this.overlay.has(key)) return this.overlay.get(key) !== removed;
    return this.base.has(key);
  }

  set(key: K, value: V): PersistentMap<K, V> {
    const overlay = new Map(this.overlay).set(key, value);
    return this.withOverlay(overlay, this.has(key) ? this.size : this.size + 1);
  }

  delete(key: K): PersistentMap<K, V> {
    if (!this.has(key)) return this;
    const overlay = new Map(this.overlay).set(key, removed);
    return this.withOverlay(overlay, this.size - 1);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      if (!this.overlay.has(key)) {
        yield [key, value];
        continue;
      }
      const slot = this.overlay.get(key) as Slot<V>;
      if (slot !== removed) yield [key, slot];
    }
    for (const [key, slot] of this.overlay) {
      if (!this.base.has(key) && slot !== removed) yield [key, slot];
    }
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

  private withOverlay(overlay: Map<K, Slot<V>>, size: number): PersistentMap<K, V> {
    if (overlay.size <= Math.max(overlayEntriesMin, Math.sqrt(this.base.size))) return new PersistentMap(this.base, overlay, size);
    const merged = new Map(this.base);
    for (const [key, slot] of overlay) {
      if (slot === removed) merged.delete(key);
      else merged.set(key, slot);
    }
    return new PersistentMap(merged, emptyBase, size);
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
