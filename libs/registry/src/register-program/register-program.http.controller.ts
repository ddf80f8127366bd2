import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, type RequestHeaders, InputValidationError } from '@ledger/http';
import { RegisterProgramCommand } from './register-program.command';
import { RegisterProgramDto } from './register-program.dto';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('v1/programs')
export class RegisterProgramHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({ summary: 'Register a program with its component projects (re-applying the same definition writes nothing)' })
  async register(@Body() body: RegisterProgramDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal) {
    if (body.planYearTo < body.planYearFrom) throw new InputValidationError([{ field: 'planYearTo', messages: ['planYearTo must not be before planYearFrom'] }]);
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const program = {
      programCode: body.programCode,
      name: body.name,
      decisionRef: context.decisionRef as string,
      planYearFrom: body.planYearFrom,
      planYearTo: body.planYearTo,
      // Fields added later are named only when given, so a request as the first release took it
      // keeps its hash and a retry of it is still recognised.
      components: body.components.map(({ componentCode, name, planYearFrom, planYearTo }) => ({
        componentCode,
        name,
        ...(planYearFrom !== undefined ? { planYearFrom } : {}),
        ...(planYearTo !== undefined ? { planYearTo } : {}),
      })),
      ...(body.succeeds !== undefined && body.succeeds.length > 0 ? { succeeds: body.succeeds } : {}),
    };
    const result = await this.commands.execute(new RegisterProgramCommand(program, context));
    return { programCode: result.programCode, eventIds: result.eventIds, revision: result.revision.toString(), position: result.position.toString() };
  }
}
