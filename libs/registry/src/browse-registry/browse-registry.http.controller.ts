import { Roles, roles } from '@ledger/identity';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { localityIdPattern } from '@ledger/domain';
import { RegistryService } from '../registry.service';
import { NotFoundError } from '@ledger/commands';
import { InputValidationError } from '@ledger/http';

/** Read access to the registry's current view; its history is in the registry streams. */
@ApiTags('registry')
@ApiBearerAuth()
@Roles(...roles)
@Controller('v1')
export class BrowseRegistryHttpController {
  constructor(private readonly registry: RegistryService) {}

  @Get('programs')
  @ApiOperation({ summary: 'Registered programs and their component projects' })
  async programs() {
    await this.registry.catchUp();
    return {
      programs: this.registry.programs().map((program) => ({
        programCode: program.programCode,
        name: program.name,
        decisionRef: program.decisionRef,
        planYearFrom: program.planYearFrom,
        planYearTo: program.planYearTo,
        components: [...program.components.entries()].map(([componentCode, name]) => ({ componentCode, name })),
      })),
    };
  }

  @Get('localities/:localityId')
  @ApiOperation({ summary: 'One locality with its parent and its children' })
  async locality(@Param('localityId') localityId: string) {
    if (!localityIdPattern.test(localityId)) throw new InputValidationError([{ field: 'localityId', messages: ['localityId is not a locality id (e.g. 11, 094, 03127, 11@2025)'] }]);
    let locality = this.registry.locality(localityId);
    if (!locality && (await this.registry.catchUp())) locality = this.registry.locality(localityId);
    if (!locality) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${localityId} is not registered`, { localityId });
    const children = this.registry.children(localityId).map((childId) => {
      const child = this.registry.locality(childId);
      return { localityId: childId, code: child?.code ?? childId, name: child?.name ?? '', level: child?.level ?? null };
    });
    return { ...locality, children };
  }
}
