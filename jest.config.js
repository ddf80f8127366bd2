// Three test tiers, each a jest project with its own script (see package.json).
// ts-jest runs in transpile-only mode here; `npm run typecheck` type-checks the whole tree once.
const moduleNameMapper = {
  '^@ledger/domain$': '<rootDir>/libs/domain/src',
  '^@ledger/event-store$': '<rootDir>/libs/event-store/src',
  '^@ledger/event-store/testing$': '<rootDir>/libs/event-store/testing',
  '^@ledger/event-store-sqlite$': '<rootDir>/libs/event-store-sqlite/src',
  '^@ledger/event-store-esdb$': '<rootDir>/libs/event-store-esdb/src',
  '^@ledger/event-store-migration$': '<rootDir>/libs/event-store-migration/src',
  '^@ledger/esdb-test-double$': '<rootDir>/test/esdb-double',
  '^@ledger/application$': '<rootDir>/libs/application/src',
  '^@ledger/config$': '<rootDir>/libs/config/src',
  '^@ledger/read-models$': '<rootDir>/libs/read-models/src',
  '^@ledger/read-models-sqlite$': '<rootDir>/libs/read-models-sqlite/src',
  '^@ledger/read-models-postgres$': '<rootDir>/libs/read-models-postgres/src',
  '^@ledger/wiring$': '<rootDir>/libs/wiring/src',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Generous: the machine is shared and tests must not depend on timing; hangs still fail.
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/libs/**/*.integration.test.ts', '<rootDir>/test/integration/**/*.test.ts', '<rootDir>/bench/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
