import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { describeLocalityVersion, formatVnd, localityOn, nationLocalityId } from '@ledger/domain';
import { AccountRepository, AllocateFundsCommand, AssignBudgetCommand, RecordDisbursementCommand, type CommandResult } from '@ledger/accounts';
import { nationalTargetProgram2026To2035, reorganisation2025Localities, reorganisation2025PredecessorLocalities, reorganisation2025Successions } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import type { CommandContext } from '@ledger/commands';
import { communeAllocationPercent2026, communes2026, components2026, disbursedPercent2026, disbursing2026, investment2026Vnd, key2026, planYear2026, province2026Id, program2026 } from './dien-bien-2026.scenario';

export interface DemoSteps {
  readonly context: (commandId: string, decisionRef: string | null, effectiveDate: string) => CommandContext;
  readonly count: (result: CommandResult) => CommandResult;
  readonly settle: (results: readonly CommandResult[]) => Promise<void>;
  readonly print: (line: string) => void;
}

/**
 * The demo's second year: the reorganisation of 1 July 2025 and the merged program registered,
 * then 2026's money assigned on the new structure and allocated to Điện Biên's 45 new communes,
 * beside 2024's, which stays on the old units under its old programs.
 */
export async function loadDienBien2026(app: INestApplicationContext, steps: DemoSteps): Promise<string[]> {
  const bus = app.get(CommandBus);
  const registry = app.get(RegistryService);
  const accounts = app.get(AccountRepository);
  const { context, count, settle, print } = steps;

  print('registering the 1 July 2025 reorganisation and the merged 2026–2035 program…');
  await registry.importLocalities([...reorganisation2025PredecessorLocalities, ...reorganisation2025Localities], reorganisation2025Successions, context('demo-localities-2025', '19/2025/QĐ-TTg', '2025-07-01'));
  await registry.registerProgram(nationalTargetProgram2026To2035, context('demo-program-MTQG', nationalTargetProgram2026To2035.decisionRef, '2025-12-11'));

  print(`assigning 2026's ${program2026} capital and allocating it to the ${communes2026.length} communes of ${province2026Id}…`);
  const decision = '52/QĐ-TTg (kế hoạch vốn 2026)';
  await settle([count(await bus.execute(new AssignBudgetCommand({ kind: 'AssignBudget', account: key2026(nationLocalityId, null), amountVnd: investment2026Vnd }, context('demo-2026-assign', decision, '2026-01-05'))))]);
  await settle([
    count(await bus.execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: key2026(nationLocalityId, null), to: key2026(province2026Id, null), amountVnd: investment2026Vnd }, context('demo-2026-to-province', decision, '2026-01-10')))),
  ]);
  let remaining = investment2026Vnd;
  const componentAmounts = components2026.map((component, index) => {
    const amountVnd = index === components2026.length - 1 ? remaining : (investment2026Vnd * component.sharePercent) / 100n;
    remaining -= amountVnd;
    return { ...component, amountVnd };
  });
  await settle(
    await Promise.all(
      componentAmounts.map(({ componentCode, amountVnd }) =>
        bus
          .execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: key2026(province2026Id, null), to: key2026(province2026Id, componentCode), amountVnd }, context(`demo-2026-to-${componentCode}`, '88/QĐ-UBND', '2026-01-20')))
          .then(count),
      ),
    ),
  );
  const communeVnd = new Map<string, bigint>();
  const toCommunes = componentAmounts.flatMap(({ componentCode, amountVnd }) => {
    const eachVnd = (amountVnd * communeAllocationPercent2026) / 100n / BigInt(communes2026.length);
    return communes2026.map((commune) => {
      communeVnd.set(`${commune}:${componentCode}`, eachVnd);
      return bus
        .execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: key2026(province2026Id, componentCode), to: key2026(commune, componentCode), amountVnd: eachVnd }, context(`demo-2026-${componentCode}-${commune}`, '91/QĐ-UBND', '2026-02-02')))
        .then(count);
    });
  });
  await settle(await Promise.all(toCommunes));
  await Promise.all(
    disbursing2026.flatMap((commune) =>
      components2026.map(({ componentCode }) => {
        const amountVnd = ((communeVnd.get(`${commune}:${componentCode}`) ?? 0n) * disbursedPercent2026) / 100n;
        const voucherRef = `KBNN-2026-${commune.replace('@', '-')}-${componentCode}`;
        return bus.execute(new RecordDisbursementCommand({ kind: 'RecordDisbursement', account: key2026(commune, componentCode), amountVnd, voucherRef, disbursedOn: '2026-03-16' }, context(`demo-disburse-${voucherRef}`, null, '2026-03-16'))).then(count);
      }),
    ),
  );

  let allocatedVnd = 0n;
  let disbursedVnd = 0n;
  for (const commune of communes2026) {
    for (const { componentCode } of components2026) {
      const { state } = await accounts.loadCurrent(key2026(commune, componentCode));
      allocatedVnd += state.receivedVnd;
      disbursedVnd += state.disbursedVnd - state.reversedVnd;
    }
  }
  const view = registry.view;
  const before = localityOn(view, '03127', '2025-06-30');
  const after = localityOn(view, '03127', '2025-07-01');
  const from = registry.predecessorsOf('03127@2025').map((succession) => succession.predecessorId);
  return [
    `Điện Biên (${province2026Id}), plan year ${planYear2026}: ${program2026} (${nationalTargetProgram2026To2035.planYearFrom}–${nationalTargetProgram2026To2035.planYearTo}, succeeding ${nationalTargetProgram2026To2035.succeeds?.join(', ')}) on the ${communes2026.length} communes since 1 July 2025`,
    `  assigned ${formatVnd(investment2026Vnd)}, allocated to the communes ${formatVnd(allocatedVnd)}, disbursed by 16 March ${formatVnd(disbursedVnd)}`,
    `  code 03127: on 2025-06-30 ${before ? describeLocalityVersion(before) : 'none'}; on 2025-07-01 ${after ? describeLocalityVersion(after) : 'none'}, formed from ${from.join(', ')}`,
  ];
}
