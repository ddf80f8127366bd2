import { Roles } from '@ledger/identity';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isProjectionName, projectionNames, type ProjectionName, ReadSide } from '@ledger/read-models';
import { NotFoundError } from '@ledger/commands';
import { NoBodyPipe } from '@ledger/http';
import { reflectPosition, type HeaderReply } from '@ledger/http';
import { ProjectionsStatusResponse, RebuildJobResponse, toRebuildJobResponse, toStatusResponse } from './projection-status.dto';
import { RebuildProjectionsCommand } from './rebuild-projections.command';

const jobIdPattern = /^[0-9a-f-]{36}$/;

function projectionsNamed(name: string): readonly ProjectionName[] {
  if (name === 'all') return projectionNames;
  if (isProjectionName(name)) return [name];
  throw new NotFoundError('PROJECTION_NOT_FOUND', `no projection ${name}; known: ${projectionNames.join(', ')} or all`, { projection: name });
}

/** Operators' view of the read models: positions, lag behind the store, rebuilds. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('administrator')
@Controller('v1')
export class RebuildProjectionsHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(ReadSide) private readonly readModels: ReadSide,
  ) {}

  @Get(['admin/projections', 'projections/status'])
  @ApiOperation({ summary: 'Each projection’s position, the store’s head, the lag in events, and recent rebuilds with their progress' })
  @ApiOkResponse({ type: ProjectionsStatusResponse })
  async status(@Res({ passthrough: true }) reply: HeaderReply): Promise<ProjectionsStatusResponse> {
    const response = toStatusResponse(await this.readModels.status());
    reflectPosition(reply, BigInt(response.position));
    return response;
  }

  @Post('admin/projections/:name/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: `Rebuild a projection (${projectionNames.join(', ')}, or all) from position zero while queries keep reading the live tables; follow it at GET /v1/admin/projections/rebuilds/{jobId}` })
  @ApiAcceptedResponse({ type: RebuildJobResponse })
  async rebuild(@Param('name') name: string, @Body(NoBodyPipe) _body: undefined): Promise<RebuildJobResponse> {
    return toRebuildJobResponse(await this.commands.execute(new RebuildProjectionsCommand(projectionsNamed(name))));
  }

  @Get('admin/projections/rebuilds/:jobId')
  @ApiOperation({ summary: 'One rebuild’s status and progress' })
  @ApiOkResponse({ type: RebuildJobResponse })
  async job(@Param('jobId') jobId: string): Promise<RebuildJobResponse> {
    const job = jobIdPattern.test(jobId) ? await this.readModels.rebuilder.job(jobId) : undefined;
    if (!job) throw new NotFoundError('REBUILD_NOT_FOUND', `no rebuild ${jobId}`, { jobId });
    return toRebuildJobResponse(job);
  }
}
