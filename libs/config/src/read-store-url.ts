import { ConfigError } from './config-error';

/**
 * Where the read models live, parsed from `LEDGER_READ_STORE_URL`:
 * - `sqlite:path/to/read.sqlite` (or `sqlite:///absolute/path`): the embedded read store;
 * - `postgres://user:password@host:5432/database` or `postgresql://…`: a PostgreSQL database.
 */
export type ReadStoreLocation =
  | { readonly kind: 'sqlite'; readonly filePath: string }
  | {
      readonly kind: 'postgres';
      /** The connection string as written, for node-postgres. */
      readonly connectionString: string;
      /** The connection string with any password replaced, for logs and messages. */
      readonly redacted: string;
    };

const variableName = 'LEDGER_READ_STORE_URL';

/** Parses and checks `LEDGER_READ_STORE_URL`; a bad value is a `ConfigError` that names it (password hidden). */
export function parseReadStoreUrl(text: string): ReadStoreLocation {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === '') throw new ConfigError(`${variableName} is empty: expected postgres://user:password@host:5432/database or sqlite:path`);
  if (trimmed.toLowerCase().startsWith('sqlite:')) {
    const filePath = trimmed.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (filePath === '' || filePath === '//') throw new ConfigError(`${variableName}=${JSON.stringify(trimmed)} names no file: expected sqlite:path/to/read.sqlite`);
    if (filePath.includes('\0')) throw new ConfigError(`${variableName}=${JSON.stringify(trimmed)} has a NUL character in its path`);
    return { kind: 'sqlite', filePath };
  }
  const redacted = redactPassword(trimmed);
  const bad = (problem: string): ConfigError => new ConfigError(`${variableName}=${JSON.stringify(redacted)} ${problem}`);
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(trimmed);
  const scheme = schemeMatch?.[1].toLowerCase();
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw bad(`has ${scheme === undefined ? 'no scheme' : `the scheme ${JSON.stringify(schemeMatch?.[1])}`}: expected postgres://, postgresql:// or sqlite:`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw bad('is not a valid URL');
  }
  if (url.hostname === '') throw bad('names no host');
  if (url.port !== '' && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) throw bad(`has the port ${JSON.stringify(url.port)}: expected 1 to 65535`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw bad('names no database: expected postgres://user:password@host:5432/database');
  if (database.includes('/')) throw bad(`has the database ${JSON.stringify(database)}: expected one name after the host`);
  return { kind: 'postgres', connectionString: trimmed, redacted };
}

/** Replaces the password of `scheme://user:password@…` so the value can be shown. */
export function redactPassword(text: string): string {
  return text.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/?]*:)[^@/?]*@/, '$1***@');
}
