import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, type RequestHeaders } from '@ledger/http';
import { toCommandResponse } from '../command-response';
import { checkRequestId } from '../approval-requests';
import { ApprovalDecisionResponse } from '../approve-movement/approve-movement.dto';
import { RejectMovementCommand } from './reject-movement.command';
import { RejectMovementDto } from './reject-movement.dto';

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('v1/approvals')
export class RejectMovementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/rejection')
  @HttpCode(201)
  @Roles('approver')
  @ApiOperation({
    summary: 'Reject a pending movement request with a reason: its hold is released and nothing moves',
    description: 'An approver of the source’s jurisdiction may reject, also a request they made themselves (a withdrawal moves no money). Refusals: 404 APPROVAL_REQUEST_NOT_FOUND, 403 OUTSIDE_JURISDICTION, 409 APPROVAL_REQUEST_NOT_PENDING or APPROVAL_REQUEST_EXPIRED.',
  })
  @ApiCreatedResponse({ type: ApprovalDecisionResponse })
  async reject(@Param('requestId') requestId: string, @Body() body: RejectMovementDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal): Promise<ApprovalDecisionResponse> {
    checkRequestId(requestId);
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: false });
    const { result } = await this.commands.execute(new RejectMovementCommand(requestId, body.reason, context));
    return { ...toCommandResponse(result), requestId, state: 'rejected' };
  }
}
