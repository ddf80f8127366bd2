import { Command } from '@nestjs/cqrs';
import type { ProjectionName, RebuildJobView } from '@ledger/read-models';

/** Rebuild projections from position zero beside the live tables, then switch them in. */
export class RebuildProjectionsCommand extends Command<RebuildJobView> {
  constructor(readonly projections: readonly ProjectionName[]) {
    super();
  }
}
