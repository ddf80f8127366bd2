import { ConfigError, loadLedgerConfig, projectionBatchEventsDefault, readYourWritesWaitMsDefault } from './ledger-config';

describe('read-model settings', () => {
  it('default to a read store beside the events, projections on, 5,000-event batches and a 5 s wait', () => {
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: '/srv/ledger' }, '/work');
    expect(config).toMatchObject({
      readStoreFile: '/srv/ledger/read.sqlite',
      projectionsEnabled: true,
      projectionBatchEvents: projectionBatchEventsDefault,
      readYourWritesWaitMs: readYourWritesWaitMsDefault,
    });
  });

  it('read their variables, relative paths against the working directory', () => {
    const config = loadLedgerConfig(
      { LEDGER_READ_STORE_FILE: 'read/models.sqlite', LEDGER_PROJECTIONS: 'off', LEDGER_PROJECTION_BATCH_EVENTS: '10000', LEDGER_READ_WAIT_MS: '0' },
      '/work',
    );
    expect(config).toMatchObject({ readStoreFile: '/work/read/models.sqlite', projectionsEnabled: false, projectionBatchEvents: 10_000, readYourWritesWaitMs: 0 });
  });

  it.each([
    ['LEDGER_PROJECTION_BATCH_EVENTS', '0'],
    ['LEDGER_PROJECTION_BATCH_EVENTS', '10001'],
    ['LEDGER_READ_WAIT_MS', '30001'],
    ['LEDGER_READ_WAIT_MS', '5s'],
    ['LEDGER_PROJECTIONS', 'maybe'],
  ])('refuse %s=%s, naming it', (name, value) => {
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(name);
  });
});
