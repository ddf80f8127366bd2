import type { ScenarioRow } from '../results';
import type { AuditInput, AuditOutput } from '../scenarios/audit';
import { runScenario, storeStepTimeoutMs, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import { attempt } from '../support/rounds';
import { median } from '../support/rounds';
import { check, failedRow, positive } from '../support/rows';

/**
 * The audit's three rows, from one store written with hash links (bench/scenarios/audit.ts):
 * an as-of balance of an account with `accountEvents` events, `audit verify`'s rate against a
 * raw read-and-parse of the same file, and what linking an event costs against the time of one
 * in-process command of this run.
 */
export async function auditRows(context: BenchContext, commandsInProcess: ScenarioRow | undefined): Promise<ScenarioRow[]> {
  const { audit, rounds } = context.settings;
  const events = audit.accountEvents.toLocaleString('en');
  context.step(`audit: an account of ${events} linked events, as-of balances, verify, links…`);
  const input: AuditInput = { ...audit, rounds, seed: context.seed };
  const measured = await attempt(() => runScenario<AuditOutput>('audit', input, { timeoutMs: storeStepTimeoutMs }));
  const titles = { asOf: `As-of balance of an account with ${events} events`, verify: `audit verify against raw read-and-parse (${events} events)`, link: 'Hash links against the in-process command' };
  if (!measured.ok) return [failedRow('audit-as-of', titles.asOf, measured.error), failedRow('audit-verify', titles.verify, measured.error), failedRow('audit-hash-link', titles.link, measured.error)];
  const output = measured.value;
  const worstMedianMs = Math.max(...Object.values(output.asOf.medianMs));
  const restart = output.asOf.afterRestart;
  const worstFirstAfterRestartMs = Math.max(...Object.values(restart.firstMs));
  const verifyRatio = round(median(output.verify.ratios), 3);
  const commandsPerSecond = commandsInProcess?.figures.commandsPerSecond;
  const commandMicroseconds = commandsPerSecond ? 1e6 / commandsPerSecond : null;
  const linkShare = commandMicroseconds === null ? null : round(output.link.microsecondsPerEvent / commandMicroseconds, 3);
  return [
    {
      id: 'audit-as-of',
      title: titles.asOf,
      status: 'measured',
      figures: positive({ p50MsPosition: output.asOf.medianMs.position, p50MsKnownAt: output.asOf.medianMs['recorded-time'], p50MsAsOfDate: output.asOf.medianMs['effective-date'], maxMs: output.asOf.maxMs, firstMs: output.asOf.firstMs, firstAfterRestartMs: worstFirstAfterRestartMs, historyBuildSeconds: restart.historyBuildSeconds, peakRssMb: output.peakRssMb }),
      counts: { events: output.accountEvents, queriesPerView: audit.asOfQueries },
      ratios: {},
      targets: [
        check('median ms, slowest view', '< 50', worstMedianMs, (value) => value < 50),
        check('first answer after a restart, ms, slowest view', '< 50', worstFirstAfterRestartMs, (value) => value < 50),
      ],
      notes: [
        'after the first answer, which folds the whole stream into the in-memory index of figures (firstMs) when the process has no account history',
        `firstAfterRestartMs: the first answer of a fresh AccountHistory on the account history projection (built from the file in historyBuildSeconds), median of ${restart.restarts} restarts per view, slowest view`,
        'asOfDate with late entries adds their differences; knownAt and asOfPosition are look-ups; every answer scans the index for the events where the two clocks differ',
      ],
      details: output.asOf,
    },
    {
      id: 'audit-verify',
      title: titles.verify,
      status: 'measured',
      figures: positive({ eventsPerSecond: output.verify.eventsPerSecond, rawReadParseEventsPerSecond: output.verify.rawReadParseEventsPerSecond }),
      counts: { events: output.verify.events, rounds },
      ratios: { vsRawReadParse: verifyRatio },
      targets: [check('× raw read-and-parse', '≥ 0.33', verifyRatio, (value) => value >= 1 / 3)],
      notes: ['scanLedger on the bulk reader of the file: every link checked, every event hashed (canonical JSON, sha256) and its Merkle leaf taken; the median ratio of the rounds'],
      details: output.verify,
    },
    {
      id: 'audit-hash-link',
      title: titles.link,
      status: 'measured',
      figures: positive({ microsecondsPerEvent: output.link.microsecondsPerEvent, commandMicroseconds: commandMicroseconds === null ? null : round(commandMicroseconds, 1) }),
      counts: { iterations: output.link.iterations },
      ratios: linkShare === null ? {} : { shareOfCommand: linkShare },
      targets: [check('share of one command’s time', '≤ 0.10', linkShare, (value) => value <= 0.1)],
      notes: ['linkEvents on a payment event with its metadata, on the main thread, against 1 / the in-process command rate of this run (one event per command)'],
      details: { link: output.link, commandsPerSecond: commandsPerSecond ?? null },
    },
  ];
}
