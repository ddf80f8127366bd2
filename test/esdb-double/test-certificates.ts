/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1, made with the
 * `openssl` command for tests of TLS against the double. Nothing is committed: the files live
 * in a temporary directory for the run. Where `openssl` is missing, `makeTestCertificates`
 * answers `undefined` and the tests that need it say they were skipped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly directory: string;
  /** The CA's certificate, for the connection string's `tlsCAFile`. */
  readonly caFile: string;
  readonly certificateChain: Buffer;
  readonly privateKey: Buffer;
  /** A CA that did not sign the server's certificate, to test a wrong `tlsCAFile`. */
  readonly otherCaFile: string;
  remove(): void;
}

export function makeTestCertificates(): TestCertificates | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const directory = mkdtempSync(join(tmpdir(), 'ledger-test-tls-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: directory, stdio: 'ignore' });
  };
  for (const name of ['ca', 'other-ca']) {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=ledger test ${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
  }
  writeFileSync(join(directory, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.crt');
  return {
    directory,
    caFile: join(directory, 'ca.crt'),
    otherCaFile: join(directory, 'other-ca.crt'),
    certificateChain: readFileSync(join(directory, 'server.crt')),
    privateKey: readFileSync(join(directory, 'server.key')),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
