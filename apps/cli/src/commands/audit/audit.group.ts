import type { CommandRegistration } from '../../cli-runtime';
import { registerAuditCheckArchiveCommand } from './check-archive.command';
import { registerAuditCheckProofCommand } from './check-proof.command';
import { registerAuditCreateSigningKeyCommand } from './create-signing-key.command';
import { registerAuditDigestCommand } from './digest.command';
import { registerAuditDigestsCommand } from './digests.command';
import { registerAuditExportCommand } from './export.command';
import { registerAuditProveCommand } from './prove.command';
import { registerAuditReplayCommand } from './replay.command';
import { registerAuditVerifyCommand } from './verify.command';

/** `audit …`: what an auditor runs — verify the history, digest it, list the recorded digests, prove events, replay, export an engagement. */
export const registerAuditCommands: CommandRegistration = (program, runtime) => {
  const audit = program.command('audit').description('for auditors: verify the hash links, make signed digests and inclusion proofs, replay fund history, export an engagement');
  for (const register of [registerAuditVerifyCommand, registerAuditDigestCommand, registerAuditDigestsCommand, registerAuditProveCommand, registerAuditCheckProofCommand, registerAuditCreateSigningKeyCommand, registerAuditReplayCommand, registerAuditExportCommand, registerAuditCheckArchiveCommand]) register(audit, runtime);
};
