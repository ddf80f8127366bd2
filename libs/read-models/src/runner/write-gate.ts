/**
 * Lets one writer at a time use a read store that takes only one (SQLite locks the whole file for
 * a write). The live runner and a rebuild on another thread take turns through it, in the order
 * they asked, so neither waits for the other's lock inside the database: there the wait would
 * block the thread (the SQLite driver is synchronous); here it is a promise.
 */
export interface WriteGate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** Turns in the order asked for, within one thread; a rebuild thread asks through messages. */
export class FifoWriteGate implements WriteGate {
  private tail: Promise<void> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** How code that writes takes its turn: through a gate, or at once when there is none. */
export function exclusively<T>(gate: WriteGate | undefined, work: () => Promise<T>): Promise<T> {
  return gate ? gate.run(work) : work();
}
