import {
  approvalExpiryHoursDefault,
  approvalExpiryHoursMax,
  approvalExpirySweepIntervalMsDefault,
  approvalThresholdVndMax,
  ConfigError,
  loadLedgerConfig,
} from './ledger-config';

describe('four-eyes settings', () => {
  it('default to no threshold at any level, a week to approve and a sweep every minute', () => {
    expect(loadLedgerConfig({}, '/work')).toMatchObject({
      approvalThresholdsVnd: { nation: null, province: null, district: null, commune: null },
      approvalExpiryHours: approvalExpiryHoursDefault,
      approvalExpirySweepIntervalMs: approvalExpirySweepIntervalMsDefault,
    });
  });

  it('read a threshold per level as whole đồng, exact beyond 2^53, up to the largest amount a command moves', () => {
    const config = loadLedgerConfig(
      {
        LEDGER_APPROVAL_THRESHOLD_NATION_VND: approvalThresholdVndMax.toString(),
        LEDGER_APPROVAL_THRESHOLD_PROVINCE_VND: '9007199254740993',
        LEDGER_APPROVAL_THRESHOLD_COMMUNE_VND: '1',
        LEDGER_APPROVAL_EXPIRY_HOURS: String(approvalExpiryHoursMax),
        LEDGER_APPROVAL_EXPIRY_SWEEP_INTERVAL_MS: '1000',
      },
      '/work',
    );
    expect(config.approvalThresholdsVnd).toEqual({ nation: approvalThresholdVndMax, province: 9_007_199_254_740_993n, district: null, commune: 1n });
    expect(config.approvalExpiryHours).toBe(approvalExpiryHoursMax);
    expect(config.approvalExpirySweepIntervalMs).toBe(1000);
  });

  it.each([
    ['LEDGER_APPROVAL_THRESHOLD_NATION_VND', '0'],
    ['LEDGER_APPROVAL_THRESHOLD_PROVINCE_VND', (approvalThresholdVndMax + 1n).toString()],
    ['LEDGER_APPROVAL_THRESHOLD_DISTRICT_VND', '1e9'],
    ['LEDGER_APPROVAL_THRESHOLD_DISTRICT_VND', '007'],
    ['LEDGER_APPROVAL_THRESHOLD_COMMUNE_VND', '-5'],
    ['LEDGER_APPROVAL_THRESHOLD_COMMUNE_VND', '1.000.000'],
    ['LEDGER_APPROVAL_EXPIRY_HOURS', '0'],
    ['LEDGER_APPROVAL_EXPIRY_HOURS', String(approvalExpiryHoursMax + 1)],
    ['LEDGER_APPROVAL_EXPIRY_SWEEP_INTERVAL_MS', '999'],
    ['LEDGER_APPROVAL_EXPIRY_SWEEP_INTERVAL_MS', '3600001'],
  ])('refuse %s=%s, naming it', (name, value) => {
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(name);
  });
});
