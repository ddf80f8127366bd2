import type { BenchResults, ScenarioRow, TargetCheck } from '../results';

/** The figure each row leads with, and how to read it. */
const headline: Readonly<Record<string, { readonly figure: string; readonly unit: string }>> = {
  'http-trivial': { figure: 'requestsPerSecond', unit: 'req/s' },
  'http-commands': { figure: 'commandsPerSecond', unit: 'commands/s' },
  'token-verification': { figure: 'rememberedVerificationMicros', unit: 'µs per request (first: see notes)' },
  'edge-hardening': { figure: 'addedCpuMicrosPerRequest', unit: 'CPU µs added per request' },
  'raw-durable-insert': { figure: 'transactionsPerSecond', unit: 'tx/s' },
  'raw-batched-insert': { figure: 'appendsPerSecond', unit: "commands' rows/s" },
  'emmett-commands': { figure: 'commandsPerSecond', unit: 'commands/s' },
  'commands-in-process': { figure: 'commandsPerSecond', unit: 'commands/s' },
  'store-costs': { figure: 'esdbAppendsPerCommand', unit: 'EventStoreDB appends per command' },
  'raw-read-parse': { figure: 'eventsPerSecond', unit: 'events/s' },
  rebuild: { figure: 'eventsPerSecond', unit: 'events/s' },
  'rebuild-postgres': { figure: 'eventsPerSecond', unit: 'events/s' },
  growth: { figure: '', unit: '' },
  'roll-up': { figure: 'p99Ms', unit: 'ms p99' },
  'audit-as-of': { figure: 'p50MsAsOfDate', unit: 'ms median (asOfDate)' },
  'audit-verify': { figure: 'eventsPerSecond', unit: 'events/s' },
  'audit-hash-link': { figure: 'microsecondsPerEvent', unit: 'µs per event' },
  'report-queries': { figure: 'slowestP99Ms', unit: 'ms p99, the slowest query' },
  'dashboard-province': { figure: 'p50Ms', unit: 'ms median' },
};

export function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function headlineText(row: ScenarioRow): string {
  if (row.status !== 'measured') return row.reason ?? row.status;
  if (row.id === 'growth') {
    const rates = Object.entries(row.figures).filter(([name]) => name.startsWith('commandsPerSecondAt'));
    return rates.map(([name, value]) => `${name.replace('commandsPerSecondAt', '')}: ${formatNumber(value)}/s`).join(', ');
  }
  const spec = headline[row.id];
  const value = spec ? row.figures[spec.figure] : undefined;
  const main = value === undefined ? '' : `${formatNumber(value)} ${spec.unit}`;
  const p99 = row.figures.p99Ms !== undefined && row.id !== 'roll-up' ? `, p99 ${formatNumber(row.figures.p99Ms)} ms` : '';
  return `${main}${p99}`;
}

function ratioText(row: ScenarioRow): string {
  return Object.entries(row.ratios)
    .map(([name, value]) => `${name}: ${formatNumber(value)}`)
    .join(', ');
}

function targetText(target: TargetCheck): string {
  const verdict = target.met === null ? 'pending' : target.met ? 'met' : 'NOT met';
  const actual = target.actual === null ? '—' : formatNumber(target.actual);
  return `${target.name} ${target.target} (${actual}: ${verdict})`;
}

