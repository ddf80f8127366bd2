import type { AccountKey } from '@ledger/domain';
import { reorganisation2025Localities } from '@ledger/registry-import';

/**
 * Điện Biên in plan year 2026, on the structure in force since 1 July 2025 (the province 11@2025
 * and its 45 communes, no districts) and under the national target program of 2026–2035 that
 * merges the three (`MTQG`). The amounts and decision numbers are the scenario's own.
 */

const billion = 1_000_000_000n;

export const planYear2026 = 2026;
export const province2026Id = '11@2025';
export const program2026 = 'MTQG';

/** Central investment capital of 2026 for the province, and its split among the program's components (per cent). */
export const investment2026Vnd = 480n * billion;
export const components2026: readonly { readonly componentCode: string; readonly sharePercent: bigint }[] = [
  { componentCode: 'HP1', sharePercent: 60n },
  { componentCode: 'HP2', sharePercent: 40n },
];
/** The province allocates this share of each component to the communes, in equal parts, and keeps the rest. */
export const communeAllocationPercent2026 = 95n;

/** The 45 communes of Điện Biên from 1 July 2025. */
export const communes2026: readonly string[] = reorganisation2025Localities.filter((unit) => unit.parentId === province2026Id).map((unit) => unit.localityId);

/** The first disbursements of 2026: Phường Điện Biên Phủ, Xã Mường Nhé and Xã Mường Chà pay 30% of what they received. */
export const disbursing2026: readonly string[] = ['03127@2025', '03160@2025', '03166@2025'];
export const disbursedPercent2026 = 30n;

export function key2026(localityId: string, componentCode: string | null): AccountKey {
  return { programCode: program2026, planYear: planYear2026, localityId, capitalType: 'DTPT', budgetSource: 'NSTW', componentCode };
}
