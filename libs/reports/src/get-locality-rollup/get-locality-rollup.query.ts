import { Query } from '@nestjs/cqrs';
import type { FundingLineFilter, RollupAcrossChange, Snapshot } from '@ledger/read-models';
import type { AsOfView, LedgerAsOfAnswer } from '@ledger/audit';

export interface RollupOptions {
  /** Report the unit with the units it came from (by lineage), as one territory. */
  readonly includePredecessors: boolean;
  /** With a program: report it with the programs it succeeded, each plan year under its own program. */
  readonly followProgramSuccession: boolean;
  /** Read the path as a code, naming the unit in force that day. */
  readonly on?: string;
}

/** A roll-up with the programs it covers when following a program's succession. */
export type LocalityRollup = RollupAcrossChange & { readonly programCodes: readonly string[] | null };

/** A locality's subtree totals per funding line, on its own structure or across the change. */
export class GetLocalityRollupQuery extends Query<Snapshot<LocalityRollup>> {
  constructor(
    readonly localityId: string,
    readonly filter: FundingLineFilter,
    readonly minPosition: bigint | undefined,
    readonly options: RollupOptions = { includePredecessors: false, followProgramSuccession: false },
  ) {
    super();
  }
}

/** The same roll-up as of a view of the past, folded from the events of that view. */
export class GetLocalityRollupAsOfQuery extends Query<LedgerAsOfAnswer<LocalityRollup>> {
  constructor(
    readonly localityId: string,
    readonly filter: FundingLineFilter,
    readonly view: AsOfView,
    readonly options: RollupOptions = { includePredecessors: false, followProgramSuccession: false },
  ) {
    super();
  }
}
