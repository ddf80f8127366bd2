import { ConfigError } from './config-error';

/**
 * Where the event store lives, parsed from `LEDGER_EVENT_STORE_URL`:
 * - `sqlite:path/to/events.sqlite` (or `sqlite:///absolute/path`): the embedded store;
 * - `esdb://host:port?tls=false`, `esdb+discover://…`, `kurrentdb://…`, `kurrentdb+discover://…`:
 *   an EventStoreDB (KurrentDB) node or cluster, in the server's connection string syntax; a
 *   secured server takes `user:password@` and `tls=true` (the default) with `tlsCAFile=` for a
 *   private certificate authority. The password never appears in a message.
 */
export type EventStoreLocation =
  | {
      readonly kind: 'sqlite';
      /** As written: a relative path is relative to the working directory. */
      readonly filePath: string;
    }
  | {
      readonly kind: 'eventstoredb';
      /** The connection string as written, for the adapter (which accepts every scheme above). */
      readonly connectionString: string;
      readonly hosts: ReadonlyArray<{ readonly host: string; readonly port: number }>;
      /** `+discover`: the host names a DNS entry for cluster gossip rather than the nodes themselves. */
      readonly discover: boolean;
      /** The server's default, TLS, unless `tls=false`. */
      readonly tls: boolean;
      /** The connection string with any password replaced, for logs and messages. */
      readonly redacted: string;
      /** The user named in the connection string, if any (never the password). */
      readonly user: string | undefined;
    };

const variableName = 'LEDGER_EVENT_STORE_URL';
/** EventStoreDB's port for gRPC (and HTTP) when a connection string names none. */
const eventStoreDbPortDefault = 2113;
const schemes = new Map<string, boolean>([
  ['esdb', false],
  ['esdb+discover', true],
  ['kurrentdb', false],
  ['kurrentdb+discover', true],
]);

/** The client's connection string settings and the values each accepts (keys are case-insensitive). */
const settings: ReadonlyMap<string, { readonly name: string; readonly check: (value: string) => boolean; readonly expected: string }> = new Map(
  [
    ...['tls', 'tlsVerifyCert', 'throwOnAppendFailure', 'dnsDiscover'].map((name) => ({ name, check: isBoolean, expected: 'true or false' })),
    ...['maxDiscoverAttempts', 'discoveryInterval', 'gossipTimeout', 'keepAliveInterval', 'keepAliveTimeout', 'defaultDeadline'].map((name) => ({
      name,
      check: (value: string) => /^-?[0-9]+$/.test(value),
      expected: 'a whole number',
    })),
    ...['connectionName', 'tlsCAFile', 'userCertFile', 'userKeyFile'].map((name) => ({ name, check: (value: string) => value.length > 0, expected: 'a value' })),
    {
      name: 'nodePreference',
      check: (value: string) => ['leader', 'follower', 'random', 'readonlyreplica'].includes(value.toLowerCase()),
      expected: 'leader, follower, random or readOnlyReplica',
    },
  ].map((setting) => [setting.name.toLowerCase(), setting]),
);

/** Parses and checks `LEDGER_EVENT_STORE_URL`; a bad value is a `ConfigError` that names it. */
export function parseEventStoreUrl(text: string): EventStoreLocation {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === '') {
    throw new ConfigError(`${variableName} is empty: expected esdb://host:port?tls=false, kurrentdb://host:port, or sqlite:path`);
  }
  if (trimmed.toLowerCase().startsWith('sqlite:')) return parseSqlite(trimmed);

  const redacted = redactEventStoreUrl(trimmed);
  const bad = (problem: string): ConfigError => new ConfigError(`${variableName}=${JSON.stringify(redacted)} ${problem}`);
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(trimmed);
  const scheme = schemeMatch?.[1].toLowerCase();
  if (scheme === undefined || !schemes.has(scheme)) {
    throw bad(
      `has ${scheme === undefined ? 'no scheme' : `the scheme ${JSON.stringify(schemeMatch?.[1])}`}: expected esdb://, esdb+discover://, kurrentdb://, kurrentdb+discover:// or sqlite:`,
    );
  }
  let rest = trimmed.slice((schemeMatch as RegExpExecArray)[0].length);
  const at = rest.lastIndexOf('@', rest.search(/[/?]|$/));
  let user: string | undefined;
  if (at >= 0) {
    const credentials = rest.slice(0, at);
    if (!/^[^:@]+:[^@]+$/.test(credentials)) throw bad('has credentials that are not username:password');
    user = decodeURIComponent(credentials.slice(0, credentials.indexOf(':')));
    rest = rest.slice(at + 1);
  }
  const hostsEnd = rest.search(/[/?]|$/);
  const hostsText = rest.slice(0, hostsEnd);
  const afterHosts = rest.slice(hostsEnd).replace(/^\/+/, '');
  if (hostsText === '') throw bad('names no host');
  const hosts = hostsText.split(',').map((entry) => parseHost(entry, bad));

  let tls = true;
  const given = new Set<string>();
  if (afterHosts !== '') {
    if (!afterHosts.startsWith('?')) throw bad(`has ${JSON.stringify(afterHosts)} after the hosts: expected ?key=value&…`);
    for (const pair of afterHosts.slice(1).split('&')) {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      const setting = settings.get(key.toLowerCase());
      if (setting === undefined) throw bad(`has the unknown setting ${JSON.stringify(key)}`);
      if (!setting.check(value)) throw bad(`has ${setting.name}=${JSON.stringify(value)}: expected ${setting.expected}`);
      if (setting.name === 'tls') tls = value.toLowerCase() === 'true';
      given.add(setting.name);
    }
  }
  // The client sends credentials only over TLS and reads certificate files only with it: either
  // would be dropped without a word.
  if (!tls && user !== undefined) {
    throw bad('has credentials with tls=false: the client sends credentials only over TLS; use tls=true (with tlsCAFile=… for a private CA), or drop them for a server started with --insecure');
  }
  if (!tls && given.has('tlsCAFile')) throw bad('has tlsCAFile with tls=false: the certificate would not be used; use tls=true');
  return { kind: 'eventstoredb', connectionString: trimmed, hosts, discover: schemes.get(scheme) === true, tls, redacted, user };
}

function parseSqlite(text: string): EventStoreLocation {
  // `sqlite:///absolute/path` and `sqlite:relative/path` both name a file.
  const filePath = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  if (filePath === '' || filePath === '//') throw new ConfigError(`${variableName}=${JSON.stringify(text)} names no file: expected sqlite:path/to/events.sqlite`);
  if (filePath.includes('\0')) throw new ConfigError(`${variableName}=${JSON.stringify(text)} has a NUL character in its path`);
  return { kind: 'sqlite', filePath };
}

function parseHost(entry: string, bad: (problem: string) => ConfigError): { host: string; port: number } {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(?::([^:]*))?$/.exec(entry);
  if (match === null) throw bad(`has the host ${JSON.stringify(entry)}: expected host or host:port`);
  const portText = match[3];
  if (portText === undefined) return { host: match[1], port: eventStoreDbPortDefault };
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw bad(`has the port ${JSON.stringify(portText)}: expected a whole number from 1 to 65535`);
  return { host: match[1], port };
}

function isBoolean(value: string): boolean {
  return value.toLowerCase() === 'true' || value.toLowerCase() === 'false';
}

/** Replaces the password of `scheme://user:password@…` so the value can be shown. */
export function redactEventStoreUrl(text: string): string {
  return text.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/?]+:)[^@/?]+@/, '$1***@');
}
