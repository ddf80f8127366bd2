import { sql } from 'kysely';
import { defaultDisbursementDeadline, holdsMoney, isMovementRequestEvent, type TransferKind } from '@ledger/domain';
import { columnNames, fundingLineColumns, readTable, type ColumnDefinition } from '../schema/table-definition';
import { deadlineExtended } from '../term';
import { excluded, stored, type ColumnMerge } from '../writing/bulk-writer';
import type { AccountRef, DecodedEvent, EventDecoder } from './decoded-event';
import type { BatchWriter, Projection, ProjectionBatch } from './projection';

/**
 * Balances: one row per account with its running figures; the same figures summed per locality
 * and funding line (with the number of accounts), so a roll-up reads a few rows per locality of
 * the subtree rather than every account in it; and the money flows between localities per
 * funding line that the roll-ups need to tell money received from outside a subtree from money
 * moved inside it.
 *
 * The line totals and the flows are also kept per month of the events' effective date
 * (`locality_monthly_totals`, `locality_monthly_flows`), so that a report as of the end of a
 * month or quarter, and a month-by-month curve, read a few rows per locality and month instead
 * of the events.
 *
 * Every figure is a sum of event amounts (and the deadline and dates only ever move one way), so
 * the effects of a batch are deltas that are added to the stored rows: the order in which batches
 * are cut does not change the result, which is what makes rebuilt and incremental tables equal.
 */

interface BalanceDelta {
  readonly account: AccountRef;
  /** Deltas of the running amounts, in `amountColumns` order. */
  readonly amounts: bigint[];
  deadline: string;
  lastPosition: bigint | null;
  /** The last day of the account's normal term (before any extension). */
  readonly termEnd: string;
  termAvailableVnd: bigint;
  firstReceivedOn: string | null;
  lastOutflowOn: string | null;
}

/** One month's deltas of one locality's funding line, in `amountColumns` order. */
interface MonthDelta {
  readonly key: AccountRef['key'];
  readonly month: number;
  readonly amounts: bigint[];
}

interface FlowDelta {
  readonly from: AccountRef;
  readonly toLocalityId: string;
  readonly kind: TransferKind;
  /** 0 for the all-time flow row; the effective month for a monthly one. */
  readonly month: number;
  debitedVnd: bigint;
  creditedVnd: bigint;
}

/** The running amounts of an account, summed per line and month too (`term_available_vnd` is the account's own). */
const amountColumns = [
  'assigned_vnd',
  'received_vnd',
  'reallocated_in_vnd',
  'returned_in_vnd',
  'allocated_out_vnd',
  'reallocated_out_vnd',
  'returned_vnd',
  'disbursed_vnd',
  'reversed_vnd',
  'handed_over_in_vnd',
  'handed_over_out_vnd',
  'available_vnd',
  'in_transit_in_vnd',
  'in_transit_out_vnd',
  'held_vnd',
] as const;
type AmountColumn = (typeof amountColumns)[number];
const amountIndex = Object.fromEntries(amountColumns.map((column, index) => [column, index])) as Record<AmountColumn, number>;

/** The earlier of two dates, either of which may be null. */
const earlierDate = (column: string): ColumnMerge => ({
  name: 'min-date',
  expression: (table) => sql`case when ${stored(table, column)} is null or ${excluded(column)} < ${stored(table, column)} then coalesce(${excluded(column)}, ${stored(table, column)}) else ${stored(table, column)} end`,
});
/** The later of two dates, either of which may be null. */
const laterDate = (column: string): ColumnMerge => ({
  name: 'max-date',
  expression: (table) => sql`case when ${stored(table, column)} is null or ${excluded(column)} > ${stored(table, column)} then coalesce(${excluded(column)}, ${stored(table, column)}) else ${stored(table, column)} end`,
});

const balanceMerge: Record<string, ColumnMerge> = {
  ...Object.fromEntries(amountColumns.map((column) => [column, 'add' as const])),
  disbursement_deadline: 'max-text',
  last_position: 'coalesce-new',
  term_available_vnd: 'add',
  first_received_on: earlierDate('first_received_on'),
  last_outflow_on: laterDate('last_outflow_on'),
};

