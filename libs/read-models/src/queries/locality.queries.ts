import type { Kysely } from 'kysely';
import { int64 } from '../int64';
import type { ReadDatabase } from '../read-database';

/** Locality ids per query when looking up the accounts of many units. */
const localityLookupCountMax = 500;

export interface AccountAtLocality {
  readonly accountId: string;
  readonly localityId: string;
  /** Debited towards the account by other accounts and not yet credited to it. */
  readonly inTransitInVnd: bigint;
}

/**
 * Every account the balances read model knows at the given units, ordered by account id: what a
 * hand-over of those units must cover. An account appears once its first event, or a transfer
 * towards it, is projected; wait for the balances projection first to see every one.
 */
export async function accountsAtLocalities(db: Kysely<ReadDatabase>, localityIds: readonly string[]): Promise<AccountAtLocality[]> {
  const accounts: AccountAtLocality[] = [];
  for (let start = 0; start < localityIds.length; start += localityLookupCountMax) {
    const rows = await db
      .selectFrom('account_balances')
      .select(['account_id', 'locality_id', 'in_transit_in_vnd'])
      .where('locality_id', 'in', localityIds.slice(start, start + localityLookupCountMax))
      .execute();
    for (const row of rows) accounts.push({ accountId: row.account_id, localityId: row.locality_id, inTransitInVnd: int64(row.in_transit_in_vnd) });
  }
  return accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}
