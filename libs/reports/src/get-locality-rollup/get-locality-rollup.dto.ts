import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { budgetSources, capitalTypes } from '@ledger/domain';
import { addFigures, zeroFigures, type Rollup } from '@ledger/read-models';
import { FundingLineParams, WithAsOfParams, type AsOfSummary } from '@ledger/http';
import { LocalityView, SubtreeFiguresView, toFiguresView } from '../figures.view';

/** A roll-up's funding line, and optionally the view of the past it is asked as of. */
export class LocalityRollupParams extends WithAsOfParams(FundingLineParams) {}

export class RollupLineView extends SubtreeFiguresView {
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ enum: capitalTypes, example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ enum: budgetSources, example: 'NSTW' }) budgetSource!: string;
}

export class RollupResponse {
  @ApiProperty({ description: 'The event position this answer reflects (also in X-Projection-Position)', example: '1234' }) position!: string;
  @ApiProperty({ type: LocalityView }) locality!: LocalityView;
  @ApiProperty({ description: 'All lines added together', type: SubtreeFiguresView }) total!: SubtreeFiguresView;
  @ApiProperty({ description: 'One line per program, plan year, capital type and budget source', type: [RollupLineView] }) lines!: RollupLineView[];
  @ApiPropertyOptional({ description: 'Present when asked with asOfDate, knownAt or asOfPosition: the view, the position it reflects, and the events on which the other clock differs' })
  asOf?: AsOfSummary;
}

export function toRollupResponse(rollup: Rollup & { locality: NonNullable<Rollup['locality']> }, position: string): RollupResponse {
  return {
    position,
    locality: { localityId: rollup.locality.localityId, code: rollup.locality.code, name: rollup.locality.name, level: rollup.locality.level },
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
