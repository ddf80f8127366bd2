import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { OperationsHttpController } from './operations.http.controller';
import { RebuildProjectionsHandler } from './rebuild-projections/rebuild-projections.handler';
import { RebuildProjectionsHttpController } from './rebuild-projections/rebuild-projections.http.controller';

/** The event store as the application writes and reads it: the configured adapter measured by the app's metrics. */
export const MEASURED_EVENT_STORE = Symbol('MEASURED_EVENT_STORE');

/** `/health/live`, `/health/ready` and `/metrics`: every app serves them. */
@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [OperationsHttpController] })
export class OperationsHttpModule {}

/** Operators' view of the read models over HTTP: positions, lag, rebuilds. */
@Module({ providers: [RebuildProjectionsHandler], controllers: [RebuildProjectionsHttpController] })
export class ProjectionAdminHttpModule {}
