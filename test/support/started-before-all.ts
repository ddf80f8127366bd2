/**
 * A resource a test file starts before its tests and stops after them: the returned function gives
 * it to hooks and tests, and throws when called before `beforeAll` started it. `setUp` runs on it
 * once started; `stop` runs even when starting or setting up failed (with undefined when nothing
 * started), so what the file made is still closed and removed.
 */
export function startedBeforeAll<T>(
  what: string,
  lifecycle: { readonly start: () => Promise<T>; readonly setUp?: (started: T) => Promise<void>; readonly stop: (started: T | undefined) => Promise<void> },
): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await lifecycle.start();
    await lifecycle.setUp?.(started);
  });
  afterAll(() => lifecycle.stop(started));
  return () => {
    if (started === undefined) throw new Error(`${what} starts in beforeAll`);
    return started;
  };
}
