import type { CommandsInProcessOutput } from './scenarios/commands-in-process';
import type { GenerateOutput } from './scenarios/generate-events';
import type { RebuildOutput } from './scenarios/projections';
import type { ReadParseOutput } from './scenarios/raw-sqlite';
import type { ProfileSummary } from './support/cpu-profile';
import type { MachineInfo } from './support/machine';
import type { BenchSize, SizeSettings } from './sizes';

/** What `npm run bench` reports: the JSON it writes and what `support/report.ts` prints. */
export type ScenarioStatus = 'measured' | 'pending' | 'skipped' | 'failed';

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly actual: number | null;
  readonly met: boolean | null;
}

export interface ScenarioRow {
  readonly id: string;
  readonly title: string;
  readonly status: ScenarioStatus;
  readonly reason?: string;
  /** Figures that are positive by nature: rates, latencies, memory. */
  readonly figures: Readonly<Record<string, number>>;
  /** Counts that may be zero (errors, refusals). */
  readonly counts: Readonly<Record<string, number>>;
  readonly ratios: Readonly<Record<string, number>>;
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
  readonly details?: unknown;
}

export interface GrowthPoint {
  readonly events: number;
  readonly generation: GenerateOutput | null;
  readonly commands: CommandsInProcessOutput | null;
  readonly rawReadParse: ReadParseOutput | null;
  readonly rebuild: RebuildOutput | null;
  readonly rebuildError?: string;
  readonly error?: string;
}

export interface BenchResults {
  readonly size: BenchSize;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly settings: SizeSettings;
  readonly scenarios: readonly ScenarioRow[];
  readonly growth: readonly GrowthPoint[];
  /** V8 flags of every child process: those `npm start` gives the API. Absent in results written before they were recorded. */
  readonly nodeFlags?: readonly string[];
  /** The main thread of the in-process command scenario. */
  readonly profile: ProfileSummary | null;
  /** The embedded store's writer thread in the same run. */
  readonly writerThreadProfile: ProfileSummary | null;
  /** The machine's 1-minute load average before each step; well above 1 before a step means it shared the cores. */
  readonly loadLog: readonly { readonly step: string; readonly loadAverage1m: number }[];
}

/** Every row of the report, in the order it is printed: each reference just before what it is compared with. */
export const scenarioIds = [
  'http-trivial',
  'http-commands',
  'token-verification',
  'edge-hardening',
  'raw-durable-insert',
  'raw-batched-insert',
  'emmett-commands',
  'commands-in-process',
  'store-costs',
  'raw-read-parse',
  'rebuild',
  'rebuild-postgres',
  'growth',
  'roll-up',
  'audit-as-of',
  'audit-verify',
  'audit-hash-link',
  'report-queries',
  'dashboard-province',
] as const;
