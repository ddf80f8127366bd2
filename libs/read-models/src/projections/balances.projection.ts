import { defaultDisbursementDeadline, holdsMoney, isMovementRequestEvent, type TransferKind } from '@ledger/domain';
import type { TableDefinition } from '../schema/table-definition';
import type { ColumnMerge } from '../writing/bulk-writer';
import type { AccountRef, DecodedEvent, EventDecoder } from './decoded-event';
import type { BatchWriter, Projection, ProjectionBatch } from './projection';

/**
 * Balances: one row per account with its running figures; the same figures summed per locality
 * and funding line (with the number of accounts), so a roll-up reads a few rows per locality of
 * the subtree rather than every account in it; and the money flows between localities per
 * funding line that the roll-ups need to tell money received from outside a subtree from money
 * moved inside it.
 *
 * Every figure is a sum of event amounts (and the deadline only ever moves later), so the
 * effects of a batch are deltas that are added to the stored rows: the order in which batches
 * are cut does not change the result, which is what makes rebuilt and incremental tables equal.
 */

interface BalanceDelta {
  readonly account: AccountRef;
  assignedVnd: bigint;
  receivedVnd: bigint;
  reallocatedInVnd: bigint;
  returnedInVnd: bigint;
  allocatedOutVnd: bigint;
  reallocatedOutVnd: bigint;
  returnedVnd: bigint;
  disbursedVnd: bigint;
  reversedVnd: bigint;
  handedOverInVnd: bigint;
  handedOverOutVnd: bigint;
  availableVnd: bigint;
  inTransitInVnd: bigint;
  inTransitOutVnd: bigint;
  heldVnd: bigint;
  deadline: string;
  lastPosition: bigint | null;
}

interface FlowDelta {
  readonly from: AccountRef;
  readonly toLocalityId: string;
  readonly kind: TransferKind;
  debitedVnd: bigint;
  creditedVnd: bigint;
}

const balanceColumns = [
  'account_id',
  'program_code',
  'plan_year',
  'locality_id',
  'capital_type',
  'budget_source',
  'component_code',
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
  'disbursement_deadline',
  'last_position',
] as const;

const amountColumns = balanceColumns.filter((column) => column.endsWith('_vnd'));

/** A delta's amounts in `amountColumns` order, for the account row and its line's totals alike. */
function amountsOf(delta: BalanceDelta): bigint[] {
  return [
    delta.assignedVnd,
    delta.receivedVnd,
    delta.reallocatedInVnd,
    delta.returnedInVnd,
    delta.allocatedOutVnd,
    delta.reallocatedOutVnd,
    delta.returnedVnd,
    delta.disbursedVnd,
    delta.reversedVnd,
    delta.handedOverInVnd,
    delta.handedOverOutVnd,
    delta.availableVnd,
    delta.inTransitInVnd,
    delta.inTransitOutVnd,
    delta.heldVnd,
  ];
}
const balanceMerge: Record<string, ColumnMerge> = {
  ...Object.fromEntries(amountColumns.map((column) => [column, 'add' as const])),
  disbursement_deadline: 'max-text',
  last_position: 'coalesce-new',
};

const lineKeyColumns = ['locality_id', 'program_code', 'plan_year', 'capital_type', 'budget_source'] as const;
const lineTotalColumns = [...lineKeyColumns, 'account_count', ...amountColumns] as const;
const lineTotalMerge: Record<string, ColumnMerge> = Object.fromEntries(['account_count', ...amountColumns].map((column) => [column, 'add' as const]));
/** Account ids per query when asking which accounts of a batch are already stored. */
const accountLookupCountMax = 500;

const flowColumns = ['program_code', 'plan_year', 'capital_type', 'budget_source', 'from_locality_id', 'to_locality_id', 'transfer_kind', 'debited_vnd', 'credited_vnd'] as const;
/**
 * The key leads with the destination: roll-ups find flows through the localities of a subtree, and
 * a key led by the funding line would tempt the planner to scan that line's flows nationwide.
 */
const flowKey = ['to_locality_id', 'from_locality_id', 'transfer_kind', 'program_code', 'plan_year', 'capital_type', 'budget_source'];

export const accountBalancesTable: TableDefinition = {
  name: 'account_balances',
  create: (db, name, context) => {
    let table = db.schema
      .createTable(name)
      .addColumn('account_id', 'text', (column) => column.notNull())
      .addColumn('program_code', 'text', (column) => column.notNull())
      .addColumn('plan_year', 'integer', (column) => column.notNull())
      .addColumn('locality_id', 'text', (column) => column.notNull())
      .addColumn('capital_type', 'text', (column) => column.notNull())
      .addColumn('budget_source', 'text', (column) => column.notNull())
      .addColumn('component_code', 'text');
    for (const column of amountColumns) table = table.addColumn(column, 'bigint', (definition) => definition.notNull());
    return table
      .addColumn('disbursement_deadline', 'text', (column) => column.notNull())
      .addColumn('last_position', 'bigint')
      .addPrimaryKeyConstraint(context.primaryKey, ['account_id'] as never);
  },
  // Roll-ups reach an account through its locality (closure table → locality index), also when
  // they filter by program: an index led by the program would tempt the planner to scan the
  // whole country's accounts of that program instead.
  indexes: [{ name: 'account_balances_by_locality', columns: ['locality_id', 'program_code', 'plan_year'] }],
};

