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
      name: 'test-doubles-stay-in-tests',
      comment: 'The EventStoreDB test double (test/esdb-double) is not a server: production code never imports it.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^test/' },
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
