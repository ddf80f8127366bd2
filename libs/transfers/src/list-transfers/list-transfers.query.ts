import { Query } from '@nestjs/cqrs';
import type { Snapshot, TransferFilter, TransferPage, TransferView } from '@ledger/read-models';

/** A page of transfers with their state (in transit or completed). */
export class ListTransfersQuery extends Query<Snapshot<TransferPage>> {
  constructor(
    readonly filter: TransferFilter,
    readonly afterPosition: bigint,
    readonly limit: number,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}

export class GetTransferQuery extends Query<Snapshot<TransferView | undefined>> {
  constructor(
    readonly transferId: string,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
