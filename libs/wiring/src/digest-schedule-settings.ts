import type { LedgerConfig } from '@ledger/config';
import type { DigestScheduleOptions } from '@ledger/audit-digests';

/** The digest schedule the configuration names: its interval (null: off), its folder, the key and the store. */
export function digestScheduleOptionsOf(config: LedgerConfig): DigestScheduleOptions {
  return { intervalSeconds: config.audit.digestIntervalSeconds, dir: config.audit.digestDir, signingKeyFile: config.audit.signingKeyFile, store: config.eventStore.kind };
}
