export * from './digest-schedule';
export * from './digest-schedule.readiness';
export * from './digest-schedule.module';
export * from './audit-digests.module';
export * from './list-digests/list-digests.dto';
