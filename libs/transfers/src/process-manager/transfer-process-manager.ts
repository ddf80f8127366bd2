import { Logger } from '@nestjs/common';
import { decodeEvent, parseAccountId, transferDebitEventTypes, transferKindOf, type AccountCommand, type TransferDebitEvent } from '@ledger/domain';
import { CommandIdConflictError, InvalidAppendError, parkedListCountMax, type CheckpointStore, type EventStore, type ParkedEvent, type RecordedEvent, type Subscription } from '@ledger/event-store';
import { CommandRefusedError, invariant, ledgerCommandId, stopOnInvariantViolation, type Clock } from '@ledger/commands';
import type { Projector } from '@ledger/read-models';
import type { AccountRepository, CommandResult } from '@ledger/accounts';

export const transferProcessManagerName = 'transfer-process-manager';
/** Credits in flight at once; credits to one destination still apply in order (the repository queues them per stream). */
export const creditsInFlightMax = 256;
/** How often a moved checkpoint is saved. Credits are idempotent, so a checkpoint a little behind only costs re-reading. */
export const checkpointSaveIntervalMs = 200;
/** Attempts at one credit when the store fails, with doubling back-off from `creditRetryDelayMs`. */
export const creditAttemptsMax = 8;
export const creditRetryDelayMs = 50;

/**
 * The first transfer debit stored after `position`. Reads start at a position the store gave out
 * (on EventStoreDB positions are log offsets, and `position + 1` is not a place to start).
 */
export async function firstDebitAfter(store: EventStore, position: bigint): Promise<RecordedEvent | undefined> {
  const filter = { eventTypes: transferDebitEventTypes };
  if (position < 0n) return (await store.readAll({ maxCount: 1, filter }))[0];
  const [first, second] = await store.readAll({ fromPosition: position, maxCount: 2, filter });
  return first && first.position > position ? first : second;
}

/** Why a credit was parked. Only a store failure may pass by itself; the others need an operator. */
export type ParkedCreditCode = 'CREDIT_REFUSED' | 'CREDIT_COMMAND_ID_TAKEN' | 'DEBIT_UNREADABLE' | 'CREDIT_INVALID' | 'CREDIT_STORE_ERROR';

/** How often credits parked by a store failure are tried again without an operator. */
export const parkedCreditRetryIntervalMs = 60_000;
/** Longest wait between attempts at parking a credit while the checkpoint store itself fails. */
export const parkRetryDelayMsMax = 5_000;

/** The outcome of an operator's retry of a parked credit. */
export type ParkedCreditRetry =
  | { readonly outcome: 'credited'; readonly result: CommandResult }
  | { readonly outcome: 'still-parked'; readonly parked: ParkedEvent }
  | { readonly outcome: 'not-parked' };

