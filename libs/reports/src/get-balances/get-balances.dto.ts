import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { budgetSources, capitalTypes, codePattern } from '@ledger/domain';
import type { AccountBalance } from '@ledger/read-models';
import { accountIdPattern, FlagParam, FundingLineParams, LocalityIdParam, PageSizeParam, QueryParam, type FlagText, ReadModelAnswer } from '@ledger/http';

/** Balances per page. */
export const balancesPageSizeMax = 1_000;
export const balancesPageSizeDefault = 100;

export class BalancesParams extends FundingLineParams {
  @LocalityIdParam({ description: 'Accounts at this locality', example: '11' }) localityId?: string;
  @FlagParam({ description: 'With localityId: include every locality below it', example: 'true' }) subtree?: FlagText;

  @QueryParam({ description: 'Component project code', example: 'DA4' }, Matches(codePattern, { message: 'componentCode must be an upper-case code such as DA4' }))
  componentCode?: string;

  @QueryParam(
    { description: 'Cursor: accounts after this account id, from `nextAfterAccountId`', example: 'DTTS.2024.096.DTPT.NSTW.DA4' },
    Matches(accountIdPattern, { message: 'afterAccountId must be an account id' }),
  )
  afterAccountId?: string;

  @PageSizeParam(balancesPageSizeMax, balancesPageSizeDefault) limit?: number;
}

export class BalanceView {
  @ApiProperty({ example: 'DTTS.2024.096.DTPT.NSTW.DA4' }) accountId!: string;
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ example: '096' }) localityId!: string;
  @ApiProperty({ enum: capitalTypes, example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ enum: budgetSources, example: 'NSTW' }) budgetSource!: string;
  @ApiProperty({ nullable: true, type: String, example: 'DA4' }) componentCode!: string | null;
  @ApiProperty({ description: 'Assigned to this account directly (giao dự toán)', example: '0' }) assignedVnd!: string;
  @ApiProperty({ description: 'All credits: assigned plus every transfer received', example: '56179200000' }) receivedVnd!: string;
  @ApiProperty({ description: 'Of received: by reallocation from a sibling', example: '0' }) reallocatedInVnd!: string;
  @ApiProperty({ description: 'Of received: returned by accounts this one funded', example: '0' }) returnedInVnd!: string;
  @ApiProperty({ example: '0' }) allocatedOutVnd!: string;
  @ApiProperty({ example: '0' }) reallocatedOutVnd!: string;
  @ApiProperty({ description: 'Returned to a funding account (nộp trả)', example: '0' }) returnedVnd!: string;
  @ApiProperty({ example: '12345678901' }) disbursedVnd!: string;
  @ApiProperty({ example: '0' }) reversedVnd!: string;
  @ApiProperty({ description: 'Of what it received: handed over from ended units’ accounts, in their original state', example: '0' }) handedOverInVnd!: string;
  @ApiProperty({ description: 'Handed over to successors when its unit ceased to exist', example: '0' }) handedOverOutVnd!: string;
  @ApiProperty({ description: 'Credits minus debits minus what is held', example: '43833521099' }) availableVnd!: string;
  @ApiProperty({ description: 'Held by pending movement requests waiting for a second person’s approval: neither available nor moved', example: '0' }) heldVnd!: string;
  @ApiProperty({ description: 'Debited by a sender towards this account, not yet credited here', example: '0' }) inTransitInVnd!: string;
  @ApiProperty({ description: 'Debited here, not yet credited at the destination', example: '0' }) inTransitOutVnd!: string;
  @ApiProperty({ example: '2025-01-31' }) disbursementDeadline!: string;
  @ApiProperty({ description: 'Position of the account’s last event reflected; null when only a transfer towards it is known', nullable: true, type: String, example: '1234' })
  lastPosition!: string | null;
}

export class BalanceResponse extends IntersectionType(BalanceView, ReadModelAnswer) {}

export class BalancesResponse extends ReadModelAnswer {
  @ApiProperty({ type: [BalanceView] }) balances!: BalanceView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as afterAccountId for the next page; null on the last', example: null }) nextAfterAccountId!: string | null;
}

export function toBalanceView(balance: AccountBalance): BalanceView {
  return {
    accountId: balance.accountId,
    programCode: balance.programCode,
    planYear: balance.planYear,
    localityId: balance.localityId,
    capitalType: balance.capitalType,
    budgetSource: balance.budgetSource,
    componentCode: balance.componentCode,
    assignedVnd: balance.assignedVnd.toString(),
    receivedVnd: balance.receivedVnd.toString(),
    reallocatedInVnd: balance.reallocatedInVnd.toString(),
    returnedInVnd: balance.returnedInVnd.toString(),
    allocatedOutVnd: balance.allocatedOutVnd.toString(),
    reallocatedOutVnd: balance.reallocatedOutVnd.toString(),
    returnedVnd: balance.returnedVnd.toString(),
    disbursedVnd: balance.disbursedVnd.toString(),
    reversedVnd: balance.reversedVnd.toString(),
    handedOverInVnd: balance.handedOverInVnd.toString(),
    handedOverOutVnd: balance.handedOverOutVnd.toString(),
    availableVnd: balance.availableVnd.toString(),
    inTransitInVnd: balance.inTransitInVnd.toString(),
    inTransitOutVnd: balance.inTransitOutVnd.toString(),
    heldVnd: balance.heldVnd.toString(),
    disbursementDeadline: balance.disbursementDeadline,
    lastPosition: balance.lastPosition === null ? null : balance.lastPosition.toString(),
  };
}
