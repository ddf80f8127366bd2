import { accountHistoryProjection } from './account-history.projection';
import { approvalsProjection } from './approvals.projection';
import { auditTrailProjection } from './audit-trail.projection';
import { balancesProjection } from './balances.projection';
import { projectionNames, type Projection, type ProjectionName } from './projection';
import { registryProjection } from './registry.projection';
import { transfersProjection } from './transfers.projection';

/** Every projection of the ledger, in the order their batches are written. */
export const allProjections: readonly Projection[] = [registryProjection, balancesProjection, auditTrailProjection, transfersProjection, approvalsProjection, accountHistoryProjection];

export function projectionNamed(name: ProjectionName): Projection {
  const projection = allProjections.find((candidate) => candidate.name === name);
  if (!projection) throw new Error(`no projection ${name}`);
  return projection;
}

// Every name has a projection; checked once when the module loads.
for (const name of projectionNames) projectionNamed(name);
