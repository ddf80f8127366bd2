import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, type RequestHeaders } from '@ledger/http';
import { toCommandResponse } from '../command-response';
import { checkRequestId } from '../approval-requests';
import { ApproveMovementCommand } from './approve-movement.command';
import { ApprovalResponse, ApproveMovementDto } from './approve-movement.dto';

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('v1/approvals')
export class ApproveMovementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/approval')
  @HttpCode(201)
  @Roles('approver')
  @ApiOperation({
    summary: 'Approve a pending movement request (four-eyes): the movement is recorded with the approval, exactly once',
    description:
      'The approver must not be the requester and must act where the movement acts (the source; for a reallocation its destination too). Refusals: 404 APPROVAL_REQUEST_NOT_FOUND, 403 SELF_APPROVAL_NOT_ALLOWED or OUTSIDE_JURISDICTION, 409 APPROVAL_REQUEST_NOT_PENDING or APPROVAL_REQUEST_EXPIRED, and any refusal of the movement itself.',
  })
  @ApiCreatedResponse({ type: ApprovalResponse })
  async approve(@Param('requestId') requestId: string, @Body() body: ApproveMovementDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal): Promise<ApprovalResponse> {
    checkRequestId(requestId);
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: false });
    const { result, request } = await this.commands.execute(new ApproveMovementCommand(requestId, context));
    const movementEventId = result.eventIds[result.eventIds.length - 1];
    return {
      ...toCommandResponse(result),
      requestId,
      state: 'approved',
      transferId: request.movementKind === 'budget-assignment' ? null : requestId,
      movementEventId,
    };
  }
}
