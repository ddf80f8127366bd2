import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryService, type ProgramRegistration } from '../registry.service';
import { RegisterProgramCommand } from './register-program.command';

@CommandHandler(RegisterProgramCommand)
export class RegisterProgramHandler implements ICommandHandler<RegisterProgramCommand, ProgramRegistration> {
  constructor(private readonly registry: RegistryService) {}

  execute(command: RegisterProgramCommand): Promise<ProgramRegistration> {
    return this.registry.registerProgram(command.program, command.context);
  }
}
