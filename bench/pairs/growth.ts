import type { GrowthPoint, ScenarioRow } from '../results';
import type { CommandsInProcessInput, CommandsInProcessOutput } from '../scenarios/commands-in-process';
import { childTimeoutMs, commandsInProcessInput, runScenario, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import type { GeneratedStore, StoreMeasurement } from '../support/generated-store';
import { check, positive } from '../support/rows';

/** Folding every workload account from a store of 10M events once takes about a minute; half an hour means it hangs. */
const coldLoadAllowanceMs = 30 * 60_000;

/** A spread of at most this much (max/min − 1) counts as flat. */
const flatSpreadMax = 0.2;

/**
 * The in-process command workload on a generated store, after every workload account has been
 * loaded once: the growth scenario compares these runs with one another, from the smallest store
 * to the largest, so a figure that grows or falls with history shows as a spread.
 */
export async function commandsOnGrowingStore(context: BenchContext, store: GeneratedStore): Promise<CommandsInProcessOutput> {
  context.step(`store of ${store.events.toLocaleString('en')} events: commands in process…`);
  return runScenario<CommandsInProcessOutput>('commands-in-process', { ...commandsInProcessInput(context), dataDir: store.dataDir } satisfies CommandsInProcessInput, {
    timeoutMs: childTimeoutMs(context.settings.inProcess.durationMs / 1000) + coldLoadAllowanceMs,
  });
}

/** One point per growth size; a store whose steps failed keeps only its error. */
export function growthPoints(context: BenchContext, stores: readonly StoreMeasurement[]): GrowthPoint[] {
  return stores
    .filter((store) => context.settings.growthEvents.includes(store.events))
    .map((store): GrowthPoint => {
      if (store.error !== null) return { events: store.events, generation: null, commands: null, rawReadParse: null, rebuild: null, error: store.error instanceof Error ? store.error.message : String(store.error) };
      const { rebuild } = store;
      return {
        events: store.events,
        generation: store.generation,
        commands: store.commands,
        rawReadParse: store.rawReadParse,
        rebuild: rebuild?.ok ? rebuild.value : null,
        ...(rebuild && !rebuild.ok ? { rebuildError: rebuild.error instanceof Error ? rebuild.error.message : String(rebuild.error) } : {}),
      };
    });
}

/** max/min − 1 of two or more figures; null with fewer. */
function spread(values: readonly number[]): number | null {
  return values.length >= 2 ? round(Math.max(...values) / Math.min(...values) - 1, 3) : null;
}

/** 5k, 100k, 1M, 10M: the store size in a figure's name. */
function sizeLabel(events: number): string {
  return events >= 1_000_000 ? `${events / 1_000_000}M` : `${events / 1000}k`;
}

/** Growth: each store size measured against the others, in the same run. */
export function growthRow(context: BenchContext, growth: readonly GrowthPoint[]): ScenarioRow {
  const { settings } = context;
  const measured = growth.filter((point) => point.commands !== null);
  const rates = measured.map((point) => point.commands?.run.commandsPerSecond ?? 0);
  const rss = measured.map((point) => point.commands?.peakRssMb ?? 0);
  const figures: Record<string, number> = {};
  for (const point of measured) {
    const label = sizeLabel(point.events);
    figures[`commandsPerSecondAt${label}`] = point.commands?.run.commandsPerSecond ?? 0;
    figures[`p99MsAt${label}`] = point.commands?.run.latencyMs.p99 ?? 0;
    figures[`peakRssMbAt${label}`] = point.commands?.peakRssMb ?? 0;
    figures[`rawReadEventsPerSecondAt${label}`] = point.rawReadParse?.eventsPerSecond ?? 0;
    figures[`accountLoadMsAt${label}`] = point.commands?.accountLoadMs ?? 0;
    figures[`rebuildEventsPerSecondAt${label}`] = point.rebuild?.eventsPerSecond ?? 0;
    figures[`rollUpP99MsAt${label}`] = point.rebuild?.rollUp?.latencyMs.p99 ?? 0;
  }
  // A spread over only some of the sizes would hide the missing ones: it is reported only when every size has the figure.
  const rollUpP99s = measured.map((point) => point.rebuild?.rollUp?.latencyMs.p99 ?? 0).filter((value) => value > 0);
  const rollUpSpread = rollUpP99s.length === measured.length ? spread(rollUpP99s) : null;
  const rebuildRates = measured.map((point) => point.rebuild?.eventsPerSecond ?? 0).filter((rate) => rate > 0);
  const rebuildSpread = rebuildRates.length === measured.length ? spread(rebuildRates) : null;
  const failed = growth.find((point) => point.error);
  const flat = (value: number): boolean => value <= flatSpreadMax;
  return {
    id: 'growth',
    title: `Growth: ${settings.growthEvents.map((count) => count.toLocaleString('en')).join(' / ')} events`,
    status: measured.length >= 2 ? 'measured' : 'failed',
    reason: measured.length >= 2 ? undefined : `failed: ${failed?.error?.split('\n')[0] ?? 'fewer than two store sizes measured'}`,
    figures: positive(figures),
    counts: { storeSizes: measured.length },
    ratios: positive({ commandRateSpread: spread(rates), peakRssSpread: spread(rss), rebuildRateSpread: rebuildSpread, rollUpP99Spread: rollUpSpread }),
    targets: [
      check('command rate spread (max/min − 1)', '≤ 0.2', spread(rates), flat),
      check('peak RSS spread (max/min − 1)', '≤ 0.2', spread(rss), flat),
      check('roll-up p99 spread (max/min − 1)', '≤ 0.2', rollUpSpread, flat),
      check('rebuild linear: rebuild events/s spread', '≤ 0.2', rebuildSpread, flat),
    ],
    notes: [
      ...(settings.growthNote ? [settings.growthNote] : []),
      ...(rollUpSpread === null ? ['roll-up latency: pending: no roll-up query measured'] : []),
      'command rate is measured on the workload accounts, whose histories grow with the store',
    ],
    details: growth,
  };
}
