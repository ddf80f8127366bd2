import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type CommandOutcome = 'accepted' | 'duplicate' | 'refused' | 'conflict' | 'invalid' | 'error';

/**
 * The ledger's Prometheus metrics, on a registry of its own (not prom-client's global one), so
 * several apps in one test process never collide.
 */
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly commands: Counter<'command' | 'outcome'>;
  readonly commandDuration: Histogram<'command' | 'outcome'>;
  readonly appendDuration: Histogram<'outcome'>;
  readonly eventsAppended: Counter;
  readonly projectionPosition: Gauge<'projection'>;
  readonly projectionLag: Gauge<'projection'>;
  readonly projectionEventsParked: Gauge<'projection'>;
  readonly transfersInFlight: Gauge;
  readonly transferCreditsParked: Gauge;
  readonly auditDigests: Counter<'outcome'>;
  readonly auditDigestLastPosition: Gauge;
  readonly auditDigestLastCreated: Gauge;
  readonly auditDigestConsecutiveFailures: Gauge;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_process_' });
    this.commands = new Counter({
      name: 'ledger_commands_total',
      help: 'Commands handled, by command and outcome',
      labelNames: ['command', 'outcome'],
      registers: [this.registry],
    });
    this.commandDuration = new Histogram({
      name: 'ledger_command_duration_seconds',
      help: 'Time to decide and durably record a command, by command and outcome',
      labelNames: ['command', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [this.registry],
    });
    this.appendDuration = new Histogram({
      name: 'ledger_event_store_append_duration_seconds',
      help: 'Time from an append request to its durable commit, by outcome',
      labelNames: ['outcome'],
      buckets: [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [this.registry],
    });
    this.eventsAppended = new Counter({ name: 'ledger_events_appended_total', help: 'Events appended to the store', registers: [this.registry] });
    const perProjection = (name: string, help: string) => new Gauge({ name, help, labelNames: ['projection'], registers: [this.registry] });
    this.projectionPosition = perProjection('ledger_projection_position', 'Global position each projection or subscriber has fully processed');
    this.projectionLag = perProjection('ledger_projection_lag_events', 'Events stored but not yet processed, per projection or subscriber');
    this.projectionEventsParked = perProjection(
      'ledger_projection_events_parked',
      'Events a projection could not apply and stepped over; its figures lack them until a rebuild applies them (GET /v1/admin/projections)',
    );
    this.transfersInFlight = new Gauge({
      name: 'ledger_process_manager_transfers_in_flight',
      help: 'Transfers whose debit the process manager has read and whose credit it is recording',
      registers: [this.registry],
    });
    this.transferCreditsParked = new Gauge({
      name: 'ledger_transfer_credits_parked',
      help: 'Transfer credits that could not be applied and wait for an operator (GET /v1/admin/transfers/parked-credits)',
      registers: [this.registry],
    });
    this.auditDigests = new Counter({
      name: 'ledger_audit_digests_total',
      help: 'Ticks of the digest schedule in this process, by outcome: made, skipped (nothing appended since the last digest) or failed',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.auditDigestLastPosition = new Gauge({ name: 'ledger_audit_digest_last_position', help: 'Position of the last recorded digest; -1 when none is', registers: [this.registry] });
    this.auditDigestLastCreated = new Gauge({ name: 'ledger_audit_digest_last_created_timestamp_seconds', help: 'When the last recorded digest was made, in Unix seconds; 0 when none is', registers: [this.registry] });
    this.auditDigestConsecutiveFailures = new Gauge({
      name: 'ledger_audit_digest_consecutive_failures',
      help: 'Ticks of the digest schedule that failed since the last that made or skipped a digest (GET /health/ready names the cause)',
      registers: [this.registry],
    });
  }

  /** Times a command and counts it by outcome; the outcome is derived from how it ended. */
  async observeCommand<T>(command: string, work: () => Promise<T>, outcomeOf: (result: T) => CommandOutcome, outcomeOfError: (error: unknown) => CommandOutcome): Promise<T> {
    const stopTimer = this.commandDuration.startTimer({ command });
    try {
      const result = await work();
      const outcome = outcomeOf(result);
      stopTimer({ outcome });
      this.commands.inc({ command, outcome });
      return result;
    } catch (error) {
      const outcome = outcomeOfError(error);
      stopTimer({ outcome });
      this.commands.inc({ command, outcome });
      throw error;
    }
  }
}

export const LEDGER_METRICS = Symbol('LEDGER_METRICS');