/** A credit that cannot be applied, with the code and words an operator reads. */
class CreditFailure extends Error {
  override readonly name = 'CreditFailure';
  constructor(
    readonly code: ParkedCreditCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Sorts a failed credit: a refusal or a broken debit fails every time; anything else may be the store. */
function creditFailureOf(error: unknown): CreditFailure {
  if (error instanceof CreditFailure) return error;
  if (error instanceof CommandRefusedError) return new CreditFailure('CREDIT_REFUSED', `the destination refused the credit: ${error.refusal.code} ${error.refusal.message}`);
  if (error instanceof CommandIdConflictError) return new CreditFailure('CREDIT_COMMAND_ID_TAKEN', `command id ${error.commandId} is already recorded for another command`);
  if (error instanceof InvalidAppendError) return new CreditFailure('CREDIT_INVALID', `the store refused the credit as malformed: ${error.message}`);
  return new CreditFailure('CREDIT_STORE_ERROR', 'the event store failed while recording the credit (the log has the error)');
}

function isRetriedAlone(failure: CreditFailure): boolean {
  return failure.code === 'CREDIT_STORE_ERROR';
}

export interface TransferProcessManagerOptions {
  /** The first back-off after a store failure (tests shorten it). */
  readonly creditRetryDelayMs?: number;
}

interface InFlightCredit {
  readonly position: bigint;
  /** Credited or parked: the checkpoint may move past it. */
  settled: boolean;
  done: Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Completes transfers. Each debit (`FundsAllocated`, `FundsReallocated`, `FundsReturned`) is
 * answered by one `FundsReceived` in the destination. The credit is appended with the command id
 * `ledger/transfer-credit/{transferId}` — outside the ids clients may choose — which the store
 * records atomically with the event, so a credit re-driven after a crash (checkpoint not yet
 * saved) is recognised and never applied twice; the destination's own fold of received transfers
 * is a second line of defence.
 *
 * No single debit can stop it: a credit that cannot be applied is parked in the checkpoint store
 * with its reason (before the checkpoint moves past it) and the others go on. Parked credits show
 * in health and metrics, are listed for operators, and are tried again on request
 * (`retryParked`); those parked by a store failure are also tried again on a timer.
 */
export class TransferProcessManager implements Projector {
  private readonly logger = new Logger('TransferProcessManager');
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private completedPosition: bigint | undefined;
  private savedPosition: bigint | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private parkedRetryTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<{ resolve: () => void }>();
  private stopping = false;
  private inFlight = 0;
  /** Transfers parked when last seen, so that one credited when re-driven leaves the list. */
  private readonly parkedKeys = new Set<string>();
  private failure: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly options: TransferProcessManagerOptions = {},
  ) {}

  private get creditRetryDelayMs(): number {
    return this.options.creditRetryDelayMs ?? creditRetryDelayMs;
  }

  /** Running, stopped, or failed with the reason (it then needs a restart). */
  get status(): { readonly running: boolean; readonly failure: string | null; readonly inFlight: number } {
    return { running: this.loop !== undefined && !this.stopping && this.failure === undefined, failure: this.failure ?? null, inFlight: this.inFlight };
  }

  /** Position of the last debit whose credit is recorded or parked (and of every debit before it). */
  get position(): bigint | undefined {
    return this.completedPosition;
  }

  async start(): Promise<void> {
    // Started again after a stop (a worker that lost the projector lease and got it back).
    this.stopping = false;
    const checkpoint = await this.checkpoints.load(transferProcessManagerName);
    this.completedPosition = checkpoint;
    this.savedPosition = checkpoint;
    await this.loadParkedKeys();
    this.subscription = this.store.subscribeToAll({ afterPosition: checkpoint, filter: { eventTypes: transferDebitEventTypes } });
    this.saveTimer = setInterval(() => void this.saveCheckpoint(), checkpointSaveIntervalMs);
    this.saveTimer.unref();
    this.parkedRetryTimer = setInterval(() => void this.retryParkedStoreFailures(), parkedCreditRetryIntervalMs);
    this.parkedRetryTimer.unref();
    this.failure = undefined;
    this.loop = this.run(this.subscription).catch((error: unknown) => {
      this.failure = error instanceof Error ? error.message : String(error);
      this.logger.error(`stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      // A broken invariant is a bug: the process stops rather than credit on from a state it cannot trust.
      stopOnInvariantViolation(error);
    });
  }

  /** Finishes the credits in flight, saves the checkpoint and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.saveTimer) clearInterval(this.saveTimer);
    if (this.parkedRetryTimer) clearInterval(this.parkedRetryTimer);
    await this.subscription?.close();
    await this.loop;
    await this.saveCheckpoint();
  }

  /**
   * Resolves once every debit up to `position` has its credit (or is parked), or rejects after
   * `timeoutMs`. A position that is not itself a debit (a disbursement, say) is reached as soon
   * as no debit at or before it is still waiting for its credit.
   */
  async waitFor(position: bigint, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const completed = this.completedPosition ?? -1n;
      if (completed >= position) return;
      const nextDebit = await firstDebitAfter(this.store, completed);
      if (!nextDebit || nextDebit.position > position) return;
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new Error(`transfers not completed up to position ${position.toString()} within ${timeoutMs} ms`);
      await this.nextAdvance(Math.min(remainingMs, checkpointSaveIntervalMs));
    }
  }

  /** Credits parked so far, in the order of their debits. */
  listParked(options: { readonly afterPosition?: bigint; readonly limit?: number } = {}): Promise<ParkedEvent[]> {
    return this.checkpoints.listParked(transferProcessManagerName, options);
  }

  countParked(): Promise<number> {
    return this.checkpoints.countParked(transferProcessManagerName);
  }

  /**
   * Tries a parked credit once more: credited, it leaves the list; refused again, it stays with
   * the new reason. Any process may do this, with or without the process manager running in
   * it: the credit's command id makes a second recording of it impossible.
   */
  async retryParked(transferId: string): Promise<ParkedCreditRetry> {
    const parked = await this.checkpoints.findParked(transferProcessManagerName, transferId);
    if (!parked) return { outcome: 'not-parked' };
    try {
      const debit = await this.debitAt(parked.position, transferId);
      const result = await this.credit(debit);
      await this.checkpoints.unpark(transferProcessManagerName, transferId);
      this.parkedKeys.delete(transferId);
      this.logger.log(`parked transfer ${transferId} credited on retry`);
      return { outcome: 'credited', result };
    } catch (error) {
      const failure = creditFailureOf(error);
      if (failure.code === 'CREDIT_STORE_ERROR') this.logger.error(`retry of parked transfer ${transferId} failed: ${describe(error)}`);
      const updated: ParkedEvent = { ...parked, code: failure.code, reason: failure.reason, attempts: parked.attempts + 1, lastAttemptAt: this.clock.now().toISOString() };
      await this.checkpoints.park(transferProcessManagerName, updated);
      return { outcome: 'still-parked', parked: updated };
    }
  }

  private async loadParkedKeys(): Promise<void> {
    this.parkedKeys.clear();
    for (let afterPosition = -1n; ; ) {
      const page = await this.checkpoints.listParked(transferProcessManagerName, { afterPosition });
      for (const entry of page) this.parkedKeys.add(entry.key);
      if (page.length < parkedListCountMax) return;
      afterPosition = page[page.length - 1].position;
    }
  }

  /** Resolves when the completed position moves, or after `timeoutMs`, whichever comes first. */
  private nextAdvance(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.resolve, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async run(subscription: Subscription): Promise<void> {
    const window: InFlightCredit[] = [];
    let lastPosition = this.completedPosition ?? -1n;
    for await (const message of subscription) {
      if (message.kind === 'caught-up') {
        // Nothing to credit may still move the position forward for waiters.
        if (window.length === 0) this.advanceTo(message.position);
        continue;
      }
      // The checkpoint's rule (move past a debit only when all before it are settled) rests on this order.
      invariant(message.event.position > lastPosition, `the subscription delivered position ${message.event.position.toString()} after ${lastPosition.toString()}`);
      lastPosition = message.event.position;
      const entry: InFlightCredit = { position: message.event.position, settled: false, done: Promise.resolve() };
      this.inFlight += 1;
      entry.done = this.settle(message.event).then((settled) => {
        this.inFlight -= 1;
        // Stopped before it was credited or parked: the checkpoint stays before it, and the next start re-drives it.
        if (!settled) return;
        entry.settled = true;
        while (window.length > 0 && window[0].settled) this.advanceTo(window.shift()!.position);
      });
      window.push(entry);
      if (window.length >= creditsInFlightMax) await window[0].done;
      if (this.stopping) break;
    }
    await Promise.all(window.map((entry) => entry.done));
  }

  private advanceTo(position: bigint): void {
    if (this.completedPosition !== undefined && this.completedPosition >= position) return;
    this.completedPosition = position;
    for (const waiter of [...this.waiters]) waiter.resolve();
  }

  /**
   * Credits one debit, or parks it; never rejects. Store failures are tried again with back-off
   * first. Resolves false only when the process manager stops before either could be recorded.
   */
  private async settle(event: RecordedEvent): Promise<boolean> {
    let failure: CreditFailure | undefined;
    let attempts = 0;
    for (attempts = 1; attempts <= creditAttemptsMax; attempts += 1) {
      try {
        await this.credit(event);
        const key = parkedKeyOf(event);
        if (this.parkedKeys.delete(key)) await this.checkpoints.unpark(transferProcessManagerName, key);
        return true;
      } catch (error) {
        failure = creditFailureOf(error);
        if (!isRetriedAlone(failure)) break;
        this.logger.warn(`credit of debit at position ${event.position.toString()} failed (attempt ${attempts} of ${creditAttemptsMax}): ${describe(error)}`);
        if (this.stopping) return false;
        if (attempts < creditAttemptsMax) await sleep(this.creditRetryDelayMs * 2 ** (attempts - 1));
      }
    }
    return this.park(event, failure!, Math.min(attempts, creditAttemptsMax));
  }

  /** Records a parked credit; while the checkpoint store fails, keeps trying (the checkpoint waits). */
  private async park(event: RecordedEvent, failure: CreditFailure, attempts: number): Promise<boolean> {
    const key = parkedKeyOf(event);
    const now = this.clock.now().toISOString();
    const previous = await this.checkpoints.findParked(transferProcessManagerName, key).catch(() => undefined);
    const parked: ParkedEvent = {
      key,
      position: event.position,
      code: failure.code,
      reason: failure.reason,
      attempts: (previous?.attempts ?? 0) + attempts,
      parkedAt: previous?.parkedAt ?? now,
      lastAttemptAt: now,
    };
    for (let delayMs = this.creditRetryDelayMs; ; delayMs = Math.min(delayMs * 2, parkRetryDelayMsMax)) {
      try {
        await this.checkpoints.park(transferProcessManagerName, parked);
        this.parkedKeys.add(key);
        this.logger.error(`transfer ${key} (debit at position ${event.position.toString()}) parked: ${failure.code} ${failure.reason}`);
        return true;
      } catch (error) {
        this.logger.error(`parking transfer ${key} failed, trying again: ${describe(error)}`);
        if (this.stopping) return false;
        await sleep(delayMs);
      }
    }
  }

  private async retryParkedStoreFailures(): Promise<void> {
    try {
      const parked = await this.checkpoints.listParked(transferProcessManagerName);
      for (const entry of parked) {
        if (this.stopping) return;
        if (entry.code === 'CREDIT_STORE_ERROR') await this.retryParked(entry.key);
      }
    } catch (error) {
      this.logger.warn(`automatic retry of parked credits failed: ${describe(error)}`);
    }
  }

  /** The debit a parked credit belongs to, read back by its position. */
  private async debitAt(position: bigint, transferId: string): Promise<RecordedEvent> {
    const [event] = await this.store.readAll({ fromPosition: position, maxCount: 1, filter: { eventTypes: transferDebitEventTypes } });
    if (!event || event.position !== position || parkedKeyOf(event) !== transferId) {
      throw new CreditFailure('DEBIT_UNREADABLE', `no transfer debit of ${transferId} at position ${position.toString()}`);
    }
    return event;
  }

  /** The credit command a debit calls for; a debit that cannot be read as one fails every time. */
  private creditCommandOf(stored: RecordedEvent): Extract<AccountCommand, { kind: 'ReceiveFunds' }> {
    let debit: TransferDebitEvent;
    try {
      debit = decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as TransferDebitEvent;
    } catch (error) {
      throw new CreditFailure('DEBIT_UNREADABLE', `the debit event ${stored.id} cannot be decoded: ${describe(error)}`);
    }
    const fromAccountId = stored.streamId.slice(stored.streamId.indexOf('-') + 1);
    const from = parseAccountId(fromAccountId);
    const to = parseAccountId(debit.data.toAccountId);
    if (!from || !to) throw new CreditFailure('DEBIT_UNREADABLE', `transfer ${debit.data.transferId} names an account id that does not parse`);
    return { kind: 'ReceiveFunds', account: to, from, amountVnd: debit.data.amountVnd, transferId: debit.data.transferId, transferKind: transferKindOf(debit) };
  }

  private async credit(stored: RecordedEvent): Promise<CommandResult> {
    const command = this.creditCommandOf(stored);
    const metadata = stored.metadata as Record<string, unknown>;
    // The credit takes effect on the debit's date and cites the debit's decision.
    return this.accounts.execute(command, {
      commandId: ledgerCommandId('transfer-credit', command.transferId),
      correlationId: typeof metadata.correlationId === 'string' ? metadata.correlationId : stored.id,
      causationId: stored.id,
      actor: { id: transferProcessManagerName, role: 'system', jurisdiction: null },
      decisionRef: typeof metadata.decisionRef === 'string' ? metadata.decisionRef : null,
      effectiveDate: typeof metadata.effectiveDate === 'string' ? metadata.effectiveDate : null,
    });
  }

  private async saveCheckpoint(): Promise<void> {
    const position = this.completedPosition;
    if (position === undefined || position === this.savedPosition) return;
    try {
      await this.checkpoints.save(transferProcessManagerName, position);
      this.savedPosition = position;
    } catch (error) {
      // The next tick tries again; credits are idempotent, so a checkpoint behind only costs re-reading.
      this.logger.warn(`saving the checkpoint failed: ${describe(error)}`);
    }
  }
}

/** A parked credit is known by its transfer id; a debit too broken to name one, by its event id. */
function parkedKeyOf(event: RecordedEvent): string {
  const transferId = event.data.transferId;
  return typeof transferId === 'string' && transferId.length > 0 && transferId.length <= 100 ? transferId : event.id;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
