import type { AccountCommand, AccountDecision } from './account.commands';
import { accountId } from './account-id';
import { refuse } from './refusals';
import { isStrictlyBelow, nationLocalityId, successorsOf, type RegistryView } from './registry';

/** How far up the tree, and along successions, a jurisdiction is looked for (four levels, a few reorganisations). */
const lineageStepsMax = 16;

function coversDirectly(registry: RegistryView, jurisdiction: string, localityId: string): boolean {
  return jurisdiction === nationLocalityId || jurisdiction === localityId || isStrictlyBelow(registry, jurisdiction, localityId);
}

/**
 * True when a principal acting for `jurisdiction` may act on `localityId`: it is that unit or
 * below it, or the unit (or one above it) was taken in whole by a unit the jurisdiction covers —
 * the body that took in a unit answers for its accounts, so the new Điện Biên (11@2025) hands
 * over and audits the accounts of the old province and its districts. A unit split between
 * successors is answered for by the body above it that was taken in whole (the province).
 */
export function coversLocality(registry: RegistryView, jurisdiction: string, localityId: string): boolean {
  return coversThroughLineage(registry, jurisdiction, localityId, 0);
}

function coversThroughLineage(registry: RegistryView, jurisdiction: string, localityId: string, generation: number): boolean {
  if (coversDirectly(registry, jurisdiction, localityId)) return true;
  // Successions run forward in time; the bound guards against a corrupt cycle.
  if (generation >= lineageStepsMax) return false;
  let current = registry.locality(localityId);
  for (let steps = 0; current && steps < lineageStepsMax; steps += 1) {
    for (const succession of successorsOf(registry, current.localityId)) {
      if (succession.kind !== 'part' && coversThroughLineage(registry, jurisdiction, succession.successorId, generation + 1)) return true;
    }
    current = current.parentId === null ? undefined : registry.locality(current.parentId);
  }
  return false;
}

/**
 * Officers act within their locality's subtree: a command's source account must be there (a
 * district officer neither allocates from the province's account nor disburses in another
 * district), and a reallocation's destination too (moving money sideways between two districts is
 * the province's decision). A jurisdiction of null is the ledger itself or an operator's tool
 * acting for the whole ledger; a transfer's credit follows its debit.
 */
export function checkJurisdiction(command: AccountCommand, jurisdiction: string | null, registry: RegistryView): AccountDecision | undefined {
  if (jurisdiction === null || command.kind === 'ReceiveFunds') return undefined;
  const accounts = command.kind === 'ReallocateFunds' ? [command.account, command.to] : [command.account];
  for (const account of accounts) {
    if (!coversLocality(registry, jurisdiction, account.localityId)) {
      return refuse('OUTSIDE_JURISDICTION', `account ${accountId(account)} is outside the jurisdiction ${jurisdiction} of this officer`, {
        jurisdiction,
        accountId: accountId(account),
        localityId: account.localityId,
      });
    }
  }
  return undefined;
}
