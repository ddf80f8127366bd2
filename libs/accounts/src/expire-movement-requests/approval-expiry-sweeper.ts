import { Logger } from '@nestjs/common';
import { parseAccountId } from '@ledger/domain';
import { ledgerCommandId, type Clock, type CommandContext } from '@ledger/commands';
import { listDueExpiries, type ReadSide } from '@ledger/read-models';
import type { AccountRepository } from '../account-repository';

export const approvalExpirySweeperName = 'approval-expiry';
/** Requests looked up per page of a sweep, and pages per sweep: a backlog larger than this waits for the next sweep. */
export const expiriesPerPageMax = 100;
export const expiryPagesPerSweepMax = 50;

export interface SweepOutcome {
  /** Requests recorded as expired by this sweep. */
  readonly expired: number;
  /** Requests found closed already (by an earlier sweep, another process, an approval or a rejection). */
  readonly alreadyClosed: number;
  /** Requests whose expiry could not be recorded now; the next sweep tries them again. */
  readonly failed: number;
}

/**
 * Records `MovementRequestExpired` for requests nobody approved in time, releasing their holds.
 * An expired request can no longer be approved from the instant it expires — the domain checks
 * the clock — so this only makes the fact explicit and gives the held money back.
 *
 * It keeps no state of its own, so it survives any restart: each sweep asks the approvals read
 * model for pending requests past their expiry and decides an expiry for each, under the command
 * id `ledger/approval-expiry/{requestId}` (outside the ids clients may choose). A request closed
 * meanwhile is answered with no event, and a sweep re-driven after a crash (or run at once by two
 * processes) finds the command recorded: nothing expires twice.
 */
export class ApprovalExpirySweeper {
  private readonly logger = new Logger('ApprovalExpirySweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepOutcome> | undefined;

  constructor(
    private readonly readModels: ReadSide,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep; a sweep already running is joined rather than doubled. */
  sweep(): Promise<SweepOutcome> {
    if (!this.running) {
      this.running = this.sweepPages().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async sweepPages(): Promise<SweepOutcome> {
    const outcome = { expired: 0, alreadyClosed: 0, failed: 0 };
    const failedIds = new Set<string>();
    try {
      for (let page = 0; page < expiryPagesPerSweepMax; page += 1) {
        const due = (await listDueExpiries(this.readModels.reader, this.clock.now().toISOString(), expiriesPerPageMax + failedIds.size)).filter((entry) => !failedIds.has(entry.requestId));
        let lastPosition = -1n;
        for (const entry of due.slice(0, expiriesPerPageMax)) {
          const recorded = await this.expire(entry.requestId, entry.accountId);
          if (recorded.outcome === 'failed') failedIds.add(entry.requestId);
          else if (recorded.outcome === 'expired') outcome.expired += 1;
          else outcome.alreadyClosed += 1;
          if (recorded.position > lastPosition) lastPosition = recorded.position;
        }
        if (due.length < expiriesPerPageMax) break;
        // The read model shows the expiries just recorded only once it has projected them: the next page waits for that.
        await this.readModels.awaitPosition(lastPosition, ['approvals']);
      }
    } catch (error) {
      this.logger.warn(`a sweep for expired movement requests stopped early: ${describe(error)}`);
    }
    outcome.failed = failedIds.size;
    if (outcome.expired > 0 || outcome.failed > 0) this.logger.log(`movement requests expired: ${outcome.expired}; to try again: ${outcome.failed}`);
    return outcome;
  }

  private async expire(requestId: string, accountIdText: string): Promise<{ readonly outcome: 'expired' | 'closed' | 'failed'; readonly position: bigint }> {
    const account = parseAccountId(accountIdText);
    if (!account) return { outcome: 'failed', position: -1n };
    const context: CommandContext = {
      commandId: ledgerCommandId('approval-expiry', requestId),
      correlationId: requestId,
      causationId: requestId,
      actor: { id: approvalExpirySweeperName, role: 'system', jurisdiction: null },
      decisionRef: null,
      effectiveDate: null,
    };
    try {
      const result = await this.accounts.execute({ kind: 'ExpireMovementRequest', account, requestId }, context);
      const expired = !result.duplicate && result.events.some((event) => event.type === 'MovementRequestExpired');
      return { outcome: expired ? 'expired' : 'closed', position: result.position };
    } catch (error) {
      this.logger.warn(`the expiry of movement request ${requestId} could not be recorded: ${describe(error)}`);
      return { outcome: 'failed', position: -1n };
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
