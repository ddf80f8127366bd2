import { Get, Query as QueryParams } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { programLineage } from '@ledger/domain';
import { PlanYearParam } from '@ledger/http';
import { RegistryBrowseController } from '../registry-browse-controller';
import { RegistryService } from '../registry.service';

export class ProgramListParams {
  @PlanYearParam({ description: 'Only the programs (and components) that run this plan year', example: 2026 }) planYear?: number;
}

/** Read access to the programs as the registry knows them now; their history is in the registry streams. */
@RegistryBrowseController('v1')
export class BrowseRegistryHttpController {
  constructor(private readonly registry: RegistryService) {}

  @Get('programs')
  @ApiOperation({ summary: 'Registered programs with the plan years they run, their component projects, and the programs they succeed or that succeed them' })
  async programs(@QueryParams() params: ProgramListParams) {
    await this.registry.catchUp();
    const planYear = params.planYear;
    return {
      planYear: planYear ?? null,
      programs: this.registry
        .programs()
        .filter((program) => planYear === undefined || (program.planYearFrom <= planYear && planYear <= program.planYearTo))
        .map((program) => ({
          programCode: program.programCode,
          name: program.name,
          decisionRef: program.decisionRef,
          planYearFrom: program.planYearFrom,
          planYearTo: program.planYearTo,
          components: [...program.components.values()]
            .filter((component) => planYear === undefined || ((component.planYearFrom ?? program.planYearFrom) <= planYear && planYear <= (component.planYearTo ?? program.planYearTo)))
            .map((component) => ({ componentCode: component.componentCode, name: component.name, planYearFrom: component.planYearFrom ?? program.planYearFrom, planYearTo: component.planYearTo ?? program.planYearTo })),
          predecessorCodes: program.predecessorCodes,
          successorCodes: program.successorCodes,
          lineage: programLineage(this.registry.view, program.programCode).map((member) => ({ programCode: member.programCode, planYearFrom: member.planYearFrom, planYearTo: member.planYearTo })),
        })),
    };
  }
}
