import { replayLedger, type ReplayEntry, type ReplayRange, type ReplayScope } from '@ledger/audit';
import type { EventStoreLocation, LedgerConfig } from '@ledger/config';
import { eventTotal } from './audit-files';
import { withAuditStores } from './audit-stores';
import { startProgress } from './progress';

export const replayFormats = ['table', 'csv', 'jsonl'] as const;
export type ReplayFormat = (typeof replayFormats)[number];

/** The columns of the table and the CSV, in order, with their headings. */
const columns: readonly (readonly [keyof ReplayEntry, string])[] = [
  ['position', 'position'],
  ['effectiveDate', 'effectiveDate'],
  ['recordedAt', 'recordedAt'],
  ['accountId', 'accountId'],
  ['eventType', 'eventType'],
  ['amountVnd', 'amountVnd'],
  ['counterpartyAccountId', 'counterpartyAccountId'],
  ['corrects', 'corrects'],
  ['availableVnd', 'availableVnd'],
  ['heldVnd', 'heldVnd'],
  ['netDisbursedVnd', 'netDisbursedVnd'],
  ['actorId', 'actorId'],
  ['decisionRef', 'decisionRef'],
  ['eventId', 'eventId'],
];
/** The table leaves the long ids out: a terminal is narrow; CSV and JSON Lines carry every field. */
const tableColumns = columns.filter(([field]) => !['eventId', 'recordedAt', 'counterpartyAccountId'].includes(field));
/** Table cells are cut at this width so that a row stays on one line of a wide terminal. */
const tableCellWidthMax = 28;

/** An entry as JSON: amounts as decimal strings, as everywhere the ledger writes JSON. */
export function replayEntryJson(entry: ReplayEntry): Record<string, string | null> {
  return Object.fromEntries(columns.map(([field]) => [field, entry[field] === null ? null : String(entry[field])]));
}

function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** How each format writes: a heading (if any), then one line per entry. */
function formatter(format: ReplayFormat): { heading: string | undefined; line: (entry: ReplayEntry) => string } {
  switch (format) {
    case 'jsonl':
      return { heading: undefined, line: (entry) => JSON.stringify(replayEntryJson(entry)) };
    case 'csv':
      return { heading: columns.map(([, heading]) => heading).join(','), line: (entry) => columns.map(([field]) => csvField(replayEntryJson(entry)[field])).join(',') };
    case 'table': {
      const widths = tableColumns.map(([field, heading]) => (['accountId', 'eventType', 'decisionRef', 'actorId', 'corrects'].includes(field) ? tableCellWidthMax : Math.max(heading.length, 15)));
      const cell = (value: string, index: number) => {
        const cut = value.length > widths[index] ? `${value.slice(0, widths[index] - 1)}…` : value;
        const numeric = /Vnd$|^position$/.test(tableColumns[index][0]);
        return numeric ? cut.padStart(widths[index]) : cut.padEnd(widths[index]);
      };
      return {
        heading: tableColumns.map(([, heading], index) => cell(heading, index)).join('  ').trimEnd(),
        line: (entry) => tableColumns.map(([field], index) => cell(replayEntryJson(entry)[field] ?? '', index)).join('  ').trimEnd(),
      };
    }
  }
}

export interface ReplaySummary {
  readonly entries: number;
  readonly eventsRead: number;
}

/** Replays the scope's history to `print`, line by line; progress on stderr. */
export async function replayHistory(
  config: LedgerConfig,
  location: EventStoreLocation | undefined,
  request: { readonly scope: ReplayScope; readonly range: ReplayRange; readonly format: ReplayFormat },
  print: (line: string) => void,
): Promise<ReplaySummary> {
  return withAuditStores(config, location, async ({ store, source }) => {
    const total = await eventTotal(store);
    const progress = startProgress('audit replay');
    const { heading, line } = formatter(request.format);
    if (heading !== undefined) print(heading);
    let entries = 0;
    let eventsRead = 0;
    try {
      for await (const entry of replayLedger(source, request.scope, request.range, (read) => {
        eventsRead = read;
        progress.update(read, Math.max(total, read));
      })) {
        print(line(entry));
        entries += 1;
      }
    } finally {
      progress.stop();
    }
    return { entries, eventsRead };
  });
}
