import { Query } from '@nestjs/cqrs';
import type { FundingLineFilter, RollupAcrossChange, Snapshot } from '@ledger/read-models';

export interface RollupOptions {
  /** Report the unit with the units it came from (by lineage), as one territory. */
  readonly includePredecessors: boolean;
  /** With a program: report it with the programs it succeeded, each plan year under its own program. */
  readonly followProgramSuccession: boolean;
  /** Read the path as a code, naming the unit in force that day. */
  readonly on?: string;
}

/** A locality's subtree totals per funding line, on its own structure or across the change. */
export class GetLocalityRollupQuery extends Query<Snapshot<RollupAcrossChange & { readonly programCodes: readonly string[] | null }>> {
  constructor(
    readonly localityId: string,
    readonly filter: FundingLineFilter,
    readonly minPosition: bigint | undefined,
    readonly options: RollupOptions = { includePredecessors: false, followProgramSuccession: false },
  ) {
    super();
  }
}
