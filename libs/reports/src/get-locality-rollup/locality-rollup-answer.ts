import type { Kysely } from 'kysely';
import { localityOnDate, programLineageCodes, rollupAcrossChange, type FundingLineFilter, type ReadDatabase, type Snapshot } from '@ledger/read-models';
import type { LocalityRollup, RollupOptions } from './get-locality-rollup.query';

/**
 * The roll-up asked for, on a read store: today's read models, or the scratch store an as-of
 * answer folds the events of its view into. One function for both, so an answer at a position is
 * the answer that position's read models gave.
 */
export async function localityRollupAnswer(db: Kysely<ReadDatabase>, localityIdAsked: string, filterAsked: FundingLineFilter, options: RollupOptions): Promise<Snapshot<LocalityRollup>> {
  // A code read on a date names the unit in force then (11 on 2025-07-01 is 11@2025).
  const localityId = options.on === undefined ? localityIdAsked : ((await localityOnDate(db, localityIdAsked, options.on))?.localityId ?? localityIdAsked);
  const programCodes = options.followProgramSuccession && filterAsked.programCode !== undefined ? await programLineageCodes(db, filterAsked.programCode) : null;
  const filter = programCodes ? { ...filterAsked, programCode: undefined, programCodes } : filterAsked;
  const snapshot = await rollupAcrossChange(db, localityId, filter, options.includePredecessors);
  return { position: snapshot.position, value: { ...snapshot.value, programCodes } };
}
