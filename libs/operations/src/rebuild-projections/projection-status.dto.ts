import { ApiProperty } from '@nestjs/swagger';
import { projectionNames, type RebuildJobView, type ReadSideStatus } from '@ledger/read-models';

export class RebuildJobResponse {
  @ApiProperty({ example: '6a0c8a5e-3f0e-4a5b-9c8d-1e2f3a4b5c6d' }) jobId!: string;
  @ApiProperty({ enum: projectionNames, isArray: true, example: ['balances'] }) projections!: string[];
  @ApiProperty({ enum: ['running', 'completed', 'failed', 'abandoned'], example: 'running' }) status!: string;
  @ApiProperty({ enum: ['preparing', 'building', 'indexing', 'catching-up', 'switching', 'done'], example: 'building' }) phase!: string;
  @ApiProperty({ description: 'Last event position written into the rebuilt tables', example: '500000' }) position!: string;
  @ApiProperty({ description: 'The store’s head when the rebuild started', example: '1000000' }) headAtStart!: string;
  @ApiProperty({ example: '500001' }) eventsProcessed!: string;
  @ApiProperty({ description: 'Events processed against the head at start, 0–100', example: 50 }) progressPercent!: number;
  @ApiProperty({ example: '2024-06-14T03:12:45.123Z' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) error!: string | null;
}

export class ProjectionStatusView {
  @ApiProperty({ enum: projectionNames, example: 'balances' }) name!: string;
  @ApiProperty({ description: 'Last event position reflected', example: '999990' }) position!: string;
  @ApiProperty({ description: 'Events stored after that position (positions are dense in the embedded store)', example: '10' }) lagEvents!: string;
}

export class ProjectionsStatusResponse {
  @ApiProperty({ description: 'Position of the last event in the store', example: '1000000' }) headPosition!: string;
  @ApiProperty({ description: 'The lowest position among the projections: what every query can at least reflect', example: '999990' }) position!: string;
  @ApiProperty({ example: { enabled: true, state: 'live', failure: null } }) runner!: { enabled: boolean; state: string; failure: string | null };
  @ApiProperty({ type: [ProjectionStatusView] }) projections!: ProjectionStatusView[];
  @ApiProperty({ description: 'The most recent rebuilds, newest first', type: [RebuildJobResponse] }) rebuilds!: RebuildJobResponse[];
}

export function toRebuildJobResponse(job: RebuildJobView): RebuildJobResponse {
  return {
    ...job,
    projections: [...job.projections],
    position: job.position.toString(),
    headAtStart: job.headAtStart.toString(),
    eventsProcessed: job.eventsProcessed.toString(),
  };
}

export function toStatusResponse(status: ReadSideStatus): ProjectionsStatusResponse {
  const position = status.projections.reduce((min, projection) => (projection.position < min ? projection.position : min), status.projections[0]?.position ?? -1n);
  return {
    headPosition: status.headPosition.toString(),
    position: position.toString(),
    runner: { ...status.runner },
    projections: status.projections.map((projection) => ({ name: projection.name, position: projection.position.toString(), lagEvents: projection.lagEvents.toString() })),
    rebuilds: status.rebuilds.map(toRebuildJobResponse),
  };
}
