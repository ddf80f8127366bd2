import autocannon from 'autocannon';
import { childMain } from './child-process';
import { toHttpRequest, WorkloadGenerator, workloadLayout, type HttpRequestSpec } from './workload';

/**
 * The load generator, in its own process so it does not share the server's event loop or CPU
 * time. It pre-generates the request bodies (each with a fresh command id), runs a warm-up and
 * then the measured run with the same settings, and tells its parent when the measured run starts
 * and ends so the parent can read its store's counters over exactly that window.
 */
export interface AutocannonInput {
  readonly url: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly seed: number;
  readonly commandIdPrefix: string;
  /** Requests prepared before the run; if the run needs more, the rest are made on the fly. */
  readonly preparedRequests: number;
  /** A bearer token every request carries (the ledger needs one; the trivial route takes none). */
  readonly bearerToken?: string;
}

export interface AutocannonRun {
  readonly requestsPerSecond: number;
  readonly totalRequests: number;
  readonly durationSeconds: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number };
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  readonly requestsMadeOnTheFly: number;
}

export interface AutocannonOutput {
  readonly warmup: AutocannonRun;
  readonly measured: AutocannonRun;
}

async function main(input: AutocannonInput): Promise<AutocannonOutput> {
  const generator = new WorkloadGenerator(workloadLayout(), input.seed, input.commandIdPrefix);
  const prepared: HttpRequestSpec[] = Array.from({ length: input.preparedRequests }, () => toHttpRequest(generator.next()));
  let nextIndex = 0;
  let madeOnTheFly = 0;
  const nextRequest = (): HttpRequestSpec => {
    if (nextIndex < prepared.length) return prepared[nextIndex++];
    madeOnTheFly += 1;
    return toHttpRequest(generator.next());
  };
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(input.bearerToken ? { authorization: `Bearer ${input.bearerToken}` } : {}) };
  const run = async (seconds: number): Promise<AutocannonRun> => {
    const madeBefore = madeOnTheFly;
    const result = await autocannon({
      url: input.url,
      connections: input.connections,
      pipelining: 1,
      duration: seconds,
      timeout: 10,
      requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...nextRequest(), headers }) }],
    });
    const statusCounts: Record<string, number> = {};
    for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = (stats as { count: number }).count;
    const total = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
    return {
      requestsPerSecond: Math.round((total / result.duration) * 10) / 10,
      totalRequests: total,
      durationSeconds: result.duration,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
      statusCounts,
      errors: result.errors,
      timeouts: result.timeouts,
      requestsMadeOnTheFly: madeOnTheFly - madeBefore,
    };
  };
  const warmup = await run(input.warmupSeconds);
  process.send?.({ kind: 'measure-start' });
  const measured = await run(input.durationSeconds);
  process.send?.({ kind: 'measure-end' });
  return { warmup, measured };
}

if (require.main === module) childMain(main);
