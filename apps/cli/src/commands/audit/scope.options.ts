import { InvalidArgumentError, type Command } from 'commander';
import { codePattern, parseAccountId } from '@ledger/domain';
import type { ReplayRange, ReplayScope } from '@ledger/audit';
import { CommandLineFailure } from '../../command-line-failure';
import { exitCodes } from '../../exit-codes';
import { positionOption } from './digest.command';

/** The options that say whose history and which part of it: shared by `audit replay` and `audit export`. */
export interface ScopeOptions {
  readonly account?: string;
  readonly locality?: string;
  readonly program?: string;
  readonly subtree?: boolean;
  readonly fromPosition?: bigint;
  readonly toPosition?: bigint;
  readonly fromDate?: string;
  readonly toDate?: string;
}

function dateOption(text: string): string {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
    throw new InvalidArgumentError('Expected a calendar date written YYYY-MM-DD.');
  }
  return text;
}

export function withScopeOptions(command: Command): Command {
  return command
    .option('--account <id>', 'one account, such as DTTS.2024.096.DTPT.NSTW._')
    .option('--locality <id>', 'the accounts at this locality')
    .option('--program <code>', 'a program’s accounts (with --locality: only there)')
    .option('--subtree', 'with --locality: also the accounts of every locality below it')
    .option('--from-position <position>', 'events from this position on', positionOption)
    .option('--to-position <position>', 'events up to this position', positionOption)
    .option('--from-date <date>', 'events effective on or after this date (YYYY-MM-DD)', dateOption)
    .option('--to-date <date>', 'events effective on or before this date (YYYY-MM-DD)', dateOption);
}

/** The scope and range the options name; a usage error (exit 2) when they do not name one. */
export function scopeAndRangeOf(options: ScopeOptions): { readonly scope: ReplayScope; readonly range: ReplayRange } {
  const usage = (message: string): never => {
    throw new CommandLineFailure(exitCodes.usageError, message);
  };
  if (options.account !== undefined && (options.locality !== undefined || options.program !== undefined || options.subtree)) usage('--account goes alone: not with --locality, --program or --subtree');
  if (options.account === undefined && options.locality === undefined && options.program === undefined) usage('name whose history: --account, --locality or --program');
  if (options.subtree && options.locality === undefined) usage('--subtree goes with --locality');
  if (options.account !== undefined && !parseAccountId(options.account)) usage(`${options.account} is not an account id such as DTTS.2024.11.DTPT.NSTW._`);
  if (options.program !== undefined && !codePattern.test(options.program)) usage(`${options.program} is not a program code such as DTTS`);
  if (options.fromPosition !== undefined && options.toPosition !== undefined && options.fromPosition > options.toPosition) usage('--from-position is after --to-position');
  if (options.fromDate !== undefined && options.toDate !== undefined && options.fromDate > options.toDate) usage('--from-date is after --to-date');
  const scope: ReplayScope =
    options.account !== undefined
      ? { kind: 'account', accountId: options.account }
      : options.locality !== undefined
        ? { kind: 'locality', localityId: options.locality, programCode: options.program, subtree: options.subtree === true }
        : { kind: 'program', programCode: options.program as string };
  return { scope, range: { fromPosition: options.fromPosition, toPosition: options.toPosition, fromDate: options.fromDate, toDate: options.toDate } };
}

/** True when the options narrow the events by position or date. */
export function hasRange(options: ScopeOptions): boolean {
  return options.fromPosition !== undefined || options.toPosition !== undefined || options.fromDate !== undefined || options.toDate !== undefined;
}
