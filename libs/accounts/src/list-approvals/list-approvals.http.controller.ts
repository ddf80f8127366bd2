import { Controller, Param, Query as QueryParams } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { nationLocalityId } from '@ledger/domain';
import { NotFoundError } from '@ledger/commands';
import { Acting, type ActingPrincipal, type Role } from '@ledger/identity';
import { afterPositionFrom, FreshnessParams, pageLimit, ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { checkRequestId } from '../approval-requests';
import { ApprovalRequestResponse, ApprovalsParams, ApprovalsResponse, approvalsPageSizeDefault, toApprovalView } from './list-approvals.dto';
import { GetApprovalQuery, ListApprovalsQuery } from './list-approvals.query';

/**
 * Who reads movement requests: approvers (what waits in their jurisdiction), auditors, and finance
 * officers, who see their own requests only. A principal with several of these roles acts in the
 * first it holds, in this order, so an officer who also approves sees what waits for them.
 */
export const approvalReaderRoles: readonly Role[] = ['approver', 'auditor', 'finance-officer'];

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('v1/approvals')
export class ListApprovalsHttpController extends ReadModelController {
  @ReadModelRoute('', ApprovalsResponse, 'Movement requests under four-eyes, in the order they were made: what waits for approval (state=pending), and what was approved, rejected or expired', { roles: approvalReaderRoles, description: 'Requests from accounts in the jurisdiction of the token (or of localityId, within it). Finance officers see the requests they made themselves.' })
  async list(@QueryParams() params: ApprovalsParams, @Acting() acting: ActingPrincipal, @Freshness() freshness: ReadFreshness): Promise<ApprovalsResponse> {
    const { principal, role } = acting;
    // Without a locality, a principal below the nation reads its own jurisdiction.
    const localityId = params.localityId ?? (principal.jurisdiction === nationLocalityId ? undefined : principal.jurisdiction);
    await this.jurisdiction.assertFilterReadable(principal, { accountId: params.accountId, localityId });
    const snapshot = await this.queries.execute(
      new ListApprovalsQuery(
        {
          state: params.state,
          localityId,
          accountId: params.accountId,
          movementKind: params.movementKind,
          requestedBy: role === 'finance-officer' ? principal.userId : undefined,
        },
        afterPositionFrom(params),
        pageLimit(params.limit, approvalsPageSizeDefault),
        freshness.minPosition(params),
      ),
    );
    return freshness.positionPage(snapshot, 'requests', toApprovalView);
  }

  @ReadModelRoute(':requestId', ApprovalRequestResponse, 'One movement request as it stands now: pending, approved (with its transfer), rejected (with the reason) or expired', { roles: approvalReaderRoles })
  async one(
    @Param('requestId') requestId: string,
    @QueryParams() params: FreshnessParams,
    @Acting() acting: ActingPrincipal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<ApprovalRequestResponse> {
    checkRequestId(requestId);
    const snapshot = await this.queries.execute(new GetApprovalQuery(requestId, freshness.minPosition(params)));
    const position = freshness.reflect(snapshot.position);
    const request = snapshot.value;
    const notFound = new NotFoundError('APPROVAL_REQUEST_NOT_FOUND', `no movement request ${requestId} in the read model`, { requestId, position });
    if (!request) throw notFound;
    await this.jurisdiction.assertReadable(acting.principal, request.localityId);
    // Another officer's request is none of a finance officer's business: it is not found, rather than forbidden.
    if (acting.role === 'finance-officer' && request.requestedBy !== acting.principal.userId) throw notFound;
    return { ...toApprovalView(request), position };
  }
}
