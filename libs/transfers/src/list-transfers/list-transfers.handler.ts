import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { findTransfer, listTransfers, type Snapshot, type TransferPage, type TransferView, ReadSide } from '@ledger/read-models';
import { GetTransferQuery, ListTransfersQuery } from './list-transfers.query';

@QueryHandler(ListTransfersQuery)
export class ListTransfersHandler implements IQueryHandler<ListTransfersQuery, Snapshot<TransferPage>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: ListTransfersQuery): Promise<Snapshot<TransferPage>> {
    await this.readModels.awaitPosition(query.minPosition, query.filter.subtree ? ['transfers', 'registry'] : ['transfers']);
    return listTransfers(this.readModels.reader, query.filter, query.afterPosition, query.limit);
  }
}

@QueryHandler(GetTransferQuery)
export class GetTransferHandler implements IQueryHandler<GetTransferQuery, Snapshot<TransferView | undefined>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetTransferQuery): Promise<Snapshot<TransferView | undefined>> {
    await this.readModels.awaitPosition(query.minPosition, ['transfers']);
    return findTransfer(this.readModels.reader, query.transferId);
  }
}
