export * from './decider-specification';
export * from './registry.fixture';
export * from './account-spec-builders';
