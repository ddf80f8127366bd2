/**
 * Architecture rules, checked by `npm run lint:architecture` (part of `npm test`). Each rule has a
 * probe in `config/architecture-rules.test.ts` that breaks it and shows the check failing.
 *
 * The layers, from the bottom: `domain` and `config` (import nothing of ours); the ports
 * (`event-store`); what every use case shares (`commands`, `http`, `operations`, `read-models`);
 * the use cases (`registry`, `accounts`, `transfers`, `reports`); the adapters
 * (`event-store-sqlite`, `event-store-esdb`, `read-models-sqlite`, `read-models-postgres`,
 * `event-store-migration`); `wiring`, which opens the adapters the configuration names; and the
 * apps, which compose modules.
 */
const adapters = '(event-store-sqlite|event-store-esdb|read-models-sqlite|read-models-postgres)';
const useCases = '(registry|accounts|transfers|reports)';
/** A test helper for one adapter names it: `sqlite-projection-harness.ts`. */
const namedForAnAdapter = '/testing/(sqlite|esdb|postgres)-[a-z-]+\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain is pure TypeScript: no framework, no I/O, no other lib, no Node built-ins. Its given/when/then helpers may name jest’s types.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { pathNot: ['^libs/domain/', '(^|/)node_modules/(jest|@types/jest)/'] },
    },
    {
      name: 'only-the-domain-test-helpers-name-jest',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '^libs/domain/testing/' },
      to: { path: '(^|/)node_modules/(jest|@types/jest)/' },
    },
    {
      name: 'config-imports-nothing-of-ours',
      comment: 'The configuration is read first and depends on no other part of the ledger.',
      severity: 'error',
      from: { path: '^libs/config/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/config/' },
    },
    {
      name: 'apps-never-import-apps',
      comment: 'Each app is a thin edge; shared code belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: ['^apps/$1/'] },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'only-through-the-index',
      comment: 'Another lib is reached through its index (src/index.ts, or testing/index.ts for its test helpers), never a file inside it.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/testing/index\\.ts$'] },
    },
    {
      name: 'apps-reach-libs-through-their-index',
      severity: 'error',
      from: { path: '^(apps|bench|test)/' },
      to: { path: '^libs/', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/testing/index\\.ts$'] },
    },
    {
      name: 'use-cases-and-read-models-never-import-an-adapter',
      comment: 'Use cases and read models see ports; which adapter runs is the wiring’s choice.',
      severity: 'error',
      from: { path: `^libs/(${useCases.slice(1, -1)}|read-models|commands|http|identity|operations)/`, pathNot: namedForAnAdapter },
      to: { path: [`^libs/${adapters}/`, '^libs/wiring/'] },
    },
    {
      name: 'use-cases-in-their-order',
      comment: 'registry ← accounts ← transfers; reports stand apart. A lower use case never reaches a higher one.',
      severity: 'error',
      from: { path: '^libs/(registry|accounts|reports)/' },
      to: { path: '^libs/(accounts|transfers|reports|registry)/', pathNot: ['^libs/$1/', '^libs/registry/'] },
    },
    {
      name: 'reports-read-only-the-read-models',
      comment: 'Reports answer from the read models; they never reach the write side.',
      severity: 'error',
      from: { path: '^libs/reports/' },
      to: { path: '^libs/(registry|accounts|transfers|event-store)/' },
    },
    {
      name: 'shared-layers-stay-below-the-use-cases',
      comment: 'What every use case shares knows no use case.',
      severity: 'error',
      from: { path: '^libs/(commands|http|identity|operations|read-models|event-store)/' },
      to: { path: `^libs/${useCases}/` },
    },
    {
      name: 'a-handler-never-imports-its-controller',
      comment: 'The edge calls the handler through the bus; the handler knows nothing of HTTP.',
      severity: 'error',
      from: { path: '\\.handler\\.ts$' },
      to: { path: '\\.http\\.controller\\.ts$' },
    },
    {
      name: 'testing-helpers-import-no-adapter',
      comment: 'Test helpers work on the ports; a helper for one adapter says so in its name.',
      severity: 'error',
      from: { path: '/testing/', pathNot: namedForAnAdapter },
      to: { path: `^libs/${adapters}/` },
    },
    {
      name: 'event-store-port-stays-abstract',
      comment: 'The port knows no adapter and no application code.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: '^libs/(?!event-store/)' },
    },
    {
      name: 'adapters-do-not-reach-the-application',
      comment: 'Infrastructure implements ports; it does not call use cases.',
      severity: 'error',
      from: { path: `^libs/(${adapters.slice(1, -1)}|event-store-migration)/` },
      to: { path: `^libs/(${useCases.slice(1, -1)}|commands|http|operations|wiring)/` },
    },
    {
      name: 'event-store-adapters-know-only-the-port',
      comment: 'The event store adapters and the migration see the event store port, not the domain.',
      severity: 'error',
      from: { path: '^libs/(event-store-sqlite|event-store-esdb|event-store-migration|read-models-postgres)/' },
      to: { path: '^libs/domain/' },
    },
    {
      name: 'migration-goes-through-the-port',
      comment: 'The migration reads and writes any two stores through the EventStore port, never an adapter directly.',
      severity: 'error',
      from: { path: '^libs/event-store-migration/' },
      to: { path: '^libs/event-store-(sqlite|esdb)/' },
    },
    {
      name: 'eventstoredb-client-stays-in-its-adapter',
      comment: 'Only the EventStoreDB adapter knows the EventStoreDB client; everything else sees the port.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^libs/event-store-esdb/' },
      to: { path: '(^|/)node_modules/@eventstore/' },
    },
    {
      name: 'postgres-driver-stays-in-its-adapter',
      comment: 'Only the PostgreSQL read store knows node-postgres; everything else sees the ReadStore interface and the ProjectorLease.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^libs/read-models-postgres/' },
      to: { path: '(^|/)node_modules/(pg|pg-[a-z-]+)/' },
    },
    {
      name: 'test-doubles-stay-in-tests',
      comment: 'The EventStoreDB test double (test/esdb-double) is not a server: production code never imports it.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.(spec|test)\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'read-models-stay-dialect-neutral',
      comment:
        'Projections and queries speak Kysely only, so the same code runs on the embedded SQLite read store and on PostgreSQL; drivers and adapters are chosen by the apps.',
      severity: 'error',
      from: { path: '^libs/read-models/src/' },
      to: { path: ['node_modules/(better-sqlite3|pg)/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|\\.test\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
