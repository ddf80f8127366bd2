import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { accountId, formatVnd, nationLocalityId, type AccountKey } from '@ledger/domain';
import { AccountRepository, AllocateFundsCommand, AssignBudgetCommand, ExtendDisbursementDeadlineCommand, ReallocateFundsCommand, RecordDisbursementCommand, ReturnFundsCommand, ReverseDisbursementCommand, type CommandResult } from '@ledger/accounts';
import { dienBien2024Localities, nationalTargetPrograms2021To2025 } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import { TransferProcessManager } from '@ledger/transfers';
import type { CommandContext } from '@ledger/commands';
import { loadDienBien2026 } from './dien-bien-2026';
import {
  detailedAllocationPercent,
  disbursedPercentByDistrict,
  districtWeights,
  fundingLines,
  carriedInto2025,
  lineKey,
  monthlyTranches,
  planYear,
  provinceId,
  type FundingLine,
} from './dien-bien-2024.scenario';

const transfersWaitMs = 60_000;
// The scenario is loaded by a national finance officer: it assigns at the nation and allocates down to the communes.
const demoActor = { id: 'demo', role: 'finance-officer', jurisdiction: nationLocalityId };

/**
 * The demo enters 2024's history after the fact: every entry is a late one, and a late entry must
 * cite a decision. Entries that cite none of their own (payments, the reversal) cite the provincial
 * finance department's decision to enter the year's records.
 */
const backfillDecisionRef = '1088/QĐ-STC (nhập số liệu năm 2024)';

function context(commandId: string, decisionRef: string | null, effectiveDate: string): CommandContext {
  return { commandId, correlationId: 'demo-dien-bien-2024', causationId: commandId, actor: demoActor, decisionRef: decisionRef ?? backfillDecisionRef, effectiveDate };
}

export interface DemoSummary {
  readonly commands: number;
  readonly duplicates: number;
  readonly lines: readonly string[];
}

/**
 * Loads the Điện Biên 2024 scenario through the command bus, exactly as HTTP commands would be,
 * then 2026 on the structure of 1 July 2025 under the merged program. Command ids are fixed, so
 * running the demo again writes nothing new.
 */
