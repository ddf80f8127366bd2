import type { AccountCommand, AccountDecision } from './account.commands';
import { accountId } from './account-id';
import { refuse } from './refusals';
import { isStrictlyBelow, nationLocalityId, type RegistryView } from './registry';

/** True when a principal acting for `jurisdiction` may act on `localityId`: it is that unit or below it. */
export function coversLocality(registry: RegistryView, jurisdiction: string, localityId: string): boolean {
  return jurisdiction === nationLocalityId || jurisdiction === localityId || isStrictlyBelow(registry, jurisdiction, localityId);
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
