import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { checkDigestSignature, parseDigest, publicKeyBase64FromPem, type LedgerDigest } from '@ledger/audit';
import { countEventsLimitMax, type EventStore } from '@ledger/event-store';
import { CommandLineFailure } from '../command-line-failure';
import { exitCodes } from '../exit-codes';

/** Reads a JSON file a command was given; a missing file exits 3, one that is not JSON 1. */
export function readJsonFile(path: string, what: string): unknown {
  if (!existsSync(path)) throw new CommandLineFailure(exitCodes.notFound, `no ${what} at ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CommandLineFailure(exitCodes.problemFound, `${path} is not a ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A digest file, its shape and its signature checked: one that does not hold exits 1. */
export function readDigestFile(path: string, pinnedPublicKeyFile?: string): LedgerDigest {
  const value = readJsonFile(path, 'digest');
  let digest: LedgerDigest;
  try {
    digest = parseDigest(value);
  } catch (error) {
    throw new CommandLineFailure(exitCodes.problemFound, `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const signature = checkDigestSignature(digest, pinnedPublicKey(pinnedPublicKeyFile));
  if (!signature.valid) throw new CommandLineFailure(exitCodes.problemFound, `${path}: the digest's signature does not hold: ${signature.reason}`);
  return digest;
}

/** `--public-key FILE`: the audit office's copy of the public key, as base64 DER; undefined when not given. */
export function pinnedPublicKey(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!existsSync(path)) throw new CommandLineFailure(exitCodes.notFound, `no public key at ${path}`);
  try {
    return publicKeyBase64FromPem(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CommandLineFailure(exitCodes.usageError, `${path} is not an Ed25519 public key in PEM: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes a file whole: under a temporary name, then renamed, so a reader never sees half of it. */
export function writeFileWhole(path: string, content: string | Buffer): void {
  const partial = `${path}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, path);
}

/** How many events the store holds, for a progress bar's total (at most the port's counting limit). */
export async function eventTotal(store: EventStore): Promise<number> {
  if (store.countEventsAfter) return Number(await store.countEventsAfter(-1n, countEventsLimitMax));
  return Number((await store.headPosition()) + 1n);
}
