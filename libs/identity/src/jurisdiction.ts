import { Inject, Injectable } from '@nestjs/common';
import { coversLocality, nationLocalityId, parseAccountId, type RegistryView } from '@ledger/domain';
import { AccessDeniedError } from './access';
import type { Principal } from './principal';

/** The locality tree as jurisdiction checks need it: a view, and a way to learn units registered since. */
export interface LocalityTree {
  readonly view: RegistryView;
  /** Reads registry events appended since the last look; true when there were any. */
  catchUp(): Promise<boolean>;
}

/** Injection token of the locality tree (the registry provides it). */
export const LOCALITY_TREE = Symbol('LOCALITY_TREE');

/**
 * A principal reads only inside its jurisdiction: the locality it acts for and the units below
 * it; a national principal (`VN`) reads everything. A unit another process registered a moment
 * ago is looked up again before the answer is no.
 */
@Injectable()
export class JurisdictionChecker {
  constructor(@Inject(LOCALITY_TREE) private readonly tree: LocalityTree) {}

  async assertReadable(principal: Principal, localityId: string): Promise<void> {
    if (coversLocality(this.tree.view, principal.jurisdiction, localityId)) return;
    if ((await this.tree.catchUp()) && coversLocality(this.tree.view, principal.jurisdiction, localityId)) return;
    throw new AccessDeniedError('OUTSIDE_JURISDICTION', `locality ${localityId} is outside the jurisdiction ${principal.jurisdiction} of this token`, {
      jurisdiction: principal.jurisdiction,
      localityId,
    });
  }

  /** A search by account and/or locality reads only inside the principal's jurisdiction. */
  async assertFilterReadable(principal: Principal, filter: { readonly accountId?: string; readonly localityId?: string }): Promise<void> {
    const account = filter.accountId === undefined ? undefined : parseAccountId(filter.accountId);
    if (account) {
      await this.assertReadable(principal, account.localityId);
      if (filter.localityId !== undefined) await this.assertReadable(principal, filter.localityId);
      return;
    }
    await this.scopedLocality(principal, filter.localityId);
  }

  /** Lists and searches by a principal scoped below the nation must name a locality in its jurisdiction. */
  async scopedLocality(principal: Principal, localityId: string | undefined): Promise<string | undefined> {
    if (localityId !== undefined) {
      await this.assertReadable(principal, localityId);
      return localityId;
    }
    if (principal.jurisdiction === nationLocalityId) return undefined;
    throw new AccessDeniedError(
      'OUTSIDE_JURISDICTION',
      `a token for ${principal.jurisdiction} reads only its jurisdiction: name localityId=${principal.jurisdiction} (with subtree=true for the units below)`,
      { jurisdiction: principal.jurisdiction },
    );
  }
}
