import { Logger } from '@nestjs/common';
import {
  decideAccount,
  decodeEvent,
  parseAccountId,
  transferDebitEventTypes,
  transferKindOf,
  type AccountCommand,
  type RegistryView,
  type TransferDebitEvent,
} from '@ledger/domain';
import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { CommandRefusedError } from '../shared/command-errors';
import { vietnamDate, type Clock } from '../shared/clock';
import type { AccountRepository } from '../shared/account-repository';

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

interface InFlightCredit {
  readonly position: bigint;
  settled: boolean;
  done: Promise<void>;
}

const noRegistry: RegistryView = { locality: () => undefined, program: () => undefined };

/**
 * Completes transfers. Each debit (`FundsAllocated`, `FundsReallocated`, `FundsReturned`) is
 * answered by one `FundsReceived` in the destination. The credit is appended with the command id
 * `transfer-credit:{transferId}`, which the store records atomically with the event, so a credit
 * re-driven after a crash (checkpoint not yet saved) is recognised and never applied twice.
 */
export class TransferProcessManager {
  private readonly logger = new Logger('TransferProcessManager');
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private completedPosition: bigint | undefined;
  private savedPosition: bigint | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<{ resolve: () => void }>();
  private stopping = false;
  private inFlight = 0;
  private failure: string | undefined;
  /** Debits whose credit was refused: a broken invariant left for an operator (logged as errors). */
  parkedCount = 0;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  /** Running, stopped, or failed with the reason (it then needs a restart). */
  get status(): { readonly running: boolean; readonly failure: string | null; readonly inFlight: number } {
    return { running: this.loop !== undefined && !this.stopping && this.failure === undefined, failure: this.failure ?? null, inFlight: this.inFlight };
  }

  /** Position of the last debit whose credit is recorded (and of every debit before it). */
  get position(): bigint | undefined {
    return this.completedPosition;
  }

  async start(): Promise<void> {
    // Started again after a stop (a worker that lost the projector lease and got it back).
    this.stopping = false;
    const checkpoint = await this.checkpoints.load(transferProcessManagerName);
    this.completedPosition = checkpoint;
    this.savedPosition = checkpoint;
    this.subscription = this.store.subscribeToAll({ afterPosition: checkpoint, filter: { eventTypes: transferDebitEventTypes } });
    this.saveTimer = setInterval(() => void this.saveCheckpoint(), checkpointSaveIntervalMs);
    this.saveTimer.unref();
    this.failure = undefined;
    this.loop = this.run(this.subscription).catch((error: unknown) => {
      this.failure = error instanceof Error ? error.message : String(error);
      this.logger.error(`stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  /** Finishes the credits in flight, saves the checkpoint and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.saveTimer) clearInterval(this.saveTimer);
    await this.subscription?.close();
    await this.loop;
    await this.saveCheckpoint();
  }

  /**
   * Resolves once every debit up to `position` has its credit, or rejects after `timeoutMs`.
   * A position that is not itself a debit (a disbursement, say) is reached as soon as no debit
   * at or before it is still waiting for its credit.
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
    for await (const message of subscription) {
      if (message.kind === 'caught-up') {
        // Nothing to credit may still move the position forward for waiters.
        if (window.length === 0) this.advanceTo(message.position);
        continue;
      }
      const entry: InFlightCredit = { position: message.event.position, settled: false, done: Promise.resolve() };
      this.inFlight += 1;
      entry.done = this.creditWithRetry(message.event).then(() => {
        this.inFlight -= 1;
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

  private async creditWithRetry(event: RecordedEvent): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.credit(event);
        return;
      } catch (error) {
        if (error instanceof CommandRefusedError) {
          // A debit whose credit is refused breaks an invariant of the ledger; it is logged loudly
          // and left for an operator rather than retried for ever.
          this.parkedCount += 1;
          this.logger.error(`transfer ${String(event.data.transferId)} cannot be credited: ${error.refusal.code} ${error.refusal.message}`);
          return;
        }
        if (attempt >= creditAttemptsMax || this.stopping) throw error;
        await new Promise((resolve) => setTimeout(resolve, creditRetryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  private async credit(stored: RecordedEvent): Promise<void> {
    const debit = decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as TransferDebitEvent;
    const fromAccountId = stored.streamId.slice(stored.streamId.indexOf('-') + 1);
    const from = parseAccountId(fromAccountId);
    const to = parseAccountId(debit.data.toAccountId);
    if (!from || !to) throw new Error(`transfer ${debit.data.transferId} names an account id that does not parse`);
    const command: AccountCommand = {
      kind: 'ReceiveFunds',
      account: to,
      from,
      amountVnd: debit.data.amountVnd,
      transferId: debit.data.transferId,
      transferKind: transferKindOf(debit),
    };
    const metadata = stored.metadata as Record<string, unknown>;
    await this.accounts.execute({
      key: to,
      kind: 'ReceiveFunds',
      content: { transferId: debit.data.transferId, from, to, amountVnd: debit.data.amountVnd.toString() },
      context: {
        commandId: `transfer-credit:${debit.data.transferId}`,
        correlationId: typeof metadata.correlationId === 'string' ? metadata.correlationId : stored.id,
        causationId: stored.id,
        actor: { id: transferProcessManagerName, role: 'system', jurisdiction: null },
        decisionRef: typeof metadata.decisionRef === 'string' ? metadata.decisionRef : null,
        effectiveDate: typeof metadata.effectiveDate === 'string' ? metadata.effectiveDate : vietnamDate(this.clock.now()),
      },
      decide: (state) => decideAccount(command, state, { registry: noRegistry, today: vietnamDate(this.clock.now()) }),
    });
  }

  private async saveCheckpoint(): Promise<void> {
    const position = this.completedPosition;
    if (position === undefined || position === this.savedPosition) return;
    await this.checkpoints.save(transferProcessManagerName, position);
    this.savedPosition = position;
  }
}
