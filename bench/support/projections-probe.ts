import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readModelsDir, rebuildApiPresent } from '../scenarios/projections';

export interface ProjectionsProbe {
  /** The rebuild (and, when the API has it, the roll-up) can be run through bench/scenarios/projections.ts. */
  readonly rebuildAvailable: boolean;
  /** Why the rebuild figures are missing, in words for the table. */
  readonly rebuildReason: string;
  /** Why the roll-up figures are missing when the rebuild cannot run (the roll-up reads the rebuilt store). */
  readonly rollUpReason: string;
}

/**
 * The rebuild, growth-rebuild and roll-up scenarios depend on the projection work built in
 * parallel (libs/read-models). Until its pieces exist the bench reports those figures as pending
 * instead of inventing them.
 */
export function probeProjections(): ProjectionsProbe {
  const libPresent = existsSync(join(readModelsDir, 'index.ts'));
  const rebuildAvailable = rebuildApiPresent();
  const reason = rebuildAvailable ? '' : libPresent ? 'pending: libs/read-models has no rebuild yet' : 'pending: projections not built yet';
  return { rebuildAvailable, rebuildReason: reason, rollUpReason: reason || 'pending: no roll-up query measured' };
}
