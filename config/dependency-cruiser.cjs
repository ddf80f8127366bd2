/**
 * Architecture rules, checked by `npm run lint:architecture` (part of `npm test`):
 * the domain imports nothing outward, apps never import apps, libs never import apps.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain is pure TypeScript: no framework, no I/O, no other lib, no Node built-ins.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { pathNot: ['^libs/domain/'] },
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
      name: 'event-store-port-stays-abstract',
      comment: 'The port knows no adapter and no application code.',
      severity: 'error',
      from: { path: '^libs/event-store/src/' },
      to: { path: '^libs/(?!event-store/src/)' },
    },
    {
      name: 'adapters-do-not-reach-the-application',
      comment: 'Infrastructure implements ports; it does not call use cases.',
      severity: 'error',
      from: { path: '^libs/event-store-(sqlite|esdb|migration)/' },
      to: { path: '^libs/(application|domain)/' },
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
      name: 'postgres-read-store-stays-below-the-application',
      comment: 'The PostgreSQL read store implements the read-models port; it does not call use cases or the domain.',
      severity: 'error',
      from: { path: '^libs/read-models-postgres/' },
      to: { path: '^libs/(application|domain)/' },
    },
    {
      name: 'test-doubles-stay-in-tests',
      comment: 'The EventStoreDB test double (test/esdb-double) is not a server: production code never imports it.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^test/' },
    },
    {
      name: 'read-models-stay-dialect-neutral',
      comment:
        'Projections and queries speak Kysely only, so the same code runs on the embedded SQLite read store and on PostgreSQL; drivers and adapters are chosen by the apps.',
      severity: 'error',
      from: { path: '^libs/read-models/src/' },
      to: { path: ['^libs/(application|event-store-sqlite|read-models-sqlite)/', 'node_modules/(better-sqlite3|pg)/'] },
    },
    {
      name: 'read-store-adapters-do-not-reach-the-application',
      comment: 'A read store adapter opens connections and reads event files; it does not call use cases.',
      severity: 'error',
      from: { path: '^libs/read-models-sqlite/' },
      to: { path: '^libs/application/' },
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
    exclude: { path: '(^dist/|\\.spec\\.ts$|\\.test\\.ts$|/testing/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
