import { ProjectionHarness, EventLog } from '../../testing/sqlite-projection-harness';
import { registryEvents } from '../../testing/ledger-story';
import { registryProjection } from './registry.projection';

describe('registry projection', () => {
  const log = new EventLog();
  registryEvents(log);

  async function closureAfter(batchSize: number) {
    const harness = await ProjectionHarness.open({ projections: [registryProjection] });
    try {
      await harness.apply(log.events, batchSize);
      return {
        closure: await harness.rows('locality_closure'),
        localities: await harness.rows('localities'),
        programs: await harness.rows('programs'),
        components: await harness.rows('program_components'),
        successions: await harness.rows('locality_successions'),
        programSuccessions: await harness.rows('program_successions'),
      };
    } finally {
      await harness.close();
    }
  }

  it('builds the locality tree as a closure table: every ancestor of every unit with its distance, the unit itself at 0', async () => {
    const { closure } = await closureAfter(log.events.length);
    const pairs = closure.map((row) => `${String(row.ancestor_id)}>${String(row.descendant_id)}:${String(row.depth)}`).sort();
    expect(pairs).toEqual(
      [
        'VN>VN:0',
        'VN>11:1',
        '11>11:0',
        'VN>094:2',
        '11>094:1',
        '094>094:0',
        'VN>096:2',
        '11>096:1',
        '096>096:0',
        'VN>103:2',
        '11>103:1',
        '103>103:0',
        'VN>03127:3',
        '11>03127:2',
        '094>03127:1',
        '03127>03127:0',
        'VN>01:1',
        '01>01:0',
      ].sort(),
    );
  });

  it('finds the ancestors of parents registered in earlier batches', async () => {
    expect((await closureAfter(1)).closure).toEqual((await closureAfter(log.events.length)).closure);
  });

  it('keeps localities with their names and levels, and programs with their components', async () => {
    const { localities, programs, components } = await closureAfter(log.events.length);
    expect(localities.find((row) => row.locality_id === 'VN')).toMatchObject({ name: 'Việt Nam', level: 'nation', parent_id: null });
    expect(localities.find((row) => row.locality_id === '03127')).toMatchObject({ name: 'Phường Him Lam', level: 'commune', parent_id: '094', valid_to: '2025-06-30' });
    expect(programs).toEqual([{ program_code: 'DTTS', name: 'Chương trình DTTS', decision_ref: '1719/QĐ-TTg', plan_year_from: 2021n, plan_year_to: 2025n }]);
    expect(components).toEqual([{ program_code: 'DTTS', component_code: 'DA4', name: 'Dự án 4', plan_year_from: null, plan_year_to: null }]);
  });

  it('keeps the lineage of units with the kind of each change, and the succession of programs', async () => {
    const lineage = new EventLog();
    registryEvents(lineage);
    lineage.append('registry-localities', { type: 'LocalityRegistered', data: { localityId: '11@2025', code: '11', name: 'Tỉnh Điện Biên', level: 'province', parentId: 'VN', validFrom: '2025-07-01', validTo: null } });
    lineage.append('registry-localities', { type: 'LocalitySucceeded', data: { predecessorId: '11', successorId: '11@2025', kind: 'unchanged', note: null } });
    lineage.append('registry-localities', { type: 'LocalitySucceeded', data: { predecessorId: '094', successorId: '11@2025', kind: 'whole', note: null } });
    lineage.append('registry-programs', { type: 'ProgramRegistered', data: { programCode: 'MTQG', name: 'Chương trình 2026–2035', decisionRef: '257/2025/QH15', planYearFrom: 2026, planYearTo: 2035 } });
    lineage.append('registry-programs', { type: 'ComponentProjectRegistered', data: { programCode: 'MTQG', componentCode: 'SK', name: 'Sinh kế', planYearFrom: 2026, planYearTo: 2030 } });
    lineage.append('registry-programs', { type: 'ProgramSucceeded', data: { predecessorCode: 'DTTS', successorCode: 'MTQG' } });
    const harness = await ProjectionHarness.open({ projections: [registryProjection] });
    try {
      await harness.apply(lineage.events, 3);
      expect(await harness.rows('locality_successions')).toEqual([
        { predecessor_id: '094', successor_id: '11@2025', kind: 'whole', note: null },
        { predecessor_id: '11', successor_id: '11@2025', kind: 'unchanged', note: null },
      ]);
      expect(await harness.rows('program_successions')).toEqual([{ predecessor_code: 'DTTS', successor_code: 'MTQG' }]);
      expect((await harness.rows('program_components')).find((row) => row.component_code === 'SK')).toMatchObject({ plan_year_from: 2026n, plan_year_to: 2030n });
    } finally {
      await harness.close();
    }
  });
});
