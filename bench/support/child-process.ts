import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(__dirname, '..', '..');

/**
 * The V8 flags `npm start` gives the API (package.json). Every bench child runs with them, the
 * references included, so that a comparison is between code and not between runtime settings.
 */
export function productNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/apps\/api\//.exec(manifest.scripts.start);
  if (start === null) throw new Error(`package.json's start script does not run dist/apps/api with node: ${manifest.scripts.start}`);
  return start[1].split(/\s+/).filter((flag) => flag !== '');
}

/** TypeScript is run as it is, transpiled on load; the path aliases come from the root tsconfig. */
export function typeScriptExecArgv(extra: readonly string[] = []): string[] {
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', ...productNodeFlags(), ...extra];
}

export function typeScriptEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TS_NODE_PROJECT: join(repositoryRoot, 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true' };
}

export interface ChildOptions {
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
  readonly timeoutMs: number;
  /** Messages other than the result, e.g. progress from a load generator. */
  readonly onMessage?: (message: unknown, child: ChildProcess) => void;
}

interface ResultMessage {
  readonly kind: 'result';
  readonly result: unknown;
}

interface ErrorMessage {
  readonly kind: 'error';
  readonly message: string;
}

const stderrTailCharsMax = 4_000;

/**
 * Runs a TypeScript module in its own Node process and resolves with the one result it sends.
 * Each scenario gets a fresh process, so its peak memory and its JIT state are its own.
 */
export function runTypeScriptChild<T>(modulePath: string, input: unknown, options: ChildOptions): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const child = fork(modulePath, [JSON.stringify(input)], {
      cwd: repositoryRoot,
      env: typeScriptEnv(),
      execArgv: typeScriptExecArgv(options.nodeFlags),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    let settled: { ok: true; value: T } | { ok: false; error: Error } | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-stderrTailCharsMax);
    });
    child.stdout?.on('data', () => undefined);
    const timer = setTimeout(() => {
      settled ??= { ok: false, error: new Error(`${modulePath} did not finish within ${options.timeoutMs} ms`) };
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('message', (message: unknown) => {
      const typed = message as { kind?: string; result?: unknown; message?: string } | null;
      if (typed?.kind === 'result') settled ??= { ok: true, value: typed.result as T };
      else if (typed?.kind === 'error') settled ??= { ok: false, error: new Error(typed.message ?? 'child failed') };
      else options.onMessage?.(message, child);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (settled?.ok) return resolvePromise(settled.value);
      const tail = stderr.trim() ? `\n${stderr.trim()}` : '';
      reject(settled && !settled.ok ? new Error(`${settled.error.message}${tail}`) : new Error(`${modulePath} exited (${signal ?? code}) without a result${tail}`));
    });
  });
}

/** The child's side: runs `main` on the input given on the command line and sends back its result. */
export function childMain<I, O>(main: (input: I) => Promise<O>): void {
  const send = (message: ResultMessage | ErrorMessage): Promise<void> =>
    new Promise((resolvePromise) => {
      if (!process.send) {
        process.stdout.write(`${JSON.stringify(message)}\n`);
        resolvePromise();
      } else process.send(message, () => resolvePromise());
    });
  const input = JSON.parse(process.argv[2] ?? '{}') as I;
  main(input)
    .then((result) => send({ kind: 'result', result }))
    .catch((error: unknown) => send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    // Exit explicitly: a scenario may leave timers (pollers, servers) that would keep it alive.
    .finally(() => process.exit(0));
}