/** A plain-text table for the terminal. */
export function formatTable(results: BenchResults): string {
  const lines: string[][] = [['scenario', 'result', 'ratio', 'targets']];
  for (const row of results.scenarios) lines.push([row.id, headlineText(row), ratioText(row), row.targets.map(targetText).join('; ')]);
  const widths = lines[0].map((_, column) => Math.min(60, Math.max(...lines.map((line) => line[column].length))));
  const render = (line: string[]): string => line.map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  return [render(lines[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.slice(1).map(render)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The generated part of docs/benchmarks.md: figures, ratios, targets, machine, profile. */
export function formatMarkdown(results: BenchResults): string {
  const out: string[] = [];
  const { machine } = results;
  out.push(`Run of ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, size \`${results.size}\`, ${formatNumber(results.durationSeconds)} s in all.`);
  out.push('');
  out.push('| scenario | result | ratio (same run) | targets |');
  out.push('| --- | --- | --- | --- |');
  for (const row of results.scenarios) {
    out.push(`| ${escapeCell(row.title)} | ${escapeCell(headlineText(row))} | ${escapeCell(ratioText(row)) || '—'} | ${escapeCell(row.targets.map(targetText).join('<br>')) || 'reference'} |`);
  }
  out.push('');
  out.push('**Machine.** ' +
    `${machine.cpuCount} × ${machine.cpuModel} (${machine.cpuSpeedMhz} MHz), ${machine.memoryGb} GB memory, Node ${machine.nodeVersion}, ${machine.os}; ` +
    `data on ${machine.disk.device} (${machine.disk.filesystem}, ${machine.disk.sizeGb} GB, ${machine.disk.rotational === null ? 'rotational unknown' : machine.disk.rotational ? 'rotational' : 'not rotational'}) under ${machine.disk.directory}.`);
  if (results.nodeFlags !== undefined) {
    out.push('');
    out.push(`**Node flags.** Every process of the run, references included, runs with the flags \`npm start\` gives the API: ${results.nodeFlags.length > 0 ? results.nodeFlags.map((flag) => `\`${flag}\``).join(' ') : 'none'}.`);
  }
  if (results.loadLog.length > 0) {
    out.push('');
    out.push(`**Load average (1 min) before each step** — the bench runs one step at a time, so a value well above 1 means something else was using the cores: ${results.loadLog.map((entry) => `${entry.step.replace(/…$/, '')} ${entry.loadAverage1m}`).join('; ')}.`);
  }
  out.push('');
  out.push('### Details');
  out.push('');
  for (const row of results.scenarios) {
    out.push(`- **${row.title}** — ${row.status}${row.reason ? ` (${row.reason})` : ''}.`);
    const figures = Object.entries(row.figures).map(([name, value]) => `${name} ${formatNumber(value)}`);
    const counts = Object.entries(row.counts).map(([name, value]) => `${name} ${value.toLocaleString('en')}`);
    if (figures.length) out.push(`  Figures: ${figures.join(', ')}.`);
    if (counts.length) out.push(`  Counts: ${counts.join(', ')}.`);
    for (const note of row.notes) out.push(`  Note: ${note}.`);
  }
  if (results.growth.length > 0) {
    out.push('');
    out.push('### Growth');
    out.push('');
    out.push('| events in store | generated at (events/s) | file (MB) | cold load of 1,440 accounts (ms) | commands/s | p99 (ms) | peak RSS (MB) | raw read-and-parse (events/s) | rebuild (events/s) | rebuild peak RSS (MB) | roll-up p99 (ms) |');
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const point of results.growth) {
      if (point.error) {
        out.push(`| ${point.events.toLocaleString('en')} | failed: ${escapeCell(point.error.split('\n')[0])} | | | | | | | | | |`);
        continue;
      }
      out.push(
        `| ${point.events.toLocaleString('en')} | ${formatNumber(point.generation?.eventsPerSecond ?? 0)} | ${formatNumber(point.generation?.fileMegabytes ?? 0)} | ${formatNumber(point.commands?.accountLoadMs ?? 0)} | ${formatNumber(point.commands?.run.commandsPerSecond ?? 0)} | ${formatNumber(point.commands?.run.latencyMs.p99 ?? 0)} | ${formatNumber(point.commands?.peakRssMb ?? 0)} | ${formatNumber(point.rawReadParse?.eventsPerSecond ?? 0)} | ${point.rebuild ? formatNumber(point.rebuild.eventsPerSecond) : point.rebuildError ? `failed: ${escapeCell(point.rebuildError.split('\n')[0])}` : 'pending'} | ${point.rebuild ? formatNumber(point.rebuild.peakRssMb) : '—'} | ${point.rebuild?.rollUp ? formatNumber(point.rebuild.rollUp.latencyMs.p99) : '—'} |`,
      );
    }
  }
  if (results.profile) {
    const profile = results.profile;
    out.push('');
    out.push('### Profile of the in-process command scenario');
    out.push('');
    out.push(`Main thread: \`node --cpu-prof\`, ${profile.samples.toLocaleString('en')} samples over ${formatNumber(profile.windowMs)} ms${profile.cutToWindow ? ' of the measured window (set-up and start-up cut away)' : ' (whole process)'}. Self time by area:`);
    out.push('');
    out.push('| area | self time |');
    out.push('| --- | --- |');
    for (const area of profile.byArea.slice(0, 12)) out.push(`| ${escapeCell(area.name)} | ${area.selfPercent}% |`);
    out.push('');
    out.push('Top functions by self time:');
    out.push('');
    out.push('| function | where | self time |');
    out.push('| --- | --- | --- |');
    for (const entry of profile.topFunctions) out.push(`| \`${escapeCell(entry.name)}\` | ${escapeCell(entry.where) || '(native)'} | ${entry.selfPercent}% |`);
  }
  if (results.writerThreadProfile) {
    const writer = results.writerThreadProfile;
    out.push('');
    out.push(`The embedded store's writer thread in the same window (${writer.samples.toLocaleString('en')} samples), self time:`);
    out.push('');
    out.push('| function | where | self time |');
    out.push('| --- | --- | --- |');
    for (const entry of writer.topFunctions) out.push(`| \`${escapeCell(entry.name)}\` | ${escapeCell(entry.where) || '(native)'} | ${entry.selfPercent}% |`);
  }
  return out.join('\n');
}

export const generatedBegin = '<!-- bench:generated:begin (written by `npm run bench`; edit outside these markers) -->';
export const generatedEnd = '<!-- bench:generated:end -->';

/** Replaces the generated part of a document, keeping the hand-written text around it. */
export function replaceGenerated(document: string, generated: string): string {
  const begin = document.indexOf(generatedBegin);
  const end = document.indexOf(generatedEnd);
  const block = `${generatedBegin}\n${generated}\n${generatedEnd}`;
  if (begin < 0 || end < begin) return `${document.trimEnd()}\n\n${block}\n`;
  return `${document.slice(0, begin)}${block}${document.slice(end + generatedEnd.length)}`;
}
