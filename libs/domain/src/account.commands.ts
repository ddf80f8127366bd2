import type { AccountKey } from './account-id';
import type { AccountEvent, TransferKind } from './account.events';
import type { Vnd } from './money';
import type { Decision } from './refusals';
import type { LedgerPolicy } from './ledger-policy';
import type { RegistryView } from './registry';
import type { AccountState } from './account.state';

export type AccountCommand =
  | { readonly kind: 'AssignBudget'; readonly account: AccountKey; readonly amountVnd: Vnd }
  | { readonly kind: 'AllocateFunds'; readonly account: AccountKey; readonly to: AccountKey; readonly amountVnd: Vnd }
  | { readonly kind: 'ReallocateFunds'; readonly account: AccountKey; readonly to: AccountKey; readonly amountVnd: Vnd; readonly reason: string }
  | {
      readonly kind: 'ReturnFunds';
      readonly account: AccountKey;
      /** The funding account to return to; when absent, the only account that funded this one. */
      readonly to: AccountKey | null;
      readonly amountVnd: Vnd;
      readonly reason: string;
    }
  | {
      readonly kind: 'ReceiveFunds';
      readonly account: AccountKey;
      readonly from: AccountKey;
      readonly amountVnd: Vnd;
      readonly transferId: string;
      readonly transferKind: TransferKind;
      /** For a hand-over's credit: the deadline the money had in the closed account (the debit carries it). */
      readonly deadline?: string;
    }
  | {
      readonly kind: 'RecordDisbursement';
      readonly account: AccountKey;
      readonly amountVnd: Vnd;
      readonly voucherRef: string;
      readonly disbursedOn: string;
    }
  | { readonly kind: 'ReverseDisbursement'; readonly account: AccountKey; readonly disbursementId: string; readonly reason: string }
  | {
      readonly kind: 'ExtendDisbursementDeadline';
      readonly account: AccountKey;
      readonly newDeadline: string;
      /** The decision is a special resolution of the National Assembly, which may extend beyond the ordinary legal limit. */
      readonly specialResolution: boolean;
    }
  | {
      readonly kind: 'HandOverAccount';
      /** The account of a unit that ceased to exist. */
      readonly account: AccountKey;
      /**
       * Where its money goes: successors' accounts on the same funding line and component, with
       * the amount each receives. The amounts add up to the whole available balance; none when
       * the account holds nothing and is only closed.
       */
      readonly shares: readonly HandOverShare[];
    }
  /** An approver signs a pending request on this account (its source): the movement is recorded with the approval. */
  | { readonly kind: 'ApproveMovement'; readonly account: AccountKey; readonly requestId: string }
  /** An approver refuses a pending request, with a reason; its hold is released. */
  | { readonly kind: 'RejectMovement'; readonly account: AccountKey; readonly requestId: string; readonly reason: string }
  /** The ledger closes a request nobody approved in time; its hold is released. */
  | { readonly kind: 'ExpireMovementRequest'; readonly account: AccountKey; readonly requestId: string };

export interface HandOverShare {
  readonly to: AccountKey;
  readonly amountVnd: Vnd;
}

export type AccountCommandKind = AccountCommand['kind'];

/** The commands that move money under four-eyes: at or above their threshold they are recorded as requests. */
export type MovementCommand = Extract<AccountCommand, { readonly kind: 'AssignBudget' | 'AllocateFunds' | 'ReallocateFunds' | 'ReturnFunds' }>;
/** The commands that close a movement request. */
export type MovementRequestCommand = Extract<AccountCommand, { readonly kind: 'ApproveMovement' | 'RejectMovement' | 'ExpireMovementRequest' }>;

export function isMovementRequestCommand(command: AccountCommand): command is MovementRequestCommand {
  return command.kind === 'ApproveMovement' || command.kind === 'RejectMovement' || command.kind === 'ExpireMovementRequest';
}

export interface DecisionContext {
  readonly registry: RegistryView;
  /** Today's date (ISO), from the caller's clock. */
  readonly today: string;
  /**
   * The id the decision's first event will carry, from the caller's id source. A command that
   * starts a transfer or a disbursement names it by this id, so clients can follow it.
   */
  readonly firstEventId: string;
  /**
   * The id the decision's event at `index` will carry (0 gives `firstEventId`), for a decision
   * that starts several transfers at once; each transfer is named by its debit event's id.
   */
  readonly eventIdAt?: (index: number) => string;
  /** The date the client said the command takes effect, or null for today (a disbursement takes effect on its own date). */
  readonly effectiveDate: string | null;
  /** The legal act the command cites, or null. */
  readonly decisionRef: string | null;
  readonly policy: LedgerPolicy;
  /** The locality the issuing officer acts for (its subtree is where it may act), or null for the ledger itself. */
  readonly jurisdiction: string | null;
  /** Who issues the command: the verified token's user id, or the ledger's own component. An approver must not be the requester. */
  readonly actorId: string;
  /** The instant the command is decided (ISO 8601), from the caller's clock: requests expire by it. */
  readonly now: string;
}

/** The date the command's events take effect: a disbursement's payment date, else the date given, else today. */
export function effectiveDateOf(command: AccountCommand, context: Pick<DecisionContext, 'effectiveDate' | 'today'>): string {
  if (command.kind === 'RecordDisbursement') return command.disbursedOn;
  return context.effectiveDate ?? context.today;
}

/** The date a command's events take effect and the legal act they cite, as their metadata records them. */
export interface RecordingOfCommand {
  readonly effectiveDate: string;
  readonly decisionRef: string | null;
}

/**
 * What a command's events are recorded under. A command on a movement request cites the request's
 * decision — the act behind the movement, whoever signs — and an approval's movement takes effect
 * on the date the request named, or on the day it is approved (the money moves then). Every other
 * command is recorded under what its client sent.
 */
export function recordingOf(command: AccountCommand, state: AccountState, context: Pick<DecisionContext, 'effectiveDate' | 'decisionRef' | 'today'>): RecordingOfCommand {
  if (!isMovementRequestCommand(command)) return { effectiveDate: effectiveDateOf(command, context), decisionRef: context.decisionRef };
  const request = state.movementRequests.get(command.requestId);
  const decisionRef = request?.decisionRef ?? context.decisionRef;
  if (command.kind === 'ApproveMovement') return { effectiveDate: request?.effectiveDate ?? context.today, decisionRef };
  return { effectiveDate: context.today, decisionRef };
}

export type AccountDecision = Decision<AccountEvent>;

/** The id the decision's event at `index` will carry. A context without ids for later events is a caller's bug. */
export function eventIdAt(context: Pick<DecisionContext, 'firstEventId' | 'eventIdAt'>, index: number): string {
  if (index === 0) return context.firstEventId;
  if (!context.eventIdAt) throw new Error(`the decision context gives no id for event #${index}: a decision with several transfers needs eventIdAt`);
  return context.eventIdAt(index);
}
