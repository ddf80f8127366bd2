import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { localityIdPattern, localityLevels, type LocalityLevel } from '@ledger/domain';
import { DecimalInteger, isoDatePattern, OptionalField } from '@ledger/http';

/** Units per page of the locality list. */
export const localityPageSizeMax = 1_000;
export const localityPageSizeDefault = 100;

const dateMessage = 'on must be a date written YYYY-MM-DD';

export class LocalityOnParams {
  @ApiPropertyOptional({ description: 'The date the code is read on (YYYY-MM-DD): a reused code names the unit in force that day', example: '2025-07-01' })
  @OptionalField()
  @Matches(isoDatePattern, { message: dateMessage })
  on?: string;
}

export class LocalityListParams extends LocalityOnParams {
  @ApiPropertyOptional({ description: 'Only units of this level', enum: localityLevels.filter((level) => level !== 'nation') })
  @OptionalField()
  @IsIn(localityLevels.filter((level) => level !== 'nation'))
  level?: Exclude<LocalityLevel, 'nation'>;

  @ApiPropertyOptional({ description: 'Only the units directly under this one (a version id: 11, 11@2025, 094)', example: '11@2025' })
  @OptionalField()
  @Matches(localityIdPattern, { message: 'parentId is not a locality id (e.g. VN, 11, 094, 11@2025)' })
  parentId?: string;

  @ApiPropertyOptional({ description: 'Cursor: answer only units whose id sorts after this one; take it from `nextAfterLocalityId`', example: '03127' })
  @OptionalField()
  @Matches(localityIdPattern, { message: 'afterLocalityId is not a locality id' })
  afterLocalityId?: string;

  @ApiPropertyOptional({ description: `Units per page, at most ${localityPageSizeMax}`, example: localityPageSizeDefault })
  @OptionalField()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(localityPageSizeMax)
  limit?: number;
}
