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
      from: { path: '^libs/event-store-sqlite/' },
      to: { path: '^libs/(application|domain)/' },
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
