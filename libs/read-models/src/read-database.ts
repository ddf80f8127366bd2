import type { ColumnType } from 'kysely';
import type { Int64Value } from './int64';

/**
 * The read store's tables as Kysely sees them. Column names are snake_case SQL names so that
 * reporting services querying the store directly see plain, stable names. 64-bit columns read back
 * as `Int64Value` (the driver's shape) and are decoded with `int64()`; they are written as `bigint`.
 */
export type Int64Column = ColumnType<Int64Value, bigint, bigint>;
/** A 64-bit column with a default in SQL: rows written by hand (tests, tools) may leave it out. */
export type DefaultedInt64Column = ColumnType<Int64Value, bigint | undefined, bigint>;
export type NullableInt64Column = ColumnType<Int64Value | null, bigint | null, bigint | null>;
/** Small integers (plan years, depths) are still declared 64-bit in SQL; the codec reads them back. */
export type IntegerColumn = ColumnType<Int64Value, number, number>;

export interface ProjectionCheckpointTable {
  projection_name: string;
  /** The last event position whose effects are in the projection's tables; -1 before the first. */
  position: Int64Column;
  updated_at: string;
}

/**
 * An event a projection could not apply and stepped over, so that one event never stops it: the
 * checkpoint moved past it in the same transaction as this row was written. The projection's
 * figures lack the event's effects until a rebuild applies it.
 */
export interface ProjectionParkedEventTable {
  /** The checkpoint the event was parked under: a live projection's name, or a rebuild's (`rebuild:{name}`). */
  projection_name: string;
  position: Int64Column;
  event_id: string;
  event_type: string;
  /** Why, as a stable code (`ParkedEventCode`); the error's own text is only logged. */
  code: string;
  parked_at: string;
}

export interface ProjectionGenerationTable {
  projection_name: string;
  /** Counts the rebuilds that were switched in; names the indexes of the tables built by the next one. */
  generation: IntegerColumn;
  /** The projection's `schemaVersion` its live tables were built with. */
  schema_version: IntegerColumn;
  rebuilt_at: string | null;
}

