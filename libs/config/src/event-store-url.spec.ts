import { configErrorOf } from '../testing';
import { parseEventStoreUrl } from './event-store-url';

describe('parseEventStoreUrl', () => {
  it('reads a single EventStoreDB node without TLS', () => {
    expect(parseEventStoreUrl('esdb://127.0.0.1:2113?tls=false')).toEqual({
      kind: 'eventstoredb',
      connectionString: 'esdb://127.0.0.1:2113?tls=false',
      hosts: [{ host: '127.0.0.1', port: 2113 }],
      discover: false,
      tls: false,
      redacted: 'esdb://127.0.0.1:2113?tls=false',
    });
  });

  it('reads KurrentDB schemes, clusters, DNS discovery, the default port and TLS by default', () => {
    const cluster = parseEventStoreUrl('kurrentdb://node-1.ledger.vn:2113,node-2.ledger.vn:2113,node-3.ledger.vn?nodePreference=leader');
    expect(cluster.kind === 'eventstoredb' && cluster.hosts).toEqual([
      { host: 'node-1.ledger.vn', port: 2113 },
      { host: 'node-2.ledger.vn', port: 2113 },
      { host: 'node-3.ledger.vn', port: 2113 },
    ]);
    expect(cluster.kind === 'eventstoredb' && cluster.tls).toBe(true);
    const discover = parseEventStoreUrl('esdb+discover://cluster.ledger.vn:2113?tlsCAFile=/etc/ca.crt&keepAliveInterval=10000');
    expect(discover.kind === 'eventstoredb' && discover.discover).toBe(true);
    expect(parseEventStoreUrl('  kurrentdb+discover://cluster.ledger.vn  ').kind).toBe('eventstoredb');
  });

  it('hides the password in what it shows, and keeps it in the connection string', () => {
    const parsed = parseEventStoreUrl('esdb://admin:changeit@127.0.0.1:2113');
    expect(parsed.kind === 'eventstoredb' && parsed.redacted).toBe('esdb://admin:***@127.0.0.1:2113');
    expect(parsed.kind === 'eventstoredb' && parsed.connectionString).toBe('esdb://admin:changeit@127.0.0.1:2113');
    expect(() => parseEventStoreUrl('esdb://admin:changeit@127.0.0.1:99999')).toThrow(/admin:\*\*\*@/);
  });

  it('reads a secured cluster: user, TLS with a private certificate authority, the leader preferred', () => {
    const parsed = parseEventStoreUrl('esdb://ledger:s3cr%40t@es1:2113,es2:2113,es3:2113?tls=true&tlsCAFile=/etc/ledger/ca.crt&nodePreference=leader');
    expect(parsed).toMatchObject({ kind: 'eventstoredb', user: 'ledger', tls: true, redacted: 'esdb://ledger:***@es1:2113,es2:2113,es3:2113?tls=true&tlsCAFile=/etc/ledger/ca.crt&nodePreference=leader' });
    expect(parsed.kind === 'eventstoredb' && parsed.hosts.map((entry) => entry.host)).toEqual(['es1', 'es2', 'es3']);
  });

  it('refuses credentials or a CA file with tls=false, which the client would silently drop, without showing the password', () => {
    for (const [text, message] of [
      ['esdb://ledger:s3cret@127.0.0.1:2113?tls=false', /credentials with tls=false: the client sends credentials only over TLS/],
      ['esdb://127.0.0.1:2113?tls=false&tlsCAFile=/etc/ca.crt', /tlsCAFile with tls=false/],
    ] as const) {
      const { message: shown } = configErrorOf(() => parseEventStoreUrl(text));
      expect(shown).toMatch(message);
      expect(shown).not.toContain('s3cret');
    }
  });

  it('reads sqlite: paths, relative and absolute', () => {
    expect(parseEventStoreUrl('sqlite:data/events.sqlite')).toEqual({ kind: 'sqlite', filePath: 'data/events.sqlite' });
    expect(parseEventStoreUrl('sqlite:///var/lib/ledger/events.sqlite')).toEqual({ kind: 'sqlite', filePath: '/var/lib/ledger/events.sqlite' });
  });

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    ['postgres://db:5432/ledger', /the scheme "postgres"/],
    ['127.0.0.1:2113', /no scheme/],
    ['esdb://', /names no host/],
    ['esdb://127.0.0.1:99999', /the port "99999"/],
    ['esdb://127.0.0.1:port', /the port "port"/],
    ['esdb://127.0.0.1:2113?tls=maybe', /tls="maybe": expected true or false/],
    ['esdb://127.0.0.1:2113?colour=blue', /unknown setting "colour"/],
    ['esdb://127.0.0.1:2113?keepAliveInterval=soon', /keepAliveInterval="soon"/],
    ['esdb://bad host:2113', /the host "bad host:2113"/],
    ['esdb://127.0.0.1:2113/extra', /"extra" after the hosts/],
    ['sqlite:', /names no file/],
  ])('refuses %j with a message that names the bad value', (text, message) => {
    const { message: shown } = configErrorOf(() => parseEventStoreUrl(text));
    expect(shown).toMatch(/LEDGER_EVENT_STORE_URL/);
    expect(shown).toMatch(message);
  });
});
