/**
 * Architecture rules, checked by `npm run lint:architecture` (part of `npm test`). Each rule has a
 * probe in `config/architecture-rules.test.ts` that breaks it and shows the check failing.
 *
 * The layers, from the bottom: `domain` and `config` (import nothing of ours); the ports
 * (`event-store`); the audit work over the port (`audit`: hash links, digests, as-of evaluation,
 * which sees only the domain, the port and the read models); what every use case shares
 * (`commands`, `http`, `operations`, `read-models`);
 * the use cases (`registry`, `accounts`, `transfers`, `reports`, and `audit-digests`: the digest
 * schedule and its record over HTTP); the adapters
 * (`event-store-sqlite`, `event-store-esdb`, `read-models-sqlite`, `read-models-postgres`,
 * `event-store-migration`); `wiring`, which opens the adapters the configuration names; and the
 * apps, which compose modules.
 */
const adapters = '(event-store-sqlite|event-store-esdb|read-models-sqlite|read-models-postgres)';
const useCases = '(registry|accounts|transfers|reports|audit-digests)';
/** A test helper for one adapter names it: `sqlite-projection-harness.ts`. */
const namedForAnAdapter = '/testing/(sqlite|esdb|postgres)-[a-z-]+\\.ts$';

/** A dependency that must not exist: from the modules matching `from` to those matching `to`; each is an error. */
const forbid = (name, from, to, comment) => ({ name, ...(comment === undefined ? {} : { comment }), severity: 'error', from, to });

module.exports = {
  forbidden: [
    forbid('domain-is-pure', { path: '^libs/domain/' }, { pathNot: ['^libs/domain/', '(^|/)node_modules/(jest|@types/jest)/'] },
      'The domain is pure TypeScript: no framework, no I/O, no other lib, no Node built-ins. Its given/when/then helpers may name jest’s types.'),
    forbid('only-the-domain-test-helpers-name-jest', { path: '^libs/domain/', pathNot: '^libs/domain/testing/' }, { path: '(^|/)node_modules/(jest|@types/jest)/' }),
    forbid('config-imports-nothing-of-ours', { path: '^libs/config/' }, { path: '^(libs|apps)/', pathNot: '^libs/config/' },
      'The configuration is read first and depends on no other part of the ledger.'),
    forbid('apps-never-import-apps', { path: '^apps/([^/]+)/' }, { path: '^apps/', pathNot: ['^apps/$1/'] }, 'Each app is a thin edge; shared code belongs in a lib.'),
    forbid('libs-never-import-apps', { path: '^libs/' }, { path: '^apps/' }),
    forbid('only-through-the-index', { path: '^libs/([^/]+)/' }, { path: '^libs/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/testing/index\\.ts$'] },
      'Another lib is reached through its index (src/index.ts, or testing/index.ts for its test helpers), never a file inside it.'),
    forbid('apps-reach-libs-through-their-index', { path: '^(apps|bench|test)/' }, { path: '^libs/', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/testing/index\\.ts$'] }),
    forbid('use-cases-and-read-models-never-import-an-adapter', { path: `^libs/(${useCases.slice(1, -1)}|read-models|commands|http|identity|operations|audit)/`, pathNot: namedForAnAdapter }, { path: [`^libs/${adapters}/`, '^libs/wiring/'] },
      'Use cases and read models see ports; which adapter runs is the wiring’s choice.'),
    forbid('use-cases-in-their-order', { path: '^libs/(registry|accounts|reports)/' }, { path: '^libs/(accounts|transfers|reports|registry)/', pathNot: ['^libs/$1/', '^libs/registry/'] },
      'registry ← accounts ← transfers; reports stand apart. A lower use case never reaches a higher one.'),
    forbid('reports-read-only-the-read-models', { path: '^libs/reports/' }, { path: '^libs/(registry|accounts|transfers|event-store)/' },
      'Reports answer from the read models, or as of a past moment from the audit lib’s folds of the events; they never reach the write side.'),
    forbid('shared-layers-stay-below-the-use-cases', { path: '^libs/(commands|http|identity|operations|read-models|event-store|audit)/' }, { path: `^libs/${useCases}/` },
      'What every use case shares knows no use case.'),
    forbid('audit-sees-only-the-domain-the-port-and-the-read-models', { path: '^libs/audit/' }, { path: '^libs/', pathNot: ['^libs/(audit|domain|event-store|read-models)/'] },
      'The audit lib (hash links, digests, proofs, as-of evaluation) works on stored events through the port and folds them with the domain and the projections; the write path (commands) stamps its links, so it never reaches back above.'),
    forbid('a-handler-never-imports-its-controller', { path: '\\.handler\\.ts$' }, { path: '\\.http\\.controller\\.ts$' },
      'The edge calls the handler through the bus; the handler knows nothing of HTTP.'),
    forbid('testing-helpers-import-no-adapter', { path: '/testing/', pathNot: namedForAnAdapter }, { path: `^libs/${adapters}/` },
      'Test helpers work on the ports; a helper for one adapter says so in its name.'),
    forbid('event-store-port-stays-abstract', { path: '^libs/event-store/' }, { path: '^libs/(?!event-store/)' }, 'The port knows no adapter and no application code.'),
    forbid('adapters-do-not-reach-the-application', { path: `^libs/(${adapters.slice(1, -1)}|event-store-migration)/` }, { path: `^libs/(${useCases.slice(1, -1)}|commands|http|operations|wiring)/` },
      'Infrastructure implements ports; it does not call use cases.'),
    forbid('event-store-adapters-know-only-the-port', { path: '^libs/(event-store-sqlite|event-store-esdb|event-store-migration|read-models-postgres)/' }, { path: '^libs/domain/' },
      'The event store adapters and the migration see the event store port, not the domain.'),
    forbid('migration-goes-through-the-port', { path: '^libs/event-store-migration/' }, { path: '^libs/event-store-(sqlite|esdb)/' },
      'The migration reads and writes any two stores through the EventStore port, never an adapter directly.'),
    forbid('eventstoredb-client-stays-in-its-adapter', { path: '^(apps|libs)/', pathNot: '^libs/event-store-esdb/' }, { path: '(^|/)node_modules/@eventstore/' },
      'Only the EventStoreDB adapter knows the EventStoreDB client; everything else sees the port.'),
    forbid('postgres-driver-stays-in-its-adapter', { path: '^(apps|libs)/', pathNot: '^libs/read-models-postgres/' }, { path: '(^|/)node_modules/(pg|pg-[a-z-]+)/' },
      'Only the PostgreSQL read store knows node-postgres; everything else sees the ReadStore interface and the ProjectorLease.'),
    forbid('test-doubles-stay-in-tests', { path: '^(apps|libs)/', pathNot: '\\.(spec|test)\\.ts$' }, { path: '^test/' },
      'The EventStoreDB test double (test/esdb-double) is not a server: production code never imports it.'),
    forbid('read-models-stay-dialect-neutral', { path: '^libs/read-models/src/' }, { path: ['node_modules/(better-sqlite3|pg)/'] },
      'Projections and queries speak Kysely only, so the same code runs on the embedded SQLite read store and on PostgreSQL; drivers and adapters are chosen by the apps.'),
    forbid('no-circular', {}, { circular: true }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|\\.test\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
