import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLocalityFile } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import { uuidv7Generator, systemClock, type CommandContext } from '@ledger/commands';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { locateOfficialLocalityFiles } from '../support/official-locality-files';

const files = locateOfficialLocalityFiles();
if ('skipReason' in files) console.warn(`registry-import.test.ts skipped: ${files.skipReason}`);
const describeWithData = 'skipReason' in files ? describe.skip : describe;

const context: CommandContext = {
  commandId: 'import-test',
  correlationId: 'import-test',
  causationId: 'import-test',
  actor: { id: 'test', role: 'operator', jurisdiction: null },
  decisionRef: null,
  effectiveDate: '2025-07-01',
};

describeWithData(`importing the official unit lists into the event-sourced registry${'skipReason' in files ? ` (skipped: ${files.skipReason})` : ''}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-registry-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('registers every unit once, is harmless to re-run, and survives a restart', async () => {
    if ('skipReason' in files) return;
    const filePath = join(folder, 'events.sqlite');
    let store = await SqliteEventStore.open({ filePath });
    let registry = new RegistryService(store, systemClock, uuidv7Generator);
    const pre = await readLocalityFile(files.pre2025, 'pre-2025');
    const first = await registry.importLocalities(pre.units, pre.successions, context);
    expect(first).toMatchObject({ registered: 63 + 696 + 10_035, unchanged: 0, refusedCount: 0 });
    const again = await registry.importLocalities(pre.units, pre.successions, context);
    expect(again).toMatchObject({ registered: 0, unchanged: 63 + 696 + 10_035, successionsRecorded: 0, refusedCount: 0 });

    const post = await readLocalityFile(files.post2025, 'post-2025');
    const reform = await registry.importLocalities(post.units, post.successions, context);
    // Beside the table's 10,570 commune successions: the 691 districts it names only through their
    // communes (the five island districts have rows of their own) and the 63 old provinces.
    expect(reform).toMatchObject({ registered: 34 + 3_321, refusedCount: 0, successionsDerived: 691 + 63 });
    expect(reform.successionsRecorded).toBe(post.successions.length + 691 + 63);
    await store.close();

    store = await SqliteEventStore.open({ filePath });
    registry = new RegistryService(store, systemClock, uuidv7Generator);
    await registry.catchUp();
    expect(registry.locality('11')).toMatchObject({ name: 'Tỉnh Điện Biên', level: 'province', validTo: '2025-06-30' });
    expect(registry.locality('11@2025')).toMatchObject({ level: 'province', validFrom: '2025-07-01' });
    expect(registry.children('11')).toHaveLength(10);
    expect(registry.children('11@2025')).toHaveLength(45);
    expect(registry.view.versionsOf?.('03127').map((unit) => [unit.localityId, unit.name])).toEqual([
      ['03127', 'Phường Him Lam'],
      ['03127@2025', 'Phường Điện Biên Phủ'],
    ]);
    expect(registry.view.predecessorsOf?.('82@2025').filter((succession) => succession.predecessorId.length === 2)).toEqual([
      { predecessorId: '82', successorId: '82@2025', kind: 'whole', note: null },
      { predecessorId: '87', successorId: '82@2025', kind: 'whole', note: null },
    ]);
    const rerun = await registry.importLocalities(post.units, post.successions, context);
    expect(rerun).toMatchObject({ registered: 0, successionsRecorded: 0, successionsDerived: 0, refusedCount: 0 });

    // The units of a date, counted through the registry's paged list.
    const count = (filter: { level?: 'province' | 'district' | 'commune'; on?: string; parentId?: string }) => {
      let total = 0;
      for (let after: string | undefined; ; ) {
        const page = registry.listLocalities({ ...filter, afterLocalityId: after, limit: 1_000 });
        total += page.localities.length;
        if (page.nextAfterLocalityId === null) return total;
        after = page.nextAfterLocalityId;
      }
    };
    expect([count({ level: 'province', on: '2025-06-30' }), count({ level: 'district', on: '2025-06-30' }), count({ level: 'commune', on: '2025-06-30' })]).toEqual([63, 696, 10_035]);
    expect([count({ level: 'province', on: '2025-07-01' }), count({ level: 'district', on: '2025-07-01' }), count({ level: 'commune', on: '2025-07-01' })]).toEqual([34, 0, 3_321]);
    expect(count({ parentId: '11@2025', on: '2025-07-01' })).toBe(45);
    // Điện Biên's 129 old communes, under its ten districts, became those 45.
    const oldCommunes = registry.children('11').flatMap((district) => registry.children(district));
    expect(oldCommunes).toHaveLength(129);
    expect(new Set(oldCommunes.flatMap((commune) => registry.successorsOf(commune).map((succession) => succession.successorId)))).toEqual(new Set(registry.children('11@2025')));
    expect(registry.predecessorsOf('11@2025').map((succession) => `${succession.predecessorId} ${succession.kind}`).sort()).toEqual(['094', '095', '096', '097', '098', '099', '100', '101', '102', '103'].map((district) => `${district} whole`).concat('11 unchanged').sort());
    await store.close();
  }, 60_000);
});
