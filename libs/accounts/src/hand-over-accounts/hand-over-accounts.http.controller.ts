import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, CurrentPrincipal, Roles, type ActingPrincipal, type Principal } from '@ledger/identity';
import { parseAccountId, parseVnd } from '@ledger/domain';
import { checkDateField, commandContextFrom, InputValidationError, type FieldError, type RequestHeaders } from '@ledger/http';

const effectiveDateRequired = (): InputValidationError =>
  new InputValidationError([{ field: 'effectiveDate', messages: ['a hand-over takes effect on a date the decision names (effectiveDate)'] }]);
import { HandOverAccountsCommand, PreviewHandOverQuery } from './hand-over-accounts.command';
import { HandOverDto, type ApportionmentDto } from './hand-over-accounts.dto';
import type { HandOverExecution, HandOverInput } from './hand-over-accounts.service';
import type { HandOverPlan } from './hand-over-plan';

function apportionmentsFrom(dtos: readonly ApportionmentDto[] | undefined): HandOverInput['apportionments'] {
  const errors: FieldError[] = [];
  const apportionments = (dtos ?? []).map((dto, index) => {
    if (!parseAccountId(dto.accountId)) errors.push({ field: `apportionments.${index}.accountId`, messages: ['accountId is not an account id'] });
    return { accountId: dto.accountId, shares: dto.shares.map((share) => ({ toLocalityId: share.toLocalityId, amountVnd: parseVnd(share.amountVnd) ?? 0n })) };
  });
  const seen = new Set<string>();
  for (const [index, apportionment] of apportionments.entries()) {
    if (seen.has(apportionment.accountId)) errors.push({ field: `apportionments.${index}.accountId`, messages: [`${apportionment.accountId} is apportioned twice`] });
    seen.add(apportionment.accountId);
  }
  if (errors.length > 0) throw new InputValidationError(errors);
  return apportionments;
}

function planView(plan: HandOverPlan) {
  return {
    localityId: plan.localityId,
    effectiveDate: plan.effectiveDate,
    decisionRef: plan.decisionRef,
    endedUnits: plan.endedUnits,
    alreadyHandedOver: plan.alreadyHandedOver,
    totals: {
      accounts: plan.totals.accounts,
      balanceVnd: plan.totals.balanceVnd.toString(),
      sharesVnd: plan.totals.sharesVnd.toString(),
      inTransitInVnd: plan.totals.inTransitInVnd.toString(),
    },
    problems: plan.problems,
    steps: plan.steps.map((step) => ({
      accountId: step.accountId,
      localityId: step.account.localityId,
      localityName: step.localityName,
      level: step.level,
      revision: step.revision.toString(),
      availableVnd: step.availableVnd.toString(),
      deadline: step.deadline,
      alreadyClosed: step.alreadyClosed,
      apportioned: step.apportioned,
      commandId: step.commandId,
      inTransitInVnd: step.inTransitInVnd.toString(),
      shares: step.shares.map((share) => ({ toAccountId: share.toAccountId, toLocalityId: share.to.localityId, amountVnd: share.amountVnd.toString(), successorDeadline: share.successorDeadline })),
    })),
  };
}

function executionView(execution: HandOverExecution) {
  return {
    ...planView(execution.plan),
    complete: execution.complete,
    position: execution.position.toString(),
    results: execution.steps.map((step) =>
      step.outcome === 'failed'
        ? { accountId: step.accountId, commandId: step.commandId, outcome: step.outcome, code: step.code, message: step.message }
        : { accountId: step.accountId, commandId: step.commandId, outcome: step.outcome, transferIds: step.transferIds, eventIds: step.result.eventIds, position: step.result.position.toString() },
    ),
  };
}

/**
 * Hand-over of the accounts of units that ceased to exist (the districts abolished on 30 June
 * 2025, the communes and provinces merged): preview the plan for a whole province, then execute
 * it under a decision. Running it again does only what is left.
 */
@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/handovers')
export class HandOverAccountsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('preview')
  @HttpCode(200)
  // Those who hand accounts over, and those who check it: a preview reads the territory's accounts.
  @Roles('finance-officer', 'approver', 'auditor', 'administrator')
  @ApiOperation({ summary: 'The plan of a hand-over (the same body as the hand-over; its command id is ignored): every open account of the territory’s ended units, where its balance goes, and what needs an apportionment; writes nothing' })
  async preview(@Body() body: HandOverDto, @CurrentPrincipal() principal: Principal) {
    if (body.effectiveDate === undefined) throw effectiveDateRequired();
    checkDateField(body.effectiveDate, 'effectiveDate');
    const plan = await this.queries.execute(
      new PreviewHandOverQuery(
        { locality: body.localityId, effectiveDate: body.effectiveDate, decisionRef: body.decisionRef ?? null, levels: body.levels, apportionments: apportionmentsFrom(body.apportionments) },
        // The plan is made in the principal's jurisdiction: a territory outside it is refused (403).
        principal.jurisdiction,
      ),
    );
    return planView(plan);
  }

  @Post()
  @HttpCode(201)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Hand over and close the accounts of a territory’s ended units under a decision: each balance moves whole, or as apportioned, to its successors in its original state' })
  async handOver(@Body() body: HandOverDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal) {
    // Each step is held to the officer's jurisdiction by the domain, as every account command is.
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    if (context.effectiveDate === null) throw effectiveDateRequired();
    const execution = await this.commands.execute(
      new HandOverAccountsCommand({ locality: body.localityId, effectiveDate: context.effectiveDate, decisionRef: context.decisionRef, levels: body.levels, apportionments: apportionmentsFrom(body.apportionments) }, context),
    );
    return executionView(execution);
  }
}
