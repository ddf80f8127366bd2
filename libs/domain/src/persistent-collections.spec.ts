import fc from 'fast-check';
import { PersistentMap, PersistentSet } from './persistent-collections';

type Operation = { readonly kind: 'set'; readonly key: number; readonly value: string } | { readonly kind: 'delete'; readonly key: number };

const operations = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 300 }), value: fc.string({ maxLength: 3 }) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 300 }) }),
  ),
  { maxLength: 1500 },
);

describe('PersistentMap', () => {
  it('behaves like a Map under any sequence of updates, and never changes an earlier version', () => {
    fc.assert(
      fc.property(operations, (steps: Operation[]) => {
        let persistent = PersistentMap.empty<number, string>();
        const model = new Map<number, string>();
        const versions: [PersistentMap<number, string>, [number, string][]][] = [];
        for (const step of steps) {
          if (step.kind === 'set') {
            persistent = persistent.set(step.key, step.value);
            model.set(step.key, step.value);
          } else {
            persistent = persistent.delete(step.key);
            model.delete(step.key);
          }
          if (versions.length < 50) versions.push([persistent, [...model].sort((a, b) => a[0] - b[0])]);
        }
        expect(persistent.size).toBe(model.size);
        for (let key = 0; key <= 300; key += 1) {
          expect(persistent.get(key)).toBe(model.get(key));
          expect(persistent.has(key)).toBe(model.has(key));
        }
        expect([...persistent].sort((a, b) => a[0] - b[0])).toEqual([...model].sort((a, b) => a[0] - b[0]));
        for (const [version, snapshot] of versions) expect([...version].sort((a, b) => a[0] - b[0])).toEqual(snapshot);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every version exact when updates branch from earlier versions and reads jump between them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ from: fc.nat(), key: fc.integer({ min: 0, max: 20 }), value: fc.integer(), remove: fc.boolean() }), { maxLength: 300 }),
        (steps) => {
          const versions: [PersistentMap<number, number>, Map<number, number>][] = [[PersistentMap.empty(), new Map()]];
          for (const step of steps) {
            const [base, model] = versions[step.from % versions.length];
            const nextModel = new Map(model);
            let next: PersistentMap<number, number>;
            if (step.remove) {
              next = base.delete(step.key);
              nextModel.delete(step.key);
            } else {
              next = base.set(step.key, step.value);
              nextModel.set(step.key, step.value);
            }
            versions.push([next, nextModel]);
            // Read a version chosen by the step, far from the one just made.
            const [probe, probeModel] = versions[(step.from * 7 + 3) % versions.length];
            expect(probe.get(step.key)).toBe(probeModel.get(step.key));
            expect(probe.size).toBe(probeModel.size);
          }
          for (const [version, model] of versions) {
            expect(new Map(version)).toEqual(model);
            expect(version.size).toBe(model.size);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps insertion order for new keys and updates in place', () => {
    const map = PersistentMap.empty<string, number>().set('a', 1).set('b', 2).set('a', 3);
    expect([...map.entries()]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect([...map.keys()]).toEqual(['a', 'b']);
    expect([...map.values()]).toEqual([3, 2]);
  });

  it('holds a long history exactly', () => {
    let map = PersistentMap.empty<number, number>();
    for (let index = 0; index < 10_000; index += 1) map = map.set(index, index);
    expect(map.size).toBe(10_000);
    expect(map.get(9_999)).toBe(9_999);
  });
});

describe('PersistentSet', () => {
  it('adds and deletes without touching earlier versions', () => {
    const empty = PersistentSet.empty<string>();
    const one = empty.add('KB-1');
    const two = one.add('KB-2');
    const back = two.delete('KB-1');
    expect([...empty]).toEqual([]);
    expect([...one]).toEqual(['KB-1']);
    expect([...two]).toEqual(['KB-1', 'KB-2']);
    expect([...back]).toEqual(['KB-2']);
    expect(back.has('KB-1')).toBe(false);
    expect(two.add('KB-2')).toBe(two);
    expect(back.size).toBe(1);
  });
});