const amountColumnDefinitions: readonly ColumnDefinition[] = amountColumns.map((column) => [column, 'bigint']);
const lineKeyColumnDefinitions: readonly ColumnDefinition[] = [['locality_id', 'text'], ...fundingLineColumns];
const accountBalanceColumnDefinitions: readonly ColumnDefinition[] = [
  ['account_id', 'text'], ['program_code', 'text'], ['plan_year', 'integer'], ['locality_id', 'text'], ['capital_type', 'text'], ['budget_source', 'text'], ['component_code', 'text', 'nullable'],
  ...amountColumnDefinitions,
  ['disbursement_deadline', 'text'], ['last_position', 'bigint', 'nullable'], ['term_available_vnd', 'bigint', 'default 0'], ['first_received_on', 'text', 'nullable'], ['last_outflow_on', 'text', 'nullable'],
];
const balanceColumns = columnNames(accountBalanceColumnDefinitions);

const lineKeyColumns = columnNames(lineKeyColumnDefinitions);
const lineTotalColumnDefinitions: readonly ColumnDefinition[] = [...lineKeyColumnDefinitions, ['account_count', 'bigint'], ...amountColumnDefinitions];
const lineTotalColumns = columnNames(lineTotalColumnDefinitions);
const lineTotalMerge: Record<string, ColumnMerge> = Object.fromEntries(['account_count', ...amountColumns].map((column) => [column, 'add' as const]));
/** Account ids per query when asking which accounts of a batch are already stored. */
const accountLookupCountMax = 500;

const monthKeyColumnDefinitions: readonly ColumnDefinition[] = [...lineKeyColumnDefinitions, ['effective_month', 'integer']];
const monthKeyColumns = columnNames(monthKeyColumnDefinitions);
const monthTotalColumnDefinitions: readonly ColumnDefinition[] = [...monthKeyColumnDefinitions, ...amountColumnDefinitions];
const monthTotalColumns = columnNames(monthTotalColumnDefinitions);
const monthTotalMerge: Record<string, ColumnMerge> = Object.fromEntries(amountColumns.map((column) => [column, 'add' as const]));

const flowColumnDefinitions: readonly ColumnDefinition[] = [
  ...fundingLineColumns,
  ['from_locality_id', 'text'], ['to_locality_id', 'text'], ['transfer_kind', 'text'], ['debited_vnd', 'bigint'], ['credited_vnd', 'bigint'],
];
const flowColumns = columnNames(flowColumnDefinitions);
const monthFlowColumnDefinitions: readonly ColumnDefinition[] = [...flowColumnDefinitions, ['effective_month', 'integer']];
const monthFlowColumns = columnNames(monthFlowColumnDefinitions);
/**
 * The key leads with the destination: roll-ups find flows through the localities of a subtree, and
 * a key led by the funding line would tempt the planner to scan that line's flows nationwide.
 */
const flowKey = ['to_locality_id', 'from_locality_id', 'transfer_kind', 'program_code', 'plan_year', 'capital_type', 'budget_source'];
const monthFlowKey = [...flowKey, 'effective_month'];

/** `2024-04-15` → 202404; an event without an effective date counts in the month it was recorded (UTC). */
export function effectiveMonthOf(effectiveDate: string | null, recordedAt: Date): number {
  const date = effectiveDate ?? recordedAt.toISOString().slice(0, 10);
  return Number(date.slice(0, 4)) * 100 + Number(date.slice(5, 7));
}

export const accountBalancesTable = readTable({
  name: 'account_balances',
  columns: accountBalanceColumnDefinitions,
  primaryKey: ['account_id'],
  // Roll-ups reach an account through its locality (closure table → locality index), also when
  // they filter by program: an index led by the program would tempt the planner to scan the
  // whole country's accounts of that program instead.
  // The carried-over figures read only the accounts whose deadline was extended: a handful among
  // all, found through a partial index rather than by reading every account of the subtree.
  indexes: [
    { name: 'account_balances_by_locality', columns: ['locality_id', 'program_code', 'plan_year'] },
    { name: 'account_balances_extended_by_locality', columns: ['locality_id', 'plan_year'], where: deadlineExtended() },
  ],
});

// Led by the locality: a roll-up reads the rows of each locality of the subtree.
export const localityLineTotalsTable = readTable({ name: 'locality_line_totals', columns: lineTotalColumnDefinitions, primaryKey: lineKeyColumns, indexes: [] });

