/**
 * The connection string as the client takes it, and as messages may show it: never with its
 * password.
 */

/**
 * The 6.x client knows the `esdb` schemes only; KurrentDB's `kurrentdb` (and `kurrent`) schemes
 * mean the same connection, so they are renamed before the client sees them.
 */
export function toClientConnectionString(connectionString: string): string {
  return connectionString.trim().replace(/^(?:kurrentdb|kurrent)(\+discover)?:\/\//i, (_match, discover: string | undefined) => `esdb${discover ?? ''}://`);
}

/** The connection string with any password replaced, for messages and logs. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.trim().replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/?]+:)[^@/?]*@/, '$1***@');
}

/** How messages name the server: its hosts and user, without the password or the settings. */
export function describeServer(connectionString: string): string {
  const redacted = redactConnectionString(connectionString);
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:([^:@/?]+)(?::[^@/?]*)?@)?([^/?]*)/.exec(redacted);
  if (match === null) return 'EventStoreDB';
  const user = match[1];
  return `EventStoreDB at ${match[2]}${user === undefined ? ' (no user given)' : ` as user ${user}`}`;
}

/** A failure to create the client (a file named in the string is missing, a bad setting), without the password. */
export function connectionFailure(connectionString: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  const caFile = /[?&]tlsCAFile=([^&]*)/i.exec(connectionString)?.[1];
  const hint = /certificate file/i.test(reason) && caFile !== undefined ? ` (tlsCAFile=${decodeURIComponent(caFile)}: the file must exist and be readable by this process)` : '';
  return new Error(`cannot connect to ${describeServer(connectionString)}: ${scrub(reason, connectionString)}${hint}`, { cause: error });
}

/** Any text with the connection string's password taken out, in case an error repeats it. */
export function scrub(text: string, connectionString: string): string {
  const password = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/?]+:([^@/?]*)@/.exec(connectionString.trim())?.[1];
  return password === undefined || password === '' ? text : text.split(password).join('***');
}
