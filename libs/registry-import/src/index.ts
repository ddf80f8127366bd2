export * from './csv';
export * from './locality-ids';
export * from './unit-text';
export * from './pre-2025-units.parser';
export * from './post-2025-units.parser';
export * from './locality-file';
export * from './fixtures/dien-bien-2024.fixture';
export * from './fixtures/national-target-programs.fixture';
