import { Matches } from 'class-validator';
import { localityIdPattern, localityLevels, type LocalityLevel } from '@ledger/domain';
import { DateParam, LimitParam, OneOfParam, QueryParam } from '@ledger/http';

/** Units per page of the locality list. */
export const localityPageSizeMax = 1_000;
export const localityPageSizeDefault = 100;

export class LocalityOnParams {
  @DateParam({ description: 'The date the code is read on (YYYY-MM-DD): a reused code names the unit in force that day', example: '2025-07-01' }) on?: string;
}

export class LocalityListParams extends LocalityOnParams {
  @OneOfParam(
    localityLevels.filter((level) => level !== 'nation'),
    { description: 'Only units of this level' },
  )
  level?: Exclude<LocalityLevel, 'nation'>;

  @QueryParam({ description: 'Only the units directly under this one (a version id: 11, 11@2025, 094)', example: '11@2025' }, Matches(localityIdPattern, { message: 'parentId is not a locality id (e.g. VN, 11, 094, 11@2025)' }))
  parentId?: string;

  @QueryParam(
    { description: 'Cursor: answer only units whose id sorts after this one; take it from `nextAfterLocalityId`', example: '03127' },
    Matches(localityIdPattern, { message: 'afterLocalityId is not a locality id' }),
  )
  afterLocalityId?: string;

  @LimitParam(localityPageSizeMax, { description: `Units per page, at most ${localityPageSizeMax}`, example: localityPageSizeDefault }) limit?: number;
}
