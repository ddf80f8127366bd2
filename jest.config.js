// Three test tiers, each a jest project with its own script (see package.json).
// ts-jest runs in transpile-only mode here; `npm run typecheck` type-checks the whole tree once.
// The path aliases (`@ledger/...`) come from tsconfig.json, the one place that names them.
const { pathsToModuleNameMapper } = require('ts-jest');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const tsconfigPath = join(__dirname, 'tsconfig.json');
const { config: tsconfig, error } = ts.readConfigFile(tsconfigPath, (path) => readFileSync(path, 'utf8'));
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));

const moduleNameMapper = pathsToModuleNameMapper(tsconfig.compilerOptions.paths, { prefix: '<rootDir>/' });
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Generous: the machine is shared and tests must not depend on timing; hangs still fail.
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/libs/**/*.integration.test.ts', '<rootDir>/test/integration/**/*.test.ts', '<rootDir>/bench/**/*.test.ts', '<rootDir>/config/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