export const localityFlowsTable = readTable({
  name: 'locality_flows',
  columns: flowColumnDefinitions,
  primaryKey: flowKey,
  indexes: [{ name: 'locality_flows_by_source', columns: ['from_locality_id', 'to_locality_id'] }],
});

// Led by the locality, as the line totals: a report reads the months of each locality of the subtree.
export const localityMonthlyTotalsTable = readTable({ name: 'locality_monthly_totals', columns: monthTotalColumnDefinitions, primaryKey: monthKeyColumns, indexes: [] });

export const localityMonthlyFlowsTable = readTable({
  name: 'locality_monthly_flows',
  columns: monthFlowColumnDefinitions,
  primaryKey: monthFlowKey,
  indexes: [{ name: 'locality_monthly_flows_by_source', columns: ['from_locality_id', 'to_locality_id'] }],
});

class BalancesBatch implements ProjectionBatch {
  private readonly balances = new Map<string, BalanceDelta>();
  private readonly flows = new Map<string, FlowDelta>();
  private readonly months = new Map<string, MonthDelta>();

  constructor(private readonly decoder: EventDecoder) {}

  apply(decoded: DecodedEvent): void {
    const { event, account } = decoded;
    if (!account) return;
    // A request of an assignment holds nothing and changes no figure (its approval's BudgetAssigned does).
    if (isMovementRequestEvent(event) && !holdsMoney(event.data.movementKind)) return;
    const self = this.balance(account);
    self.lastPosition = decoded.position;
    const date = decoded.metadata.effectiveDate ?? decoded.recordedAtText.slice(0, 10);
    const month = effectiveMonthOf(date, decoded.recordedAt);
    switch (event.type) {
      case 'MovementRequested':
        // Held money is not available; the approval releases it and its debit, recorded beside it,
        // takes it out. The term figure is left alone: held money is still the account's to spend
        // when the term ends, and what it pays after that is carried-over capital.
        this.add(self, month, 'held_vnd', event.data.amountVnd);
        this.add(self, month, 'available_vnd', -event.data.amountVnd);
        return;
      case 'MovementApproved':
      case 'MovementRejected':
      case 'MovementRequestExpired':
        this.add(self, month, 'held_vnd', -event.data.amountVnd);
        this.add(self, month, 'available_vnd', event.data.amountVnd);
        return;
      case 'BudgetAssigned':
        this.add(self, month, 'assigned_vnd', event.data.amountVnd);
        this.add(self, month, 'received_vnd', event.data.amountVnd);
        this.addAvailable(self, month, date, event.data.amountVnd);
        this.received(self, date);
        return;
      case 'FundsReceived': {
        const amountVnd = event.data.amountVnd;
        this.add(self, month, 'received_vnd', amountVnd);
        this.addAvailable(self, month, date, amountVnd);
        this.add(self, month, 'in_transit_in_vnd', -amountVnd);
        if (event.data.transferKind === 'reallocation') this.add(self, month, 'reallocated_in_vnd', amountVnd);
        if (event.data.transferKind === 'return') this.add(self, month, 'returned_in_vnd', amountVnd);
        if (event.data.transferKind === 'handover') {
          this.add(self, month, 'handed_over_in_vnd', amountVnd);
          if (event.data.deadline !== undefined && event.data.deadline > self.deadline) self.deadline = event.data.deadline;
        }
        this.received(self, date);
        const from = this.decoder.account(event.data.fromAccountId);
        this.add(this.balance(from), month, 'in_transit_out_vnd', -amountVnd);
        this.flow(from, account, event.data.transferKind, 0).creditedVnd += amountVnd;
        this.flow(from, account, event.data.transferKind, month).creditedVnd += amountVnd;
        return;
      }
      case 'FundsAllocated':
      case 'FundsReallocated':
      case 'FundsReturned': {
        const amountVnd = event.data.amountVnd;
        const kind: TransferKind = event.type === 'FundsAllocated' ? 'allocation' : event.type === 'FundsReallocated' ? 'reallocation' : 'return';
        this.add(self, month, kind === 'allocation' ? 'allocated_out_vnd' : kind === 'reallocation' ? 'reallocated_out_vnd' : 'returned_vnd', amountVnd);
        this.addAvailable(self, month, date, -amountVnd);
        this.add(self, month, 'in_transit_out_vnd', amountVnd);
        this.outflow(self, date);
        const to = this.decoder.account(event.data.toAccountId);
        this.add(this.balance(to), month, 'in_transit_in_vnd', amountVnd);
        this.flow(account, to, kind, 0).debitedVnd += amountVnd;
        this.flow(account, to, kind, month).debitedVnd += amountVnd;
        return;
      }
      case 'FundsHandedOver': {
        const amountVnd = event.data.amountVnd;
        this.add(self, month, 'handed_over_out_vnd', amountVnd);
        this.addAvailable(self, month, date, -amountVnd);
        this.add(self, month, 'in_transit_out_vnd', amountVnd);
        this.outflow(self, date);
        const to = this.decoder.account(event.data.toAccountId);
        this.add(this.balance(to), month, 'in_transit_in_vnd', amountVnd);
        this.flow(account, to, 'handover', 0).debitedVnd += amountVnd;
        this.flow(account, to, 'handover', month).debitedVnd += amountVnd;
        return;
      }
      case 'FundsDisbursed':
        this.add(self, month, 'disbursed_vnd', event.data.amountVnd);
        this.addAvailable(self, month, date, -event.data.amountVnd);
        this.outflow(self, date);
        return;
      case 'DisbursementReversed':
        this.add(self, month, 'reversed_vnd', event.data.amountVnd);
        this.addAvailable(self, month, date, event.data.amountVnd);
        return;
      case 'DisbursementDeadlineExtended':
        if (event.data.newDeadline > self.deadline) self.deadline = event.data.newDeadline;
        return;
      default:
        return;
    }
  }

