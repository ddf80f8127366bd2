/** Where the runner and the rebuilder say what they do; error lines carry the full error text, which nothing else shows. */
export interface RunnerLogger {
  log(message: string): void;
  error(message: string): void;
}

export const silentLogger: RunnerLogger = { log: () => undefined, error: () => undefined };

/** An error with its stack, for the log only. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\ncaused by: ${error.cause.stack ?? error.cause.message}` : '';
  return `${error.stack ?? error.message}${cause}`;
}
