import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandsInProcessOutput } from '../scenarios/commands-in-process';
import { childTimeoutMs, commandsInProcessInput, runScenario, type BenchContext } from './bench-context';
import { readCpuProfile, summariseCpuProfile, type ProfileSummary } from './cpu-profile';
import { attempt } from './rounds';

/** The writer thread runs few functions: its table lists fewer than the main thread's. */
const writerThreadTopFunctionsMax = 8;

export interface CommandsInProcessProfile {
  /** The main thread, which decides the commands. */
  readonly profile: ProfileSummary | null;
  /** The embedded store's writer thread, which commits them. */
  readonly writerThreadProfile: ProfileSummary | null;
}

/**
 * Runs the in-process command scenario once more under `node --cpu-prof` and summarises the
 * measured window's self time, one summary per thread. The `.cpuprofile` files are deleted unless
 * `keepProfileDir` names where to keep them; they are never committed.
 */
export async function profileCommandsInProcess(context: BenchContext, keepProfileDir: string | undefined): Promise<CommandsInProcessProfile> {
  context.step('profiling the in-process command scenario (node --cpu-prof)…');
  const profileDir = keepProfileDir ?? mkdtempSync(join(tmpdir(), 'ledger-bench-profile-'));
  mkdirSync(profileDir, { recursive: true });
  try {
    const profiled = await attempt(() =>
      runScenario<CommandsInProcessOutput>('commands-in-process', commandsInProcessInput(context), {
        nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
        timeoutMs: childTimeoutMs(context.settings.inProcess.durationMs / 1000),
      }),
    );
    // One file per thread, named CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile; thread 0 is the main one.
    const files = existsSync(profileDir) ? readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')) : [];
    const threadOf = (name: string): number => Number(/\.(\d+)\.\d+\.cpuprofile$/.exec(name)?.[1] ?? -1);
    const mainFile = files.find((name) => threadOf(name) === 0);
    const writerFile = files.find((name) => threadOf(name) > 0);
    if (!profiled.ok || mainFile === undefined) {
      context.log(`profile not available: ${profiled.ok ? 'no .cpuprofile of the main thread written' : String(profiled.error)}`);
      return { profile: null, writerThreadProfile: null };
    }
    const window = profiled.value.run.windowMicroseconds;
    return {
      profile: summariseCpuProfile(readCpuProfile(join(profileDir, mainFile)), window),
      writerThreadProfile: writerFile === undefined ? null : summariseCpuProfile(readCpuProfile(join(profileDir, writerFile)), window, writerThreadTopFunctionsMax),
    };
  } finally {
    if (!keepProfileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}
