export * from './locality-import/csv';
export * from './locality-import/locality-ids';
export * from './locality-import/unit-text';
export * from './locality-import/pre-2025-units.parser';
export * from './locality-import/post-2025-units.parser';
export * from './locality-import/locality-file';
export * from './fixtures/dien-bien-2024.fixture';
export * from './fixtures/national-target-programs.fixture';