  async write(writer: BatchWriter): Promise<void> {
    const balanceRows: unknown[][] = [];
    for (const delta of this.balances.values()) {
      const { key, accountId } = delta.account;
      balanceRows.push([
        accountId,
        key.programCode,
        key.planYear,
        key.localityId,
        key.capitalType,
        key.budgetSource,
        key.componentCode,
        ...delta.amounts,
        delta.deadline,
        delta.lastPosition,
        delta.termAvailableVnd,
        delta.firstReceivedOn,
        delta.lastOutflowOn,
      ]);
    }
    // Before the balances are written: an account not stored yet adds one to its line's count.
    const storedIds = await this.storedAccountIds(writer);
    await writer.insert('locality_line_totals', lineTotalColumns, this.lineTotalRows(storedIds), { kind: 'merge', target: lineKeyColumns, merge: lineTotalMerge });
    await writer.insert('account_balances', balanceColumns, balanceRows, { kind: 'merge', target: ['account_id'], merge: balanceMerge });
    const monthRows: unknown[][] = [];
    for (const { key, month, amounts } of this.months.values()) monthRows.push([key.localityId, key.programCode, key.planYear, key.capitalType, key.budgetSource, month, ...amounts]);
    await writer.insert('locality_monthly_totals', monthTotalColumns, monthRows, { kind: 'merge', target: monthKeyColumns, merge: monthTotalMerge });
    const flowRows: unknown[][] = [];
    const monthFlowRows: unknown[][] = [];
    for (const flow of this.flows.values()) {
      const { key } = flow.from;
      const row = [key.programCode, key.planYear, key.capitalType, key.budgetSource, key.localityId, flow.toLocalityId, flow.kind, flow.debitedVnd, flow.creditedVnd];
      if (flow.month === 0) flowRows.push(row);
      else monthFlowRows.push([...row, flow.month]);
    }
    const flowMerge: Record<string, ColumnMerge> = { debited_vnd: 'add', credited_vnd: 'add' };
    await writer.insert('locality_flows', flowColumns, flowRows, { kind: 'merge', target: flowKey, merge: flowMerge });
    await writer.insert('locality_monthly_flows', monthFlowColumns, monthFlowRows, { kind: 'merge', target: monthFlowKey, merge: flowMerge });
  }

  /** Adds an amount to one of the account's running figures and to its line's figure for the month. */
  private add(delta: BalanceDelta, month: number, column: AmountColumn, amountVnd: bigint): void {
    const index = amountIndex[column];
    delta.amounts[index] += amountVnd;
    const { key } = delta.account;
    const monthId = `${key.localityId}|${key.programCode}|${key.planYear}|${key.capitalType}|${key.budgetSource}|${month}`;
    let line = this.months.get(monthId);
    if (!line) {
      line = { key, month, amounts: amountColumns.map(() => 0n) };
      this.months.set(monthId, line);
    }
    line.amounts[index] += amountVnd;
  }

