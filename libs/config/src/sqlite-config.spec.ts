import { ConfigError, loadLedgerConfig } from './ledger-config';

describe('embedded store settings', () => {
  it('default to durable commits on the writer thread', () => {
    expect(loadLedgerConfig({}, '/work')).toMatchObject({ sqliteSynchronous: 'FULL', sqliteWriter: 'thread' });
  });

  it('read LEDGER_SQLITE_SYNCHRONOUS and LEDGER_SQLITE_WRITER', () => {
    const config = loadLedgerConfig({ LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL', LEDGER_SQLITE_WRITER: 'inline' }, '/work');
    expect(config).toMatchObject({ sqliteSynchronous: 'NORMAL', sqliteWriter: 'inline' });
  });

  it.each([
    ['LEDGER_SQLITE_WRITER', 'worker'],
    ['LEDGER_SQLITE_SYNCHRONOUS', 'OFF'],
  ])('refuse %s=%s, naming it', (name, value) => {
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(name);
  });
});
