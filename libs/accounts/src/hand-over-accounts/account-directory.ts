import { accountStreamCategory, parseAccountId, parseAccountStreamId, type AccountKey } from '@ledger/domain';
import { readCountMax, type EventStore } from '@ledger/event-store';
import { accountsAtLocalities, type ReadSide } from '@ledger/read-models';

export interface DirectoryEntry {
  readonly key: AccountKey;
  /** Debited towards the account and not yet credited, where the directory knows it (0 otherwise). */
  readonly inTransitInVnd: bigint;
}

/** Finds the accounts of given units: a hand-over must cover every one of them. */
export interface AccountDirectory {
  accountsAt(localityIds: readonly string[]): Promise<DirectoryEntry[]>;
}

export const ACCOUNT_DIRECTORY = Symbol('ACCOUNT_DIRECTORY');

/**
 * From the balances read model, once it has caught up with the store's head (so an account opened
 * just before is not missed); answers 503 READ_MODEL_BEHIND when it does not in time.
 */
export class ReadModelAccountDirectory implements AccountDirectory {
  constructor(
    private readonly readSide: ReadSide,
    private readonly store: EventStore,
  ) {}

  async accountsAt(localityIds: readonly string[]): Promise<DirectoryEntry[]> {
    await this.readSide.awaitPosition(await this.store.headPosition(), ['balances']);
    const found = await accountsAtLocalities(this.readSide.reader, localityIds);
    return found.flatMap((account) => {
      const key = parseAccountId(account.accountId);
      return key ? [{ key, inTransitInVnd: account.inTransitInVnd }] : [];
    });
  }
}

/**
 * Without read models (the command line): one pass over the account events of the store. Every
 * account opens with a credit, so its first event is an assignment or a received transfer.
 */
export class EventStoreAccountDirectory implements AccountDirectory {
  constructor(private readonly store: EventStore) {}

  async accountsAt(localityIds: readonly string[]): Promise<DirectoryEntry[]> {
    const wanted = new Set(localityIds);
    const found = new Map<string, AccountKey>();
    const filter = { eventTypes: ['BudgetAssigned', 'FundsReceived'], streamPrefixes: [`${accountStreamCategory}-`] };
    // Reads restart at the last position seen (a position the store gave out; on EventStoreDB the
    // next one is not its successor), skipping that event.
    for (let after: bigint | undefined; ; ) {
      const page = await this.store.readAll({ fromPosition: after, maxCount: readCountMax, filter });
      const fresh = after === undefined ? page : page.filter((event) => event.position > after!);
      for (const event of fresh) {
        const key = found.has(event.streamId) ? undefined : parseAccountStreamId(event.streamId);
        if (key && wanted.has(key.localityId)) found.set(event.streamId, key);
      }
      if (page.length < readCountMax || fresh.length === 0) break;
      after = page[page.length - 1].position;
    }
    return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => ({ key, inTransitInVnd: 0n }));
  }
}