  /** Available money, and — for events dated within the normal term — what the account held when that term ended. */
  private addAvailable(delta: BalanceDelta, month: number, date: string, amountVnd: bigint): void {
    this.add(delta, month, 'available_vnd', amountVnd);
    if (date <= delta.termEnd) delta.termAvailableVnd += amountVnd;
  }

  private received(delta: BalanceDelta, date: string): void {
    if (delta.firstReceivedOn === null || date < delta.firstReceivedOn) delta.firstReceivedOn = date;
  }

  private outflow(delta: BalanceDelta, date: string): void {
    if (delta.lastOutflowOn === null || date > delta.lastOutflowOn) delta.lastOutflowOn = date;
  }

  private balance(account: AccountRef): BalanceDelta {
    let delta = this.balances.get(account.accountId);
    if (!delta) {
      const termEnd = defaultDisbursementDeadline(account.key);
      delta = {
        account,
        amounts: amountColumns.map(() => 0n),
        deadline: termEnd,
        lastPosition: null,
        termEnd,
        termAvailableVnd: 0n,
        firstReceivedOn: null,
        lastOutflowOn: null,
      };
      this.balances.set(account.accountId, delta);
    }
    return delta;
  }

  private async storedAccountIds(writer: BatchWriter): Promise<Set<string>> {
    const accountIds = [...this.balances.keys()];
    const storedIds = new Set<string>();
    const table = writer.table('account_balances');
    for (let start = 0; start < accountIds.length; start += accountLookupCountMax) {
      const rows = await writer.db
        .selectFrom(table)
        .select('account_id')
        .where('account_id', 'in', accountIds.slice(start, start + accountLookupCountMax))
        .execute();
      for (const row of rows) storedIds.add(row.account_id);
    }
    return storedIds;
  }

  /** The batch's deltas summed per locality and funding line. */
  private lineTotalRows(storedIds: ReadonlySet<string>): unknown[][] {
    const lines = new Map<string, unknown[]>();
    for (const delta of this.balances.values()) {
      const { key, accountId } = delta.account;
      const lineId = `${key.localityId}|${key.programCode}|${key.planYear}|${key.capitalType}|${key.budgetSource}`;
      let line = lines.get(lineId);
      if (!line) {
        line = [key.localityId, key.programCode, key.planYear, key.capitalType, key.budgetSource, 0n, ...amountColumns.map(() => 0n)];
        lines.set(lineId, line);
      }
      if (!storedIds.has(accountId)) line[5] = (line[5] as bigint) + 1n;
      delta.amounts.forEach((amount, index) => (line[6 + index] = (line[6 + index] as bigint) + amount));
    }
    return [...lines.values()];
  }

  /**
   * Flows are keyed by the funding line (taken from the sender: both ends share it) and the two
   * localities; month 0 is the all-time row of `locality_flows`, any other the monthly row.
   */
  private flow(from: AccountRef, to: AccountRef, kind: TransferKind, month: number): FlowDelta {
    const { key } = from;
    const flowId = `${key.programCode}|${key.planYear}|${key.capitalType}|${key.budgetSource}|${key.localityId}|${to.key.localityId}|${kind}|${month}`;
    let flow = this.flows.get(flowId);
    if (!flow) {
      flow = { from, toLocalityId: to.key.localityId, kind, month, debitedVnd: 0n, creditedVnd: 0n };
      this.flows.set(flowId, flow);
    }
    return flow;
  }
}

export const balancesProjection: Projection = {
  name: 'balances',
  // 2: locality_line_totals. 3: hand-overs (handed_over_in_vnd, handed_over_out_vnd). 4: held_vnd,
  // and available less what pending movement requests hold. 5: the monthly totals and flows; per
  // account, what it held when its normal term ended and the dates of its first credit and last debit.
  schemaVersion: 6,
  tables: [accountBalancesTable, localityLineTotalsTable, localityFlowsTable, localityMonthlyTotalsTable, localityMonthlyFlowsTable],
  initialize: async () => undefined,
  startBatch: (decoder) => new BalancesBatch(decoder),
};
