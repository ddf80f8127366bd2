import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runBench } from './harness';
import type { BenchResults } from './results';
import { benchSizes, type BenchSize } from './sizes';
import { repositoryRoot } from './support/child-process';
import { formatMarkdown, formatTable, replaceGenerated } from './support/report';

/**
 * `npm run bench -- [--size tiny|small|full] [--profile] [--out FILE] [--docs FILE | --no-docs] [--no-install-peers]`
 *
 * Sets up its own data in temporary folders, runs every scenario, prints a table, writes the
 * results as JSON and the generated part of docs/benchmarks.md.
 */
interface CliOptions {
  readonly size: BenchSize;
  readonly profile: boolean;
  readonly out: string;
  readonly docs: string | null;
  readonly installPeers: boolean;
  readonly keepProfileDir?: string;
}

const usage = 'usage: npm run bench -- [--size tiny|small|full] [--profile] [--keep-profile DIR] [--out FILE] [--docs FILE | --no-docs] [--no-install-peers]';

function parseArguments(argv: readonly string[]): CliOptions {
  let size: BenchSize = 'small';
  let profile = false;
  let out = join(repositoryRoot, 'bench', 'results', 'latest.json');
  let docs: string | null = join(repositoryRoot, 'docs', 'benchmarks.md');
  let installPeers = true;
  let keepProfileDir: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined) throw new Error(`${argument} needs a value\n${usage}`);
      index += 1;
      return next;
    };
    switch (argument) {
      case '--size': {
        const text = value();
        if (!(benchSizes as readonly string[]).includes(text)) throw new Error(`--size must be one of ${benchSizes.join(', ')}\n${usage}`);
        size = text as BenchSize;
        break;
      }
      case '--profile':
        profile = true;
        break;
      case '--keep-profile':
        profile = true;
        keepProfileDir = resolve(value());
        break;
      case '--out':
        out = resolve(value());
        break;
      case '--docs':
        docs = resolve(value());
        break;
      case '--no-docs':
        docs = null;
        break;
      case '--no-install-peers':
        installPeers = false;
        break;
      default:
        throw new Error(`unknown argument ${argument}\n${usage}`);
    }
  }
  return { size, profile, out, docs, installPeers, keepProfileDir };
}

export function writeOutputs(results: BenchResults, out: string, docs: string | null): void {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  if (docs) {
    mkdirSync(dirname(docs), { recursive: true });
    const existing = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
    writeFileSync(docs, replaceGenerated(existing, formatMarkdown(results)));
  }
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  log(`size ${options.size}${options.profile ? ', with profile' : ''}`);
  const results = await runBench({ size: options.size, profile: options.profile, installPeers: options.installPeers, keepProfileDir: options.keepProfileDir, log });
  process.stdout.write(`${formatTable(results)}\n`);
  writeOutputs(results, options.out, options.docs);
  log(`results written to ${options.out}${options.docs ? ` and ${options.docs}` : ''}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
