import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { budgetSources, capitalTypes } from '@ledger/domain';
import { addFigures, zeroFigures, type RollupAcrossChange } from '@ledger/read-models';
import { AsOfDateParam, AsOfPositionParam, DateParam, FlagParam, FundingLineParams, KnownAtParam, type AsOfFields, type AsOfSummary, type FlagText, ReadModelAnswer } from '@ledger/http';
import { LocalityView, SubtreeFiguresView, toFiguresView, toLocalityView } from '../figures.view';

export class RollupLineView extends SubtreeFiguresView {
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ enum: capitalTypes, example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ enum: budgetSources, example: 'NSTW' }) budgetSource!: string;
}

/** A roll-up's funding line, its structure, and optionally the view of the past it is asked as of. */
export class RollupParams extends FundingLineParams implements AsOfFields {
  @AsOfDateParam() asOfDate?: string;
  @KnownAtParam() knownAt?: string;
  @AsOfPositionParam() asOfPosition?: string;

  @FlagParam({ description: 'Report the unit with the units it came from by lineage (a new province with the old provinces and districts it took in whole), as one territory' })
  includePredecessors?: FlagText;

  @FlagParam({ description: 'With programCode: include the programs it succeeded (the merged 2026–2035 program with DTTS, GNBV and NTM); each line keeps its own program' })
  followProgramSuccession?: FlagText;

  @DateParam({ description: 'Read the path as a code on this date (YYYY-MM-DD): 11 on 2025-07-01 is 11@2025', example: '2025-07-01' }) on?: string;
}

export class StructureView {
  @ApiProperty({ description: 'The units whose subtrees the figures sum, the report’s own unit first', example: ['82@2025', '82', '87'] }) localityIds!: string[];
  @ApiProperty({ description: 'First day the report’s own unit was in force (null: unknown)', nullable: true, type: String, example: '2025-07-01' }) validFrom!: string | null;
  @ApiProperty({ description: 'Last day it was in force (null: still in force)', nullable: true, type: String, example: null }) validTo!: string | null;
  @ApiProperty({ description: 'True when the figures include the units it came from', example: true }) includesPredecessors!: boolean;
  @ApiProperty({ description: 'Predecessors taken in only in part: their money appears here only as handed over', example: [] }) partialPredecessorIds!: string[];
  @ApiProperty({ description: 'The programs the lines cover, when following a program’s succession; null otherwise', nullable: true, type: [String], example: null }) programCodes!: string[] | null;
}

export class RollupResponse extends ReadModelAnswer {
  @ApiProperty({ type: LocalityView }) locality!: LocalityView;
  @ApiProperty({ description: 'Which structure every figure uses: the units, their period, and whether predecessors are included', type: StructureView }) structure!: StructureView;
  @ApiProperty({ description: 'All lines added together', type: SubtreeFiguresView }) total!: SubtreeFiguresView;
  @ApiProperty({ description: 'One line per program, plan year, capital type and budget source', type: [RollupLineView] }) lines!: RollupLineView[];
  @ApiPropertyOptional({ description: 'Present when asked with asOfDate, knownAt or asOfPosition: the view, the position it reflects, and the events on which the other clock differs' })
  asOf?: AsOfSummary;
}

export function toRollupResponse(rollup: RollupAcrossChange & { locality: NonNullable<RollupAcrossChange['locality']>; programCodes: readonly string[] | null }, position: string, includesPredecessors: boolean): RollupResponse {
  return {
    position,
    locality: toLocalityView(rollup.locality),
    structure: {
      localityIds: [...rollup.structure.localityIds],
      validFrom: rollup.structure.validFrom,
      validTo: rollup.structure.validTo,
      includesPredecessors,
      partialPredecessorIds: [...rollup.structure.partialPredecessorIds],
      programCodes: rollup.programCodes ? [...rollup.programCodes] : null,
    },
    total: toFiguresView(rollup.lines.reduce(addFigures, zeroFigures)),
    lines: rollup.lines.map((line) => ({
      programCode: line.programCode ?? '',
      planYear: line.planYear ?? 0,
      capitalType: line.capitalType ?? '',
      budgetSource: line.budgetSource ?? '',
      ...toFiguresView(line),
    })),
  };
}