export interface ProjectionRebuildTable {
  job_id: string;
  /** Comma-separated projection names. */
  projections: string;
  status: string;
  phase: string;
  generation: IntegerColumn;
  position: Int64Column;
  head_at_start: Int64Column;
  events_processed: Int64Column;
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface LocalityTable {
  locality_id: string;
  code: string;
  name: string;
  level: string;
  parent_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

export interface LocalityClosureTable {
  ancestor_id: string;
  descendant_id: string;
  /** 0 for the locality itself, 1 for its parent, and so on. */
  depth: IntegerColumn;
}

export interface LocalitySuccessionTable {
  predecessor_id: string;
  successor_id: string;
  /** `whole`, `part`, `renamed` or `unchanged`. */
  kind: string;
  /** The official note of the conversion table; null for successions derived from the units below. */
  note: string | null;
}

export interface ProgramTable {
  program_code: string;
  name: string;
  decision_ref: string;
  plan_year_from: IntegerColumn;
  plan_year_to: IntegerColumn;
}

export interface ProgramComponentTable {
  program_code: string;
  component_code: string;
  name: string;
  /** Null: the program's own bound. */
  plan_year_from: ColumnType<Int64Value | null, number | null, number | null>;
  plan_year_to: ColumnType<Int64Value | null, number | null, number | null>;
}

export interface ProgramSuccessionTable {
  predecessor_code: string;
  successor_code: string;
}

/** An account's funding line (its key but for the locality and the component), as the tables that carry it name its parts. */
export interface FundingLineColumns {
  program_code: string;
  plan_year: IntegerColumn;
  capital_type: string;
  budget_source: string;
}

/** A funding line in one locality: the key the line totals are summed by. */
export interface LocalityLineKey extends FundingLineColumns {
  locality_id: string;
}

/** The running amounts of an account, and their sums per locality and funding line (and month). */
export interface RunningAmounts {
  assigned_vnd: Int64Column;
  received_vnd: Int64Column;
  reallocated_in_vnd: Int64Column;
  returned_in_vnd: Int64Column;
  allocated_out_vnd: Int64Column;
  reallocated_out_vnd: Int64Column;
  returned_vnd: Int64Column;
  disbursed_vnd: Int64Column;
  reversed_vnd: Int64Column;
  available_vnd: Int64Column;
  handed_over_in_vnd: Int64Column;
  handed_over_out_vnd: Int64Column;
  in_transit_in_vnd: Int64Column;
  in_transit_out_vnd: Int64Column;
  held_vnd: Int64Column;
}

export interface AccountBalanceTable extends LocalityLineKey, RunningAmounts {
  account_id: string;
  component_code: string | null;
  disbursement_deadline: string;
  last_position: NullableInt64Column;
  /** What events dated on or before the account's normal deadline did to `available_vnd`: what it held when the normal term ended. */
  term_available_vnd: DefaultedInt64Column;
  /** Effective date of the account's first credit (assignment or transfer in). */
  first_received_on: string | null;
  /** Effective date of the account's last debit (allocation, reallocation, return or disbursement). */
  last_outflow_on: string | null;
}

/** Per locality and funding line: the sums of its accounts' figures, so roll-ups read a few rows per locality. */
export interface LocalityLineTotalTable extends LocalityLineKey, RunningAmounts {
  account_count: Int64Column;
}

export interface LocalityFlowTable extends FundingLineColumns {
  from_locality_id: string;
  to_locality_id: string;
  transfer_kind: string;
  debited_vnd: Int64Column;
  credited_vnd: Int64Column;
}

/** Per locality, funding line and month of effective date: what that month's events did to the line's totals (deltas, not running sums). */
export interface LocalityMonthlyTotalTable extends LocalityLineKey, RunningAmounts {
  /** The month of the events' effective date as a number, year × 100 + month: 202404 is April 2024. */
  effective_month: IntegerColumn;
}

/** `locality_flows` per month of effective date. */
export interface LocalityMonthlyFlowTable extends LocalityFlowTable {
  effective_month: IntegerColumn;
}

export interface AuditEventTable {
  position: Int64Column;
  event_id: string;
  event_type: string;
  stream_id: string;
  program_code: string | null;
  locality_id: string | null;
  amount_vnd: NullableInt64Column;
  counterparty_account_id: string | null;
  transfer_id: string | null;
  transfer_kind: string | null;
  disbursement_id: string | null;
  voucher_ref: string | null;
  disbursed_on: string | null;
  reason: string | null;
  actor_id: string | null;
  actor_role: string | null;
  actor_jurisdiction: string | null;
  decision_ref: string | null;
  effective_date: string | null;
  recorded_at: string;
  command_id: string | null;
  details: string | null;
}

export interface TransferTable extends FundingLineColumns {
  transfer_id: string;
  transfer_kind: string;
  from_account_id: string;
  to_account_id: string;
  from_locality_id: string;
  to_locality_id: string;
  amount_vnd: Int64Column;
  decision_ref: string | null;
  debit_position: NullableInt64Column;
  debit_recorded_at: string | null;
  credit_position: NullableInt64Column;
  credit_recorded_at: string | null;
  state: string;
}

/** One movement request under four-eyes, pending or closed. */
export interface ApprovalRequestTable extends FundingLineColumns {
  request_id: string;
  account_id: string;
  locality_id: string;
  component_code: string | null;
  movement_kind: string;
  to_account_id: string | null;
  to_locality_id: string | null;
  amount_vnd: Int64Column;
  threshold_vnd: Int64Column;
  reason: string | null;
  requested_by: string;
  requester_jurisdiction: string | null;
  command_id: string | null;
  decision_ref: string | null;
  effective_date: string | null;
  expires_at: string;
  requested_position: Int64Column;
  requested_at: string;
  /** As recorded: `pending` until an event closes it (a pending row past `expires_at` is expired to every reader). */
  state: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_position: NullableInt64Column;
  rejection_reason: string | null;
  transfer_id: string | null;
}

/** How far the account history has folded one account stream (see account-history.projection.ts). */
export interface AccountHistoryStreamTable {
  stream_id: string;
  event_count: Int64Column;
  last_event_id: string;
  last_position: Int64Column;
  last_recorded_at_ms: Int64Column;
  /** The latest effective date among the stream's events so far. */
  latest_effective_date: string;
  /** 1 while every store time of the stream is at or after the one before. */
  ordered: IntegerColumn;
  /** 0 once an event was stepped over: the stream is then answered from its events alone. */
  usable: IntegerColumn;
  /** The current scalars and counts (JSON; amounts as decimal strings). */
  state: string;
}

/** The state after the event at `revision`: its scalars and counts (JSON); its collections are in `account_history_entries`. */
export interface AccountHistorySnapshotTable {
  stream_id: string;
  revision: Int64Column;
  event_id: string;
  position: Int64Column;
  recorded_at_ms: Int64Column;
  /** The latest effective date among the events up to this one. */
  latest_effective_date: string;
  state: string;
}

/** A version of one entry of a collection of the state (`{collection}:{key}`), written by the event at `revision`. */
export interface AccountHistoryEntryTable {
  stream_id: string;
  entry_key: string;
  revision: Int64Column;
  /** The entry's value; null where the collection no longer holds it. */
  value: string | null;
}

/** An event dated before an earlier event of its stream, with its content (JSON, as stored). */
export interface AccountHistoryExceptionTable {
  stream_id: string;
  revision: Int64Column;
  event_id: string;
  event_type: string;
  position: Int64Column;
  recorded_at_ms: Int64Column;
  effective_date: string;
  late_entry: IntegerColumn;
  schema_version: IntegerColumn;
  data: string;
}

export interface ReadDatabase {
  projection_checkpoints: ProjectionCheckpointTable;
  projection_parked_events: ProjectionParkedEventTable;
  projection_generations: ProjectionGenerationTable;
  projection_rebuilds: ProjectionRebuildTable;
  localities: LocalityTable;
  locality_closure: LocalityClosureTable;
  locality_successions: LocalitySuccessionTable;
  programs: ProgramTable;
  program_components: ProgramComponentTable;
  program_successions: ProgramSuccessionTable;
  account_balances: AccountBalanceTable;
  locality_flows: LocalityFlowTable;
  locality_line_totals: LocalityLineTotalTable;
  locality_monthly_totals: LocalityMonthlyTotalTable;
  locality_monthly_flows: LocalityMonthlyFlowTable;
  audit_events: AuditEventTable;
  transfers: TransferTable;
  approval_requests: ApprovalRequestTable;
  account_history_streams: AccountHistoryStreamTable;
  account_history_snapshots: AccountHistorySnapshotTable;
  account_history_entries: AccountHistoryEntryTable;
  account_history_exceptions: AccountHistoryExceptionTable;
}

export type ReadTableName = keyof ReadDatabase;
