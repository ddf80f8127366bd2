import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The comparison peers (Emmett) live in their own package, never a dependency of the product. */
export const peersDir = join(__dirname, '..', 'peers');

/** sqlite3 compiles from source when no prebuilt binary fits: a minute here, much longer on a slow machine. */
const peersInstallTimeoutMs = 15 * 60_000;

/** True when the peers are installed and the native sqlite3 binding was built. */
function peersPresent(): boolean {
  return (
    existsSync(join(peersDir, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json')) &&
    existsSync(join(peersDir, 'node_modules', '@event-driven-io', 'emmett', 'package.json')) &&
    existsSync(join(peersDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))
  );
}

/** Installs bench/peers from its lock file when missing; the reason when it cannot. */
export function ensurePeers(install: boolean, log: (line: string) => void): { available: boolean; reason: string | null } {
  if (peersPresent()) return { available: true, reason: null };
  if (!install) return { available: false, reason: 'skipped: bench/peers is not installed (run `npm run bench`, which installs it, or `npm ci --prefix bench/peers`)' };
  log('installing the comparison peers in bench/peers (npm ci; sqlite3 may compile from source)…');
  const result = spawnSync('npm', ['ci', '--prefix', peersDir, '--no-audit', '--no-fund'], { encoding: 'utf8', timeout: peersInstallTimeoutMs });
  if (result.status !== 0 || !peersPresent()) {
    const output = `${result.error?.message ?? ''} ${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' ');
    return { available: false, reason: `skipped: installing bench/peers failed (${output || `exit ${String(result.status)}`})` };
  }
  return { available: true, reason: null };
}
