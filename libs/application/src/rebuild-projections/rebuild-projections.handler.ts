import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RebuildJobView } from '@ledger/read-models';
import { ReadModels } from '../read-side/read-models.service';
import { RebuildProjectionsCommand } from './rebuild-projections.command';

@CommandHandler(RebuildProjectionsCommand)
export class RebuildProjectionsHandler implements ICommandHandler<RebuildProjectionsCommand, RebuildJobView> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute(command: RebuildProjectionsCommand): Promise<RebuildJobView> {
    return this.readModels.rebuilder.start(command.projections);
  }
}