export async function runDemo(app: INestApplicationContext, print: (line: string) => void): Promise<DemoSummary> {
  const bus = app.get(CommandBus);
  const registry = app.get(RegistryService);
  const transfers = app.get(TransferProcessManager);
  const accounts = app.get(AccountRepository);
  let commands = 0;
  let duplicates = 0;
  const count = (result: CommandResult): CommandResult => {
    commands += 1;
    if (result.duplicate) duplicates += 1;
    return result;
  };
  const settle = async (results: readonly CommandResult[]): Promise<void> => {
    const last = results.reduce((max, result) => (result.position > max ? result.position : max), -1n);
    if (last >= 0n) await transfers.waitFor(last, transfersWaitMs);
  };

  print('registering the three national target programs and the Điện Biên units…');
  for (const program of nationalTargetPrograms2021To2025) {
    await registry.registerProgram(program, context(`demo-program-${program.programCode}`, program.decisionRef, '2022-01-01'));
  }
  await registry.importLocalities(dienBien2024Localities, [], context('demo-localities', null, '2024-01-01'));

  print('assigning the 2024 estimates and allocating them to the province…');
  const assigned = await Promise.all(
    fundingLines.map((line, index) => {
      const top = lineKey(line, line.entersAt === 'VN' ? nationLocalityId : provinceId, null);
      return bus.execute(new AssignBudgetCommand({ kind: 'AssignBudget', account: top, amountVnd: line.amountVnd }, context(`demo-assign-${index}`, line.decisionRef, '2024-01-05'))).then(count);
    }),
  );
  await settle(assigned);
  const toProvince = await Promise.all(
    fundingLines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.entersAt === 'VN')
      .map(({ line, index }) =>
        bus
          .execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: lineKey(line, nationLocalityId, null), to: lineKey(line, provinceId, null), amountVnd: line.amountVnd }, context(`demo-to-province-${index}`, line.decisionRef, '2024-01-10')))
          .then(count),
      ),
  );
  await settle(toProvince);

  print('allocating to component projects and to the ten districts…');
  const componentAmounts = new Map<string, bigint>();
  const toComponents: Promise<CommandResult>[] = [];
  fundingLines.forEach((line, index) => {
    let remaining = line.amountVnd;
    line.components.forEach((component, componentIndex) => {
      const last = componentIndex === line.components.length - 1;
      const amountVnd = last ? remaining : (line.amountVnd * component.sharePercent) / 100n;
      remaining -= amountVnd;
      componentAmounts.set(`${index}:${component.componentCode}`, amountVnd);
      toComponents.push(
        bus
          .execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: lineKey(line, provinceId, null), to: lineKey(line, provinceId, component.componentCode), amountVnd }, context(`demo-to-component-${index}-${component.componentCode}`, '215/QĐ-UBND', '2024-01-20')))
          .then(count),
      );
    });
  });
  await settle(await Promise.all(toComponents));

  const toDistricts: Promise<CommandResult>[] = [];
  const districtAmounts: { line: FundingLine; lineIndex: number; componentCode: string; localityId: string; amountVnd: bigint }[] = [];
  fundingLines.forEach((line, index) => {
    for (const component of line.components) {
      const componentVnd = componentAmounts.get(`${index}:${component.componentCode}`) ?? 0n;
      const detailedVnd = (componentVnd * detailedAllocationPercent) / 100n;
      for (const district of districtWeights) {
        const amountVnd = (detailedVnd * district.perMille) / 1000n;
        districtAmounts.push({ line, lineIndex: index, componentCode: component.componentCode, localityId: district.localityId, amountVnd });
        toDistricts.push(
          bus
            .execute(
              new AllocateFundsCommand(
                { kind: 'AllocateFunds', account: lineKey(line, provinceId, component.componentCode), to: lineKey(line, district.localityId, component.componentCode), amountVnd },
                context(`demo-to-district-${index}-${component.componentCode}-${district.localityId}`, '412/QĐ-UBND', '2024-02-26'),
              ),
            )
            .then(count),
        );
      }
    }
  });
  await settle(await Promise.all(toDistricts));

  print('recording disbursements through the State Treasury, month by month…');
  const disbursements = await Promise.all(
    districtAmounts.flatMap(({ line, lineIndex, componentCode, localityId, amountVnd }) => {
      const totalVnd = (amountVnd * disbursedPercentByDistrict[localityId]) / 100n;
      let paidVnd = 0n;
      return monthlyTranches.map(({ disbursedOn, perMille }, tranche) => {
        // The last month pays the rest, so each account pays exactly its share of the year.
        const trancheVnd = tranche < monthlyTranches.length - 1 ? (totalVnd * perMille) / 1000n : totalVnd - paidVnd;
        paidVnd += trancheVnd;
        const voucherRef = `KBNN-${localityId}-${line.programCode}-${lineIndex}-${componentCode}-${tranche + 1}`;
        return bus
          .execute(new RecordDisbursementCommand({ kind: 'RecordDisbursement', account: lineKey(line, localityId, componentCode), amountVnd: trancheVnd, voucherRef, disbursedOn }, context(`demo-disburse-${voucherRef}`, null, disbursedOn)))
          .then(count);
      });
    }),
  );

  print('a reversal, a reallocation between districts, a deadline extension and a return…');
  const dtts = fundingLines[0];
  const reversed = disbursements.find((result) => result.accountId === accountId(lineKey(dtts, '096', 'DA4')));
  if (reversed?.eventIds[0]) {
    count(
      await bus.execute(
        new ReverseDisbursementCommand({ kind: 'ReverseDisbursement', account: lineKey(dtts, '096', 'DA4'), disbursementId: reversed.eventIds[0], reason: 'Kho bạc từ chối thanh toán: sai tài khoản người thụ hưởng' }, context('demo-reverse-096', null, '2024-04-20')),
      ),
    );
  }
  const followUps = [
    count(
      await bus.execute(
        new ReallocateFundsCommand({ kind: 'ReallocateFunds', account: lineKey(dtts, '094', 'DA4'), to: lineKey(dtts, '103', 'DA4'), amountVnd: 2n * 1_000_000_000n, reason: 'Điều chỉnh vốn sang huyện có khả năng giải ngân' }, context('demo-reallocate-094-103', '2105/QĐ-UBND', '2024-09-05')),
      ),
    ),
    ...(await Promise.all(
      carriedInto2025.localityIds.map((localityId) =>
        bus
          .execute(
            new ExtendDisbursementDeadlineCommand(
              { kind: 'ExtendDisbursementDeadline', account: lineKey(dtts, localityId, carriedInto2025.componentCode), newDeadline: carriedInto2025.newDeadline, specialResolution: false },
              context(localityId === '103' ? 'demo-extend-103' : `demo-extend-${localityId}`, '45/NQ-HĐND', carriedInto2025.extendedOn),
            ),
          )
          .then(count),
      ),
    )),
    count(
      await bus.execute(
        new ReturnFundsCommand({ kind: 'ReturnFunds', account: lineKey(fundingLines[3], '095', 'ND06'), to: null, amountVnd: 150_000_000n, reason: 'Không có nhu cầu sử dụng hết kinh phí' }, context('demo-return-095', '2388/QĐ-UBND', '2024-11-28')),
      ),
    ),
  ];
  await settle(followUps);

  print('paying in 2025 part of the 2024 money carried over under the extension…');
  for (const { localityId, disbursedOn, amountVnd } of carriedInto2025.payments) {
    const voucherRef = `KBNN-${localityId}-DTTS-0-${carriedInto2025.componentCode}-${disbursedOn}`;
    const account = lineKey(dtts, localityId, carriedInto2025.componentCode);
    count(await bus.execute(new RecordDisbursementCommand({ kind: 'RecordDisbursement', account, amountVnd, voucherRef, disbursedOn }, context(`demo-disburse-${voucherRef}`, null, disbursedOn))));
  }

  const lines: string[] = [];
  lines.push(`Điện Biên (11), plan year ${planYear}: received by the province and its districts`);
  let provinceTotalVnd = 0n;
  let investmentVnd = 0n;
  const byProgram = new Map<string, bigint>();
  for (const line of fundingLines) {
    provinceTotalVnd += line.amountVnd;
    if (line.capitalType === 'DTPT') investmentVnd += line.amountVnd;
    byProgram.set(line.programCode, (byProgram.get(line.programCode) ?? 0n) + line.amountVnd);
  }
  lines.push(`  total ${formatVnd(provinceTotalVnd)}, of which development investment ${formatVnd(investmentVnd)}`);
  for (const [programCode, totalVnd] of byProgram) lines.push(`  ${programCode.padEnd(5)} ${formatVnd(totalVnd)} (all sources)`);
  lines.push('  district                 received              disbursed');
  for (const district of districtWeights) {
    let receivedVnd = 0n;
    let disbursedVnd = 0n;
    for (const line of fundingLines) {
      for (const component of line.components) {
        const key: AccountKey = lineKey(line, district.localityId, component.componentCode);
        const { state } = await accounts.loadCurrent(key);
        receivedVnd += state.receivedVnd;
        disbursedVnd += state.disbursedVnd - state.reversedVnd;
      }
    }
    lines.push(`  ${district.localityId} ${district.name.padEnd(16)} ${formatVnd(receivedVnd).padStart(24)} ${formatVnd(disbursedVnd).padStart(24)}`);
  }
  for (const line of lines) print(line);

  const lines2026 = await loadDienBien2026(app, { context, count, settle, print });
  for (const line of lines2026) print(line);
  return { commands, duplicates, lines: [...lines, ...lines2026] };
}
