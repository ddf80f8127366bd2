import { Command } from '@nestjs/cqrs';
import type { RegisterProgram } from '@ledger/domain';
import type { CommandContext } from '@ledger/commands';
import type { ProgramRegistration } from '../registry.service';

/** Register a national target program with its component projects, or add components to it. */
export class RegisterProgramCommand extends Command<ProgramRegistration> {
  constructor(
    readonly program: RegisterProgram,
    readonly context: CommandContext,
  ) {
    super();
  }
}
