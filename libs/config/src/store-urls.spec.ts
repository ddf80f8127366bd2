import { configErrorOf } from '../testing';
import { ConfigError, loadLedgerConfig } from './ledger-config';
import { parseReadStoreUrl } from './read-store-url';

describe('LEDGER_READ_STORE_URL', () => {
  it('reads PostgreSQL URLs and keeps the password for the driver only', () => {
    expect(parseReadStoreUrl('postgres://ledger:s3cret@db.internal:5432/ledger_read?sslmode=require')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://ledger:s3cret@db.internal:5432/ledger_read?sslmode=require',
      redacted: 'postgres://ledger:***@db.internal:5432/ledger_read?sslmode=require',
    });
    expect(parseReadStoreUrl(' postgresql://db/ledger_read ').kind).toBe('postgres');
    expect(parseReadStoreUrl('sqlite:///var/lib/ledger/read.sqlite')).toEqual({ kind: 'sqlite', filePath: '/var/lib/ledger/read.sqlite' });
  });

  it.each([
    ['', /is empty/],
    ['mysql://db/ledger', /the scheme "mysql"/],
    ['db.internal:5432/ledger', /no scheme/],
    ['postgres://ledger:s3cret@db.internal:5432/', /names no database/],
    ['postgres://ledger:s3cret@db.internal:99999/ledger', /not a valid URL|the port/],
    ['postgres://ledger:s3cret@db.internal/a/b', /the database "a\/b"/],
    ['sqlite:', /names no file/],
  ])('refuses %j, naming the variable and hiding the password', (text, message) => {
    const { message: shown } = configErrorOf(() => parseReadStoreUrl(text));
    expect(shown).toMatch(/LEDGER_READ_STORE_URL/);
    expect(shown).toMatch(message);
    expect(shown).not.toMatch(/s3cret/);
  });
});

describe('store and log settings in the configuration', () => {
  it('default to the embedded files of the data folder and text logs', () => {
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: '/srv/ledger' }, '/work');
    expect(config.eventStore).toEqual({ kind: 'sqlite', filePath: '/srv/ledger/events.sqlite' });
    expect(config.readStore).toEqual({ kind: 'sqlite', filePath: '/srv/ledger/read.sqlite' });
    expect(config.logFormat).toBe('text');
  });

  it('read connection strings, and relative sqlite: paths against the working directory', () => {
    const remote = loadLedgerConfig({ LEDGER_EVENT_STORE_URL: 'esdb://127.0.0.1:2113?tls=false', LEDGER_READ_STORE_URL: 'postgres://u:p@db/read', LEDGER_LOG_FORMAT: 'json' }, '/work');
    expect(remote.eventStore.kind).toBe('eventstoredb');
    expect(remote.readStore.kind).toBe('postgres');
    expect(remote.logFormat).toBe('json');
    const embedded = loadLedgerConfig({ LEDGER_EVENT_STORE_URL: 'sqlite:store/events.sqlite', LEDGER_READ_STORE_URL: 'sqlite:store/read.sqlite' }, '/work');
    expect(embedded.eventStore).toEqual({ kind: 'sqlite', filePath: '/work/store/events.sqlite' });
    expect(embedded.eventStoreFile).toBe('/work/store/events.sqlite');
    expect(embedded.readStoreFile).toBe('/work/store/read.sqlite');
  });

  it.each([
    ['LEDGER_EVENT_STORE_URL', 'postgres://db/events'],
    ['LEDGER_READ_STORE_URL', 'esdb://127.0.0.1:2113'],
    ['LEDGER_LOG_FORMAT', 'xml'],
  ])('refuse %s=%s at start-up, naming it', (name, value) => {
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(name);
  });
});
