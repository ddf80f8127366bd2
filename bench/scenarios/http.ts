import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AutocannonInput, AutocannonOutput } from '../support/autocannon-runner';
import { childMain, runTypeScriptChild } from '../support/child-process';
import { peakRssMb, round } from '../support/driver';
import { benchToken, loadAccounts, seedRegistry, setUpBalances, startBenchLedger, type BenchLedger } from '../support/ledger';
import { StoreWindow, type StoreWindowStats } from '../support/store-stats';
import { createTrivialApp } from '../support/trivial-app';
import { workloadLayout } from '../support/workload';

export interface HttpInput {
  /** `ledger`: the real API on a durable store; `trivial`: the validated echo route it is compared with; `trivial-hardened`: that route behind the ledger's hardened edge. */
  readonly mode: 'ledger' | 'trivial' | 'trivial-hardened';
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly seed: number;
  readonly preparedRequests: number;
}

export interface HttpOutput {
  readonly mode: HttpInput['mode'];
  readonly load: AutocannonOutput;
  readonly setUpSeconds: number;
  readonly accounts: number;
  readonly store: StoreWindowStats | null;
  /** Peak resident memory of the server process (the load generator is another process). */
  readonly peakRssMb: number;
  /**
   * CPU time the server process spent per answered request over the measured run (user and
   * system, all its threads). Unlike a rate it does not move when something else on the machine
   * takes a core, so small differences between apps can be read from it.
   */
  readonly serverCpuMicrosPerRequest: number;
}

async function run(input: HttpInput): Promise<HttpOutput> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-http-'));
  let ledger: BenchLedger | undefined;
  let app: NestFastifyApplication;
  const layout = workloadLayout();
  const setUpStartedMs = performance.now();
  try {
    if (input.mode === 'ledger') {
      ledger = await startBenchLedger(dataDir, { projections: false });
      await seedRegistry(ledger.app);
      await setUpBalances(ledger, layout);
      await loadAccounts(ledger.app, layout);
      app = ledger.app;
    } else {
      app = await createTrivialApp({ hardened: input.mode === 'trivial-hardened' });
    }
    const setUpSeconds = round((performance.now() - setUpStartedMs) / 1000, 2);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const window = ledger ? new StoreWindow(ledger.store) : undefined;
    let cpuAtStart: NodeJS.CpuUsage | undefined;
    let cpuOverRun: NodeJS.CpuUsage | undefined;
    const runnerInput: AutocannonInput = {
      url,
      connections: input.connections,
      warmupSeconds: input.warmupSeconds,
      durationSeconds: input.durationSeconds,
      seed: input.seed,
      commandIdPrefix: `http-${input.mode}-${input.seed}`,
      preparedRequests: input.preparedRequests,
      // As a finance officer's client would: every request verifies its token (remembered once verified).
      bearerToken: ledger ? await benchToken(ledger) : undefined,
    };
    const load = await runTypeScriptChild<AutocannonOutput>(join(__dirname, '..', 'support', 'autocannon-runner.ts'), runnerInput, {
      timeoutMs: (input.warmupSeconds + input.durationSeconds) * 1000 + 120_000,
      onMessage: (message) => {
        const kind = (message as { kind?: string } | null)?.kind;
        if (kind === 'measure-start') {
          window?.open();
          cpuAtStart = process.cpuUsage();
        }
        if (kind === 'measure-end') {
          window?.close();
          cpuOverRun = process.cpuUsage(cpuAtStart);
        }
      },
    });
    return {
      mode: input.mode,
      load,
      setUpSeconds,
      accounts: input.mode === 'ledger' ? layout.nationalAccounts.length + layout.localityAccounts.length : 0,
      store: window?.result() ?? null,
      peakRssMb: peakRssMb(),
      serverCpuMicrosPerRequest: cpuOverRun && load.measured.totalRequests > 0 ? round((cpuOverRun.user + cpuOverRun.system) / load.measured.totalRequests, 1) : 0,
    };
  } finally {
    await (ledger ? ledger.close() : undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) childMain(run);
