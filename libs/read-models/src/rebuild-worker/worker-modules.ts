import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

/**
 * Files a worker thread can load for the given modules. Built, modules are JavaScript and are
 * loaded as they are. Run from the TypeScript sources (tests), the modules and every module of this
 * repository they import are transpiled once into `node_modules/.cache/ledger-worker-modules/`, in
 * a folder named by a digest of their sources, with `@ledger/…` imports rewritten to relative paths;
 * the thread loads that JavaScript. A TypeScript loader in the thread would compile the same
 * modules again at every start. (The embedded event store's writer thread does the same for its two
 * modules, which import nothing else of this repository.)
 *
 * All modules of one call share one folder, so a module they both import is loaded once in the thread.
 */
export function modulesForWorker(modulePaths: readonly string[]): string[] {
  if (modulePaths.every((path) => extname(path) !== '.ts')) return [...modulePaths];
  const key = modulePaths.join('\0');
  let transpiled = transpiledSets.get(key);
  if (transpiled === undefined) {
    transpiled = transpileModuleGraph(modulePaths);
    transpiledSets.set(key, transpiled);
  }
  return transpiled;
}

/** Found or written once per process: the sources do not change while it runs. */
const transpiledSets = new Map<string, string[]>();

interface SourceFile {
  readonly text: string;
  /** Each import specifier of this repository, with the file it names. */
  readonly imports: ReadonlyMap<string, string>;
}

function transpileModuleGraph(entries: readonly string[]): string[] {
  // Loaded only here: built programs never transpile.
  const typescript = require('typescript') as typeof import('typescript');
  const tsconfigPath = findUp(dirname(entries[0]), 'tsconfig.json');
  const root = dirname(tsconfigPath);
  const aliases = readAliases(typescript, tsconfigPath);
  const files = new Map<string, SourceFile>();
  const queue = entries.map((entry) => resolve(entry));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const imports = new Map<string, string>();
    for (const reference of typescript.preProcessFile(text, true, true).importedFiles) {
      const target = resolveSpecifier(reference.fileName, file, aliases);
      if (target === undefined) continue;
      imports.set(reference.fileName, target);
      queue.push(target);
    }
    files.set(file, { text, imports });
  }
  const digest = createHash('sha256').update(typescript.version);
  for (const file of [...files.keys()].sort()) digest.update(relative(root, file)).update('\0').update((files.get(file) as SourceFile).text).update('\0');
  const directory = join(nodeModulesFolder(), '.cache', 'ledger-worker-modules', digest.digest('hex').slice(0, 16));
  const outputOf = (file: string): string => join(directory, relative(root, file).replace(/\.ts$/, '.js'));
  const complete = join(directory, '.complete');
  if (!existsSync(complete)) {
    for (const [file, source] of files) {
      const target = outputOf(file);
      mkdirSync(dirname(target), { recursive: true });
      const text = file.endsWith('.ts') ? transpile(typescript, file, source, outputOf) : source.text;
      // Each file by rename, and the marker last: a thread never loads half of the set.
      const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, target);
    }
    writeFileSync(complete, '');
  }
  return entries.map((entry) => outputOf(resolve(entry)));
}

function transpile(typescript: typeof import('typescript'), file: string, source: SourceFile, outputOf: (file: string) => string): string {
  const output = typescript.transpileModule(source.text, {
    compilerOptions: { module: typescript.ModuleKind.CommonJS, target: typescript.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  });
  // Relative imports keep their layout in the cache folder; aliased ones are pointed at their file there.
  return output.outputText.replace(/require\((["'])(@ledger\/[^"']+)\1\)/g, (whole: string, _quote: string, specifier: string) => {
    const target = source.imports.get(specifier);
    if (target === undefined) return whole;
    const path = relative(dirname(outputOf(file)), outputOf(target)).split(sep).join('/');
    return `require(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)})`;
  });
}

/** `@ledger/…` → the folder or file it names, from tsconfig.json's `paths` (exact names only, as this repository uses them). */
function readAliases(typescript: typeof import('typescript'), tsconfigPath: string): Map<string, string> {
  const { config, error } = typescript.readConfigFile(tsconfigPath, (path) => readFileSync(path, 'utf8'));
  if (error) throw new Error(`cannot read ${tsconfigPath}: ${typescript.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const options = (config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }).compilerOptions ?? {};
  const base = resolve(dirname(tsconfigPath), options.baseUrl ?? '.');
  return new Map(Object.entries(options.paths ?? {}).map(([alias, targets]) => [alias, resolve(base, targets[0])]));
}

/** The file an import names, or undefined for a package or a Node built-in. */
function resolveSpecifier(specifier: string, importer: string, aliases: ReadonlyMap<string, string>): string | undefined {
  let base: string;
  if (specifier.startsWith('.')) base = resolve(dirname(importer), specifier);
  else if (aliases.has(specifier)) base = aliases.get(specifier) as string;
  else return undefined;
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && (candidate !== base || extname(base) !== '')) return candidate;
  }
  throw new Error(`${importer} imports ${specifier}, which names no file`);
}

function findUp(start: string, name: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) throw new Error(`no ${name} above ${start}`);
  }
}

/** The node_modules the sources' packages come from: transpiled modules inside it find them there too. */
function nodeModulesFolder(): string {
  const kysely = require.resolve('kysely');
  const marker = `${sep}node_modules${sep}`;
  return kysely.slice(0, kysely.lastIndexOf(marker) + marker.length - 1);
}
