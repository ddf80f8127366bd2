import { Get, Param, Query as QueryParams } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { describeLocalityVersion, isInForceOn, localityIdPattern, resolveLocalityReference, type Locality, type Succession } from '@ledger/domain';
import { CommandRefusedError, NotFoundError } from '@ledger/commands';
import { InputValidationError, localityIdMessage, checkDateField } from '@ledger/http';
import { RegistryBrowseController } from '../registry-browse-controller';
import { RegistryService } from '../registry.service';
import { LocalityListParams, LocalityOnParams, localityPageSizeDefault } from './browse-localities.dto';

function unitView(unit: Locality) {
  return { localityId: unit.localityId, code: unit.code, name: unit.name, level: unit.level, parentId: unit.parentId, validFrom: unit.validFrom, validTo: unit.validTo };
}

function checkDate(on: string | undefined): void {
  if (on !== undefined) checkDateField(on, 'on');
}

/**
 * Localities over time. A locality is a version of a unit: `03127` is Phường Him Lam (until
 * 30 June 2025), `03127@2025` the new Phường Điện Biên Phủ. A code in the path names the unit in
 * force on `on`; without a date, a code with several versions is refused with the candidates.
 */
@RegistryBrowseController('v1/localities')
export class BrowseLocalitiesHttpController {
  constructor(private readonly registry: RegistryService) {}

  @Get()
  @ApiOperation({ summary: 'The units of a date (63 provinces on 2025-06-30, 34 on 2025-07-01), by level and parent, paged by id' })
  async list(@QueryParams() params: LocalityListParams) {
    checkDate(params.on);
    await this.registry.catchUp();
    const page = this.registry.listLocalities({
      level: params.level,
      parentId: params.parentId,
      on: params.on,
      afterLocalityId: params.afterLocalityId,
      limit: params.limit ?? localityPageSizeDefault,
    });
    return { on: params.on ?? null, level: params.level ?? null, parentId: params.parentId ?? null, localities: page.localities.map(unitView), nextAfterLocalityId: page.nextAfterLocalityId };
  }

  @Get(':localityId')
  @ApiOperation({ summary: 'The unit a code (or version id) names on a date, with its parent’s children, its other versions and its lineage' })
  async locality(@Param('localityId') reference: string, @QueryParams() params: LocalityOnParams) {
    const unit = await this.resolve(reference, params.on);
    const children = this.registry.children(unit.localityId).map((childId) => {
      const child = this.registry.locality(childId);
      return { localityId: childId, code: child?.code ?? childId, name: child?.name ?? '', level: child?.level ?? null };
    });
    return {
      ...unitView(unit),
      on: params.on ?? null,
      children,
      versions: this.registry.versionsOf(unit.code).map(unitView),
      predecessors: this.lineageView(this.registry.predecessorsOf(unit.localityId), 'predecessorId'),
      successors: this.lineageView(this.registry.successorsOf(unit.localityId), 'successorId'),
    };
  }

  @Get(':localityId/lineage')
  @ApiOperation({ summary: 'Which units a unit came from and how (whole, part, renamed, unchanged), and which it became' })
  async lineage(@Param('localityId') reference: string, @QueryParams() params: LocalityOnParams) {
    const unit = await this.resolve(reference, params.on);
    return {
      locality: unitView(unit),
      predecessors: this.lineageView(this.registry.predecessorsOf(unit.localityId), 'predecessorId'),
      successors: this.lineageView(this.registry.successorsOf(unit.localityId), 'successorId'),
    };
  }

  private lineageView(successions: readonly Succession[], side: 'predecessorId' | 'successorId') {
    return successions.map((succession) => {
      const other = this.registry.locality(succession[side]);
      return { ...(other ? unitView(other) : { localityId: succession[side] }), kind: succession.kind, note: succession.note };
    });
  }

  private async resolve(reference: string, on: string | undefined): Promise<Locality> {
    if (!localityIdPattern.test(reference)) throw new InputValidationError([{ field: 'localityId', messages: [localityIdMessage] }]);
    checkDate(on);
    const known = () => this.registry.locality(reference) ?? this.registry.versionsOf(reference)[0];
    if (!known()) await this.registry.catchUp();
    const resolution = resolveLocalityReference(this.registry.view, reference, on ?? null);
    if (!resolution.ok) {
      if (resolution.refusal.code === 'LOCALITY_NOT_IN_FORCE') throw new NotFoundError('LOCALITY_NOT_FOUND', resolution.refusal.message, { localityId: reference, on: on ?? '' });
      throw new CommandRefusedError(resolution.refusal);
    }
    const unit = this.registry.locality(resolution.localityId);
    if (!unit) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${reference} is not registered`, { localityId: reference });
    if (on !== undefined && !isInForceOn(unit, on)) {
      throw new NotFoundError('LOCALITY_NOT_FOUND', `${describeLocalityVersion(unit)} was not in force on ${on}`, { localityId: reference, on });
    }
    return unit;
  }
}
