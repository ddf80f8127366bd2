export * from './decider-specification';
export * from './registry.fixture';