export const localityLineTotalsTable: TableDefinition = {
  name: 'locality_line_totals',
  create: (db, name, context) => {
    let table = db.schema
      .createTable(name)
      .addColumn('locality_id', 'text', (column) => column.notNull())
      .addColumn('program_code', 'text', (column) => column.notNull())
      .addColumn('plan_year', 'integer', (column) => column.notNull())
      .addColumn('capital_type', 'text', (column) => column.notNull())
      .addColumn('budget_source', 'text', (column) => column.notNull())
      .addColumn('account_count', 'bigint', (column) => column.notNull());
    for (const column of amountColumns) table = table.addColumn(column, 'bigint', (definition) => definition.notNull());
    // Led by the locality: a roll-up reads the rows of each locality of the subtree.
    return table.addPrimaryKeyConstraint(context.primaryKey, [...lineKeyColumns] as never);
  },
  indexes: [],
};

export const localityFlowsTable: TableDefinition = {
  name: 'locality_flows',
  create: (db, name, context) =>
    db.schema
      .createTable(name)
      .addColumn('program_code', 'text', (column) => column.notNull())
      .addColumn('plan_year', 'integer', (column) => column.notNull())
      .addColumn('capital_type', 'text', (column) => column.notNull())
      .addColumn('budget_source', 'text', (column) => column.notNull())
      .addColumn('from_locality_id', 'text', (column) => column.notNull())
      .addColumn('to_locality_id', 'text', (column) => column.notNull())
      .addColumn('transfer_kind', 'text', (column) => column.notNull())
      .addColumn('debited_vnd', 'bigint', (column) => column.notNull())
      .addColumn('credited_vnd', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint(context.primaryKey, flowKey as never),
  indexes: [{ name: 'locality_flows_by_source', columns: ['from_locality_id', 'to_locality_id'] }],
};

class BalancesBatch implements ProjectionBatch {
  private readonly balances = new Map<string, BalanceDelta>();
  private readonly flows = new Map<string, FlowDelta>();

  constructor(private readonly decoder: EventDecoder) {}

  apply(decoded: DecodedEvent): void {
    const { event, account } = decoded;
    if (!account) return;
    // A request of an assignment holds nothing and changes no figure (its approval's BudgetAssigned does).
    if (isMovementRequestEvent(event) && !holdsMoney(event.data.movementKind)) return;
    const self = this.balance(account);
    self.lastPosition = decoded.position;
    switch (event.type) {
      case 'MovementRequested':
        // Held money is not available; the approval releases it and its debit, recorded beside it, takes it out.
        self.heldVnd += event.data.amountVnd;
        self.availableVnd -= event.data.amountVnd;
        return;
      case 'MovementApproved':
      case 'MovementRejected':
      case 'MovementRequestExpired':
        self.heldVnd -= event.data.amountVnd;
        self.availableVnd += event.data.amountVnd;
        return;
      case 'BudgetAssigned':
        self.assignedVnd += event.data.amountVnd;
        self.receivedVnd += event.data.amountVnd;
        self.availableVnd += event.data.amountVnd;
        return;
      case 'FundsReceived': {
        const amountVnd = event.data.amountVnd;
        self.receivedVnd += amountVnd;
        self.availableVnd += amountVnd;
        self.inTransitInVnd -= amountVnd;
        if (event.data.transferKind === 'reallocation') self.reallocatedInVnd += amountVnd;
        if (event.data.transferKind === 'return') self.returnedInVnd += amountVnd;
        if (event.data.transferKind === 'handover') {
          self.handedOverInVnd += amountVnd;
          if (event.data.deadline !== undefined && event.data.deadline > self.deadline) self.deadline = event.data.deadline;
        }
        const from = this.decoder.account(event.data.fromAccountId);
        this.balance(from).inTransitOutVnd -= amountVnd;
        this.flow(from, account, event.data.transferKind).creditedVnd += amountVnd;
        return;
      }
      case 'FundsAllocated':
      case 'FundsReallocated':
      case 'FundsReturned': {
        const amountVnd = event.data.amountVnd;
        const kind: TransferKind = event.type === 'FundsAllocated' ? 'allocation' : event.type === 'FundsReallocated' ? 'reallocation' : 'return';
        if (kind === 'allocation') self.allocatedOutVnd += amountVnd;
        else if (kind === 'reallocation') self.reallocatedOutVnd += amountVnd;
        else self.returnedVnd += amountVnd;
        self.availableVnd -= amountVnd;
        self.inTransitOutVnd += amountVnd;
        const to = this.decoder.account(event.data.toAccountId);
        this.balance(to).inTransitInVnd += amountVnd;
        this.flow(account, to, kind).debitedVnd += amountVnd;
        return;
      }
      case 'FundsHandedOver': {
        const amountVnd = event.data.amountVnd;
        self.handedOverOutVnd += amountVnd;
        self.availableVnd -= amountVnd;
        self.inTransitOutVnd += amountVnd;
        const to = this.decoder.account(event.data.toAccountId);
        this.balance(to).inTransitInVnd += amountVnd;
        this.flow(account, to, 'handover').debitedVnd += amountVnd;
        return;
      }
      case 'FundsDisbursed':
        self.disbursedVnd += event.data.amountVnd;
        self.availableVnd -= event.data.amountVnd;
        return;
      case 'DisbursementReversed':
        self.reversedVnd += event.data.amountVnd;
        self.availableVnd += event.data.amountVnd;
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
        ...amountsOf(delta),
        delta.deadline,
        delta.lastPosition,
      ]);
    }
    // Before the balances are written: an account not stored yet adds one to its line's count.
    const stored = await this.storedAccountIds(writer);
    await writer.insert('locality_line_totals', lineTotalColumns, this.lineTotalRows(stored), { kind: 'merge', target: lineKeyColumns, merge: lineTotalMerge });
    await writer.insert('account_balances', balanceColumns, balanceRows, { kind: 'merge', target: ['account_id'], merge: balanceMerge });
    const flowRows: unknown[][] = [];
    for (const flow of this.flows.values()) {
      const { key } = flow.from;
      flowRows.push([key.programCode, key.planYear, key.capitalType, key.budgetSource, key.localityId, flow.toLocalityId, flow.kind, flow.debitedVnd, flow.creditedVnd]);
    }
    await writer.insert('locality_flows', flowColumns, flowRows, {
      kind: 'merge',
      target: flowKey,
      merge: { debited_vnd: 'add', credited_vnd: 'add' },
    });
  }

  private balance(account: AccountRef): BalanceDelta {
    let delta = this.balances.get(account.accountId);
    if (!delta) {
      delta = {
        account,
        assignedVnd: 0n,
        receivedVnd: 0n,
        reallocatedInVnd: 0n,
        returnedInVnd: 0n,
        allocatedOutVnd: 0n,
        reallocatedOutVnd: 0n,
        returnedVnd: 0n,
        disbursedVnd: 0n,
        reversedVnd: 0n,
        handedOverInVnd: 0n,
        handedOverOutVnd: 0n,
        availableVnd: 0n,
        inTransitInVnd: 0n,
        inTransitOutVnd: 0n,
        heldVnd: 0n,
        deadline: defaultDisbursementDeadline(account.key),
        lastPosition: null,
      };
      this.balances.set(account.accountId, delta);
    }
    return delta;
  }

  private async storedAccountIds(writer: BatchWriter): Promise<Set<string>> {
    const accountIds = [...this.balances.keys()];
    const stored = new Set<string>();
    const table = writer.table('account_balances');
    for (let start = 0; start < accountIds.length; start += accountLookupCountMax) {
      const rows = await writer.db
        .selectFrom(table)
        .select('account_id')
        .where('account_id', 'in', accountIds.slice(start, start + accountLookupCountMax))
        .execute();
      for (const row of rows) stored.add(row.account_id);
    }
    return stored;
  }

  /** The batch's deltas summed per locality and funding line. */
  private lineTotalRows(stored: ReadonlySet<string>): unknown[][] {
    const lines = new Map<string, unknown[]>();
    for (const delta of this.balances.values()) {
      const { key, accountId } = delta.account;
      const lineId = `${key.localityId}|${key.programCode}|${key.planYear}|${key.capitalType}|${key.budgetSource}`;
      let line = lines.get(lineId);
      if (!line) {
        line = [key.localityId, key.programCode, key.planYear, key.capitalType, key.budgetSource, 0n, ...amountColumns.map(() => 0n)];
        lines.set(lineId, line);
      }
      if (!stored.has(accountId)) line[5] = (line[5] as bigint) + 1n;
      amountsOf(delta).forEach((amount, index) => (line[6 + index] = (line[6 + index] as bigint) + amount));
    }
    return [...lines.values()];
  }

  /** Flows are keyed by the funding line (taken from the sender: both ends share it) and the two localities. */
  private flow(from: AccountRef, to: AccountRef, kind: TransferKind): FlowDelta {
    const { key } = from;
    const flowId = `${key.programCode}|${key.planYear}|${key.capitalType}|${key.budgetSource}|${key.localityId}|${to.key.localityId}|${kind}`;
    let flow = this.flows.get(flowId);
    if (!flow) {
      flow = { from, toLocalityId: to.key.localityId, kind, debitedVnd: 0n, creditedVnd: 0n };
      this.flows.set(flowId, flow);
    }
    return flow;
  }
}

export const balancesProjection: Projection = {
  name: 'balances',
  // 2: locality_line_totals. 3: hand-overs (handed_over_in_vnd, handed_over_out_vnd). 4: held_vnd,
  // and available less what pending movement requests hold.
  schemaVersion: 4,
  tables: [accountBalancesTable, localityLineTotalsTable, localityFlowsTable],
  initialize: async () => undefined,
  startBatch: (decoder) => new BalancesBatch(decoder),
};
