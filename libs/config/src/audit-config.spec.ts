import { ConfigError, digestIntervalSecondsMax, digestIntervalSecondsMin, loadLedgerConfig } from './ledger-config';

describe('scheduled digest settings', () => {
  it('are off by default, kept in the data folder', () => {
    expect(loadLedgerConfig({ LEDGER_DATA_DIR: '/srv/ledger' }, '/srv/app').audit).toMatchObject({ digestIntervalSeconds: null, digestDir: '/srv/ledger/digests' });
    expect(loadLedgerConfig({ LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS: 'off' }, '/srv/app').audit.digestIntervalSeconds).toBeNull();
  });

  it('read an interval at and between its bounds, with a key, and a folder relative to the working directory', () => {
    const withKey = { LEDGER_AUDIT_SIGNING_KEY_FILE: 'digest.key', LEDGER_AUDIT_DIGEST_DIR: 'kept/digests' };
    for (const seconds of [digestIntervalSecondsMin, 3600, digestIntervalSecondsMax]) {
      expect(loadLedgerConfig({ ...withKey, LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS: String(seconds) }, '/srv/app').audit).toMatchObject({
        digestIntervalSeconds: seconds,
        digestDir: '/srv/app/kept/digests',
        signingKeyFile: '/srv/app/digest.key',
      });
    }
  });

  it.each([String(digestIntervalSecondsMin - 1), String(digestIntervalSecondsMax + 1), '0', '1h', '-300', '300.5'])('refuse LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS=%s, naming it', (value) => {
    const env = { LEDGER_AUDIT_SIGNING_KEY_FILE: 'digest.key', LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS: value };
    expect(() => loadLedgerConfig(env)).toThrow(ConfigError);
    expect(() => loadLedgerConfig(env)).toThrow('LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS');
  });

  it('refuse a schedule without a signing key, naming both', () => {
    expect(() => loadLedgerConfig({ LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS: '3600' })).toThrow(/LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS needs LEDGER_AUDIT_SIGNING_KEY_FILE/);
  });
});
