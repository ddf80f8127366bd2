import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { planYearMax, planYearMin } from '@ledger/domain';
import type { IdleAccount } from '@ledger/read-models';
import { DateParam, DecimalInteger, FreshnessParams, LimitParam, LocalityIdParam, PlanYearParam, ProgramCodeParam, QueryParam, ReadModelAnswer } from '@ledger/http';
import { LocalityView } from '../figures.view';

/** Ten years: money idle longer than that is a case for the auditors, not a list. */
export const idleDaysMax = 3650;
export const idleLimitMax = 500;
export const idleLimitDefault = 100;

export class IdleMoneyParams extends FreshnessParams {
  @LocalityIdParam({ required: true, description: 'The locality whose subtree is searched', example: '11' }) localityId!: string;

  @QueryParam({ required: true, description: 'Listed when the money has not moved for more than this many days', example: 90, minimum: 0, maximum: idleDaysMax }, DecimalInteger(), IsInt(), Min(0), Max(idleDaysMax))
  idleDays!: number;

  @DateParam({ description: 'Count the days up to this date (YYYY-MM-DD); default today in Vietnam', example: '2024-12-31' }) asOf?: string;
  @PlanYearParam({ description: 'Only this plan year', example: 2024, minimum: planYearMin, maximum: planYearMax }) planYear?: number;
  @ProgramCodeParam('Only this program') programCode?: string;
  @LimitParam(idleLimitMax, { description: `At most this many accounts, longest idle first (default ${idleLimitDefault})`, minimum: 1, maximum: idleLimitMax }) limit?: number;
}

export class IdleAccountView {
  @ApiProperty({ example: 'DTTS.2024.11.DTPT.NSTW.DA4' }) accountId!: string;
  @ApiProperty({ example: '11' }) localityId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Tỉnh Điện Biên' }) localityName!: string | null;
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ example: 'NSTW' }) budgetSource!: string;
  @ApiProperty({ nullable: true, type: String, example: 'DA4' }) componentCode!: string | null;
  @ApiProperty({ description: 'not-yet-allocated: an account that allocates onwards still holds it; allocated-not-disbursed: an account that disburses holds it', enum: ['not-yet-allocated', 'allocated-not-disbursed'] })
  waiting!: string;
  @ApiProperty({ description: 'What the account holds', example: '3000000000' }) availableVnd!: string;
  @ApiProperty({ description: 'Effective date of its last debit, or of its first credit if it never paid out', example: '2024-02-26' }) idleSince!: string;
  @ApiProperty({ example: 310 }) idleDays!: number;
  @ApiProperty({ example: '2025-01-31' }) disbursementDeadline!: string;
}

export class IdleMoneyResponse extends ReadModelAnswer {
  @ApiProperty({ type: LocalityView }) locality!: LocalityView;
  @ApiProperty({ example: '2024-12-31' }) asOf!: string;
  @ApiProperty({ example: 90 }) idleDays!: number;
  @ApiProperty({ description: 'Sum of the listed accounts’ money', example: '12000000000' }) totalVnd!: string;
  @ApiProperty({ description: 'True when more accounts qualify than the limit listed', example: false }) truncated!: boolean;
  @ApiProperty({ type: [IdleAccountView] }) accounts!: IdleAccountView[];
}

const dayMs = 24 * 60 * 60 * 1000;

/** `date` minus `days`, as an ISO date. */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * dayMs).toISOString().slice(0, 10);
}

export function toIdleAccountView(account: IdleAccount, asOf: string): IdleAccountView {
  return {
    accountId: account.accountId,
    localityId: account.localityId,
    localityName: account.localityName,
    programCode: account.programCode,
    planYear: account.planYear,
    capitalType: account.capitalType,
    budgetSource: account.budgetSource,
    componentCode: account.componentCode,
    waiting: account.allocatedOutVnd > 0n ? 'not-yet-allocated' : 'allocated-not-disbursed',
    availableVnd: account.availableVnd.toString(),
    idleSince: account.idleSince,
    idleDays: Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${account.idleSince}T00:00:00Z`)) / dayMs),
    disbursementDeadline: account.disbursementDeadline,
  };
}
