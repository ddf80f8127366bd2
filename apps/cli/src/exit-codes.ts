/**
 * The command line's exit codes, one meaning each, so that an operator's script can tell a finding
 * from a mistake, a missing thing from a broken store. docs/operations.md lists them for operators
 * and `--help` prints them from this list.
 */
export const exitCodes = {
  /** The command did what it was asked. */
  success: 0,
  /** The command ran and found a problem: refusals in an import, a migration that does not match, a failed rebuild, a credit still parked, a broken hash link, a digest, proof or archive that does not hold. */
  problemFound: 1,
  /** The command line or the configuration is wrong; nothing was done. */
  usageError: 2,
  /** What the command names does not exist: a parked credit, an input file, an event, an account. */
  notFound: 3,
  /**
   * A store could not be opened or failed while the command ran. An error the command did not
   * expect counts here too: past reading its input, every command's work is on the stores, and
   * every command is safe to run again once they are back.
   */
  storeFailed: 4,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The lines `--help` ends with. */
export const exitCodesHelp = `Exit codes:
  ${exitCodes.success}  success
  ${exitCodes.problemFound}  the command ran and found a problem (import refusals, migration mismatch, rebuild failed, credit still parked,
     a broken hash link, a digest, proof or archive that does not hold)
  ${exitCodes.usageError}  usage or configuration error; nothing was done
  ${exitCodes.notFound}  not found (no such parked credit, input file, event or account)
  ${exitCodes.storeFailed}  a store could not be opened or failed, or an unexpected error`;
