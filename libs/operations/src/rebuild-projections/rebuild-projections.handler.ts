import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RebuildJobView, ReadSide } from '@ledger/read-models';
import { RebuildProjectionsCommand } from './rebuild-projections.command';

@CommandHandler(RebuildProjectionsCommand)
export class RebuildProjectionsHandler implements ICommandHandler<RebuildProjectionsCommand, RebuildJobView> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  execute(command: RebuildProjectionsCommand): Promise<RebuildJobView> {
    return this.readModels.rebuilder.start(command.projections);
  }
}
