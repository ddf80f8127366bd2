/**
 * A rule you claim is a rule you test: for each dependency rule of `dependency-cruiser.cjs`, a
 * probe file that breaks it, and the check run on the probes must report that rule for that probe.
 * The probes are written into the tree where the rule looks, checked in one run of the tool, and
 * removed again.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..');
const tag = `architecture-probe-${process.pid}`;

interface Probe {
  readonly rule: string;
  /** Files to write, relative to the repository; `{tag}` becomes a name unique to this run. */
  readonly files: Readonly<Record<string, string>>;
}

const probes: readonly Probe[] = [
  { rule: 'domain-is-pure', files: { 'libs/domain/src/{tag}-pure.ts': "import '@ledger/event-store';\n" } },
  { rule: 'only-the-domain-test-helpers-name-jest', files: { 'libs/domain/src/{tag}-jest.ts': '/// <reference types="jest" />\nexport const probe = 1;\n' } },
  { rule: 'config-imports-nothing-of-ours', files: { 'libs/config/src/{tag}.ts': "import '@ledger/domain';\n" } },
  { rule: 'apps-never-import-apps', files: { 'apps/cli/src/{tag}.ts': "import '../../api/src/app.factory';\n" } },
  { rule: 'libs-never-import-apps', files: { 'libs/commands/src/{tag}-app.ts': "import '../../../apps/api/src/app.factory';\n" } },
  { rule: 'only-through-the-index', files: { 'libs/accounts/src/{tag}-deep.ts': "import '../../registry/src/registry.service';\n" } },
  { rule: 'apps-reach-libs-through-their-index', files: { 'apps/api/src/{tag}.ts': "import '../../../libs/accounts/src/account-repository';\n" } },
  { rule: 'use-cases-and-read-models-never-import-an-adapter', files: { 'libs/accounts/src/{tag}-adapter.ts': "import '@ledger/event-store-sqlite';\n" } },
  { rule: 'use-cases-and-read-models-never-import-an-adapter', files: { 'libs/read-models/src/{tag}-wiring.ts': "import '@ledger/wiring';\n" } },
  { rule: 'use-cases-in-their-order', files: { 'libs/registry/src/{tag}.ts': "import '@ledger/accounts';\n" } },
  { rule: 'reports-read-only-the-read-models', files: { 'libs/reports/src/{tag}.ts': "import '@ledger/event-store';\n" } },
  { rule: 'shared-layers-stay-below-the-use-cases', files: { 'libs/commands/src/{tag}-use-case.ts': "import '@ledger/accounts';\n" } },
  { rule: 'shared-layers-stay-below-the-use-cases', files: { 'libs/audit/src/{tag}-use-case.ts': "import '@ledger/reports';\n" } },
  { rule: 'use-cases-and-read-models-never-import-an-adapter', files: { 'libs/audit/src/{tag}-adapter.ts': "import '@ledger/event-store-sqlite';\n" } },
  { rule: 'shared-layers-stay-below-the-use-cases', files: { 'libs/audit/src/{tag}-schedule.ts': "import '@ledger/audit-digests';\n" } },
  { rule: 'use-cases-and-read-models-never-import-an-adapter', files: { 'libs/audit-digests/src/{tag}-adapter.ts': "import '@ledger/read-models-sqlite';\n" } },
  { rule: 'audit-sees-only-the-domain-the-port-and-the-read-models', files: { 'libs/audit/src/{tag}-commands.ts': "import '@ledger/commands';\n" } },
  { rule: 'a-handler-never-imports-its-controller', files: { 'libs/accounts/src/assign-budget/{tag}.handler.ts': "import './assign-budget.http.controller';\n" } },
  { rule: 'testing-helpers-import-no-adapter', files: { 'libs/read-models/src/testing/{tag}.ts': "import '@ledger/read-models-postgres';\n" } },
  { rule: 'event-store-port-stays-abstract', files: { 'libs/event-store/src/{tag}.ts': "import '@ledger/domain';\n" } },
  { rule: 'adapters-do-not-reach-the-application', files: { 'libs/event-store-sqlite/src/{tag}.ts': "import '@ledger/commands';\n" } },
  { rule: 'event-store-adapters-know-only-the-port', files: { 'libs/event-store-esdb/src/{tag}.ts': "import '@ledger/domain';\n" } },
  { rule: 'migration-goes-through-the-port', files: { 'libs/event-store-migration/src/{tag}.ts': "import '@ledger/event-store-sqlite';\n" } },
  { rule: 'eventstoredb-client-stays-in-its-adapter', files: { 'libs/wiring/src/{tag}-esdb.ts': "import '@eventstore/db-client';\n" } },
  { rule: 'postgres-driver-stays-in-its-adapter', files: { 'libs/wiring/src/{tag}-pg.ts': "import 'pg';\n" } },
  { rule: 'test-doubles-stay-in-tests', files: { 'libs/wiring/src/{tag}-double.ts': "import '../../../test/esdb-double';\n" } },
  { rule: 'read-models-stay-dialect-neutral', files: { 'libs/read-models/src/{tag}-driver.ts': "import 'better-sqlite3';\n" } },
  {
    rule: 'no-circular',
    files: {
      'libs/commands/src/{tag}-circle-a.ts': `import './${tag}-circle-b';\nexport const a = 1;\n`,
      'libs/commands/src/{tag}-circle-b.ts': `import './${tag}-circle-a';\nexport const b = 1;\n`,
    },
  },
];

interface Violation {
  readonly from: string;
  readonly rule: { readonly name: string };
}

describe('architecture rules', () => {
  const written: string[] = [];
  afterAll(() => {
    for (const file of written) rmSync(join(root, file), { force: true });
  });

  it('each rule fires on the probe that breaks it', async () => {
    for (const probe of probes) {
      for (const [pattern, content] of Object.entries(probe.files)) {
        const file = pattern.replace('{tag}', tag);
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), content);
        written.push(file);
      }
    }
    const depcruise = join(root, 'node_modules', '.bin', 'depcruise');
    const run = await promisify(execFile)(depcruise, [...written, '--config', 'config/dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).then(
      (done) => done.stdout,
      (failed: { stdout?: string }) => failed.stdout ?? '',
    );
    const violations = (JSON.parse(run) as { summary: { violations: Violation[] } }).summary.violations;
    const missing = probes.filter((probe) => {
      const files = Object.keys(probe.files).map((pattern) => pattern.replace('{tag}', tag));
      return !violations.some((violation) => violation.rule.name === probe.rule && files.includes(violation.from));
    });
    expect(missing.map((probe) => probe.rule)).toEqual([]);
  }, 120_000);
});
