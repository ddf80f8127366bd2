import { readFileSync } from 'node:fs';

/** The parts of V8's `.cpuprofile` JSON that the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTimeEntry {
  readonly name: string;
  readonly where: string;
  readonly selfPercent: number;
  readonly selfMs: number;
}

export interface ProfileSummary {
  readonly samples: number;
  readonly windowMs: number;
  /** True when only the measured window's samples are counted (the rest is set-up and start-up). */
  readonly cutToWindow: boolean;
  readonly topFunctions: readonly SelfTimeEntry[];
  readonly byArea: readonly SelfTimeEntry[];
}

/**
 * The file a function is in. Line numbers are left out: under ts-node they are those of the
 * transpiled JavaScript, not of the TypeScript source, and would mislead.
 */
function shortLocation(url: string): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const transpiled = /\/node_modules\/\.cache\/ledger-sqlite-writer\/[^/]+\/(.*)$/.exec(path);
  if (transpiled) return `libs/event-store-sqlite/src/${transpiled[1].replace(/\.js$/, '.ts')} (writer thread)`;
  const nodeModules = path.lastIndexOf('/node_modules/');
  const repository = path.search(/\/(libs|apps|bench)\//);
  const short = nodeModules >= 0 ? path.slice(nodeModules + '/node_modules/'.length) : repository >= 0 ? path.slice(repository + 1) : path;
  return short;
}

/** Where a function lives: a package, a lib of this repository, Node itself, or V8's own work. */
export function areaOf(functionName: string, url: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(program)') return 'V8: program (native, no JS frame)';
    if (functionName === '(idle)') return 'idle (waiting for I/O)';
    return 'V8/native builtins';
  }
  const path = url.replace(/^file:\/\//, '');
  // The writer thread's modules, transpiled from libs/event-store-sqlite when run from the sources.
  if (path.includes('/node_modules/.cache/ledger-sqlite-writer/')) return 'libs/event-store-sqlite (writer thread)';
  const packageMatch = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path.slice(path.lastIndexOf('/node_modules/')));
  if (packageMatch) return `package ${packageMatch[1]}`;
  if (path.startsWith('node:')) return 'Node.js internals';
  const lib = /\/(libs|apps)\/([^/]+)\//.exec(path);
  if (lib) return `${lib[1]}/${lib[2]}`;
  if (path.includes('/bench/')) return 'bench harness';
  return 'other';
}

/** Self time per function and per area, optionally only for samples inside `[start, end]` µs. */
export function summariseCpuProfile(profile: CpuProfile, window?: { readonly start: number; readonly end: number }, topCount = 20): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const countsByNode = new Map<number, number>();
  let time = profile.startTime;
  let counted = 0;
  // A window that misses the profile entirely means the clocks differ: count everything instead.
  const usable = window !== undefined && window.end > window.start && window.start < profile.endTime && window.end > profile.startTime;
  const effective = usable ? window : undefined;
  profile.samples.forEach((nodeId, index) => {
    time += profile.timeDeltas[index] ?? 0;
    if (effective && (time < effective.start || time > effective.end)) return;
    countsByNode.set(nodeId, (countsByNode.get(nodeId) ?? 0) + 1);
    counted += 1;
  });
  const windowMs = effective ? (effective.end - effective.start) / 1000 : (profile.endTime - profile.startTime) / 1000;
  const msPerSample = counted > 0 ? windowMs / counted : 0;
  const byFunction = new Map<string, { name: string; where: string; count: number }>();
  const byArea = new Map<string, number>();
  for (const [nodeId, count] of countsByNode) {
    const frame = nodes.get(nodeId);
    if (!frame) continue;
    const name = frame.functionName || '(anonymous)';
    const where = shortLocation(frame.url);
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, count: 0 };
    entry.count += count;
    byFunction.set(key, entry);
    const area = areaOf(frame.functionName, frame.url);
    byArea.set(area, (byArea.get(area) ?? 0) + count);
  }
  const percent = (count: number): number => Math.round((count * 1000) / Math.max(1, counted)) / 10;
  const ms = (count: number): number => Math.round(count * msPerSample);
  return {
    samples: counted,
    windowMs: Math.round(windowMs),
    cutToWindow: effective !== undefined,
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, topCount)
      .map((entry) => ({ name: entry.name, where: entry.where, selfPercent: percent(entry.count), selfMs: ms(entry.count) })),
    byArea: [...byArea.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => ({ name, where: '', selfPercent: percent(count), selfMs: ms(count) })),
  };
}

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}
