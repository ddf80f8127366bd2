/** What the four-eyes crash test and its child process share: the settings and the accounts. */
export const crashChildEnvironment = { LEDGER_APPROVAL_THRESHOLD_NATION_VND: '10000000000', LEDGER_APPROVAL_EXPIRY_SWEEP_INTERVAL_MS: '3600000' };
export const crashNation = 'NTM.2024.VN.DTPT.NSTW._';
export const crashProvince = 'NTM.2024.11.DTPT.NSTW._';
