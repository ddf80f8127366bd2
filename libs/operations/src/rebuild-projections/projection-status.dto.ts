import { ApiProperty } from '@nestjs/swagger';
import { parkedEventCodes, projectionFailureCodes, projectionNames, rebuildErrorCodes, type ProjectionFailure, type RebuildJobView, type ReadSideStatus } from '@ledger/read-models';

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
  @ApiProperty({ description: 'Why it did not complete, as a code (the details are in the log)', enum: rebuildErrorCodes, nullable: true, type: String, example: null }) error!: string | null;
}

export class ProjectionStatusView {
  @ApiProperty({ enum: projectionNames, example: 'balances' }) name!: string;
  @ApiProperty({ description: 'Last event position reflected', example: '999990' }) position!: string;
  @ApiProperty({ description: 'Events stored after that position, counted by the store (up to 1,000,000)', example: '10' }) lagEvents!: string;
  @ApiProperty({ description: 'Events this projection could not apply and stepped over: its figures lack their effects until a rebuild applies them', example: 0 }) parkedEvents!: number;
}

export class RunnerFailureView {
  @ApiProperty({ enum: projectionFailureCodes, example: 'READ_STORE_UNAVAILABLE' }) code!: string;
  @ApiProperty({ enum: projectionNames, nullable: true, type: String, description: 'The projection whose batch failed, when one did', example: null }) projection!: string | null;
  @ApiProperty({ description: 'The lowest checkpoint: the failing batch holds the events after it', example: '999990' }) afterPosition!: string;
  @ApiProperty({ description: 'Failed attempts in a row', example: 3 }) attempts!: number;
  @ApiProperty({ example: '2024-06-14T03:12:45.123Z' }) since!: string;
}

export class RunnerView {
  @ApiProperty({ example: true }) enabled!: boolean;
  @ApiProperty({ enum: ['stopped', 'starting', 'catching-up', 'live', 'retrying', 'elsewhere', 'waiting for lease'], example: 'live' }) state!: string;
  @ApiProperty({ type: RunnerFailureView, nullable: true, description: 'Why the runner is retrying, as a code; the error’s text is in the log only', example: null }) failure!: RunnerFailureView | null;
}

export class ParkedEventResponse {
  @ApiProperty({ enum: projectionNames, example: 'audit-trail' }) projection!: string;
  @ApiProperty({ example: '123456' }) position!: string;
  @ApiProperty({ example: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }) eventId!: string;
  @ApiProperty({ example: 'FundsDisbursed' }) eventType!: string;
  @ApiProperty({ enum: parkedEventCodes, example: 'READ_STORE_REFUSED_EVENT' }) code!: string;
  @ApiProperty({ example: '2024-06-14T03:12:45.123Z' }) parkedAt!: string;
}

export class ProjectionsStatusResponse {
  @ApiProperty({ description: 'Position of the last event in the store', example: '1000000' }) headPosition!: string;
  @ApiProperty({ description: 'The lowest position among the projections: what every query can at least reflect', example: '999990' }) position!: string;
  @ApiProperty({ type: RunnerView }) runner!: RunnerView;
  @ApiProperty({ description: 'True when a projection parked events: the read models serve, but lack those events’ effects', example: false }) degraded!: boolean;
  @ApiProperty({ type: [ProjectionStatusView] }) projections!: ProjectionStatusView[];
  @ApiProperty({ description: 'Events the projections parked, in position order (the first 100; the counts above cover all). A rebuild tries them again.', type: [ParkedEventResponse] })
  parkedEvents!: ParkedEventResponse[];
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

function toFailureView(failure: ProjectionFailure | null): RunnerFailureView | null {
  return failure === null ? null : { ...failure, afterPosition: failure.afterPosition.toString() };
}

export function toStatusResponse(status: ReadSideStatus): ProjectionsStatusResponse {
  const position = status.projections.reduce((min, projection) => (projection.position < min ? projection.position : min), status.projections[0]?.position ?? -1n);
  return {
    headPosition: status.headPosition.toString(),
    position: position.toString(),
    runner: { ...status.runner, failure: toFailureView(status.runner.failure) },
    degraded: status.degraded,
    projections: status.projections.map((projection) => ({
      name: projection.name,
      position: projection.position.toString(),
      lagEvents: projection.lagEvents.toString(),
      parkedEvents: projection.parkedEvents,
    })),
    parkedEvents: status.parkedEvents.map((parked) => ({ ...parked, position: parked.position.toString() })),
    rebuilds: status.rebuilds.map(toRebuildJobResponse),
  };
}
