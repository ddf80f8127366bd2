import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Param, Query as QueryParams } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { afterPositionFrom, InputValidationError, flag, FreshnessParams, pageLimit, ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { toTransferView, TransferResponse, TransfersParams, TransfersResponse, transfersPageSizeDefault } from './list-transfers.dto';
import { GetTransferQuery, ListTransfersQuery } from './list-transfers.query';

const transferIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

@ApiTags('queries')
@Controller('v1/transfers')
export class ListTransfersHttpController extends ReadModelController {
  @ReadModelRoute('', TransfersResponse, 'Every transfer between accounts and whether it is still in transit (debit recorded, credit not yet), in debit order')
  async list(
    @QueryParams() params: TransfersParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<TransfersResponse> {
    await this.jurisdiction.assertFilterReadable(principal, params);
    const snapshot = await this.queries.execute(
      new ListTransfersQuery(
        {
          state: params.state,
          transferKind: params.transferKind,
          accountId: params.accountId,
          localityId: params.localityId,
          subtree: flag(params.subtree),
          programCode: params.programCode,
          planYear: params.planYear,
          capitalType: params.capitalType,
          budgetSource: params.budgetSource,
        },
        afterPositionFrom(params),
        pageLimit(params.limit, transfersPageSizeDefault),
        freshness.minPosition(params),
      ),
    );
    return freshness.positionPage(snapshot, 'transfers', toTransferView);
  }

  @ReadModelRoute(':transferId', TransferResponse, 'One transfer with its debit and, once recorded, its credit')
  async one(
    @Param('transferId') transferId: string,
    @QueryParams() params: FreshnessParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<TransferResponse> {
    if (!transferIdPattern.test(transferId)) throw new InputValidationError([{ field: 'transferId', messages: ['transferId is not a transfer id'] }]);
    const snapshot = await this.queries.execute(new GetTransferQuery(transferId, freshness.minPosition(params)));
    const position = freshness.reflect(snapshot.position);
    if (!snapshot.value) throw new NotFoundError('TRANSFER_NOT_FOUND', `no transfer ${transferId} in the read model`, { transferId, position });
    // A transfer is seen from either of its accounts: inside the jurisdiction of its source or its destination.
    const view = toTransferView(snapshot.value);
    await this.jurisdiction.assertFilterReadable(principal, { accountId: view.fromAccountId }).catch(() => this.jurisdiction.assertFilterReadable(principal, { accountId: view.toAccountId }));
    return { ...view, position };
  }
}
