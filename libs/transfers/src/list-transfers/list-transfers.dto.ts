import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { budgetSources, capitalTypes, transferKinds, type BudgetSource, type CapitalType, type TransferKind } from '@ledger/domain';
import { transferStates, type TransferState, type TransferView } from '@ledger/read-models';
import { AccountIdParam, BudgetSourceParam, CapitalTypeParam, FlagParam, LocalityIdParam, OneOfParam, PageSizeParam, PlanYearParam, PositionCursorParams, ProgramCodeParam, type FlagText, ReadModelAnswer } from '@ledger/http';

/** Transfers per page. */
export const transfersPageSizeMax = 1_000;
export const transfersPageSizeDefault = 100;

export class TransfersParams extends PositionCursorParams {
  @OneOfParam(transferStates, { description: 'in_transit: debit recorded, credit not yet; completed: both', example: 'in_transit' }) state?: TransferState;
  @OneOfParam(transferKinds, { example: 'allocation' }) transferKind?: TransferKind;
  @AccountIdParam({ description: 'Transfers from or to this account', example: 'DTTS.2024.11.DTPT.NSTW.DA4' }) accountId?: string;
  @LocalityIdParam({ description: 'Transfers from or to this locality', example: '11' }) localityId?: string;
  @FlagParam({ description: 'With localityId: from or to any locality below it too' }) subtree?: FlagText;
  @ProgramCodeParam() programCode?: string;
  @PlanYearParam({ example: 2024 }) planYear?: number;
  @CapitalTypeParam() capitalType?: CapitalType;
  @BudgetSourceParam() budgetSource?: BudgetSource;
  @PageSizeParam(transfersPageSizeMax, transfersPageSizeDefault) limit?: number;
}

export class TransferItemView {
  @ApiProperty({ description: 'The id of the debit event', example: '0190f5c2-8d4e-7a31-9b1e-2c3d4e5f6a7b' }) transferId!: string;
  @ApiProperty({ enum: transferKinds, example: 'allocation' }) transferKind!: string;
  @ApiProperty({ example: 'DTTS.2024.11.DTPT.NSTW.DA4' }) fromAccountId!: string;
  @ApiProperty({ example: 'DTTS.2024.096.DTPT.NSTW.DA4' }) toAccountId!: string;
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ enum: capitalTypes, example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ enum: budgetSources, example: 'NSTW' }) budgetSource!: string;
  @ApiProperty({ example: '11' }) fromLocalityId!: string;
  @ApiProperty({ example: '096' }) toLocalityId!: string;
  @ApiProperty({ example: '56179200000' }) amountVnd!: string;
  @ApiProperty({ nullable: true, type: String, example: '412/QĐ-UBND' }) decisionRef!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '120' }) debitPosition!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-02-26T02:00:00.000Z' }) debitRecordedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null while in transit', example: '121' }) creditPosition!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-02-26T02:00:00.020Z' }) creditRecordedAt!: string | null;
  @ApiProperty({ enum: transferStates, example: 'completed' }) state!: string;
}

export class TransferResponse extends IntersectionType(TransferItemView, ReadModelAnswer) {}

export class TransfersResponse extends ReadModelAnswer {
  @ApiProperty({ type: [TransferItemView] }) transfers!: TransferItemView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as afterPosition for the next page; null on the last', example: null }) nextAfterPosition!: string | null;
}

const optionalPosition = (value: bigint | null): string | null => (value === null ? null : value.toString());

export function toTransferView(transfer: TransferView): TransferItemView {
  return {
    ...transfer,
    amountVnd: transfer.amountVnd.toString(),
    debitPosition: optionalPosition(transfer.debitPosition),
    creditPosition: optionalPosition(transfer.creditPosition),
  };
}
