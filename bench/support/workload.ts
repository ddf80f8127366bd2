import { accountId, nationLocalityId, type AccountKey, type BudgetSource, type CapitalType } from '@ledger/domain';
// The fixtures are imported by file, not through `@ledger/application`, so that the load
// generator's process does not pull in Nest and the whole application module.
import { dienBien2024Localities } from '@ledger/registry-import';
import { nationalTargetPrograms2021To2025 } from '@ledger/registry-import';

/**
 * The benchmark workload: the three national target programs over their five plan years, both
 * capital types and two budget sources that may enter at the national level (NSTW and CSXH).
 * Each such funding line has a national account and one general account at each of the 23
 * provinces, districts and communes of the Điện Biên fixture: 60 lines × 24 = 1,440 accounts.
 */
export interface FundingLine {
  readonly programCode: string;
  readonly planYear: number;
  readonly capitalType: CapitalType;
  readonly budgetSource: BudgetSource;
}

export interface AllocationSource {
  readonly from: AccountKey;
  /** General accounts of the localities strictly below `from`, on the same funding line. */
  readonly to: readonly AccountKey[];
}

export interface WorkloadLayout {
  readonly lines: readonly FundingLine[];
  readonly nationalAccounts: readonly AccountKey[];
  /** Every non-national general account; each starts with `localityBalanceVnd`. */
  readonly localityAccounts: readonly AccountKey[];
  readonly allocationSources: readonly AllocationSource[];
  readonly localityBalanceVnd: bigint;
  readonly nationalBudgetVnd: bigint;
}

/** What each locality account is allocated at set-up: modest next to the run, large next to one command. */
export const localityBalanceVnd = 20_000_000_000n;
/** Amount of the deliberate overdrafts: more than any account ever holds, so the ledger refuses them (422). */
export const overdraftVnd = 1_000_000_000_000n;
/** Share of commands that ask for more than the account holds. */
export const overdraftShare = 0.05;
/** Share of commands that are allocations; the rest are disbursements. */
export const allocationShare = 0.2;

const budgetSources: readonly BudgetSource[] = ['NSTW', 'CSXH'];
const capitalTypes: readonly CapitalType[] = ['DTPT', 'SN'];

export function fundingLines(): FundingLine[] {
  const lines: FundingLine[] = [];
  for (const program of nationalTargetPrograms2021To2025) {
    for (let planYear = program.planYearFrom; planYear <= program.planYearTo; planYear += 1) {
      for (const capitalType of capitalTypes) {
        for (const budgetSource of budgetSources) lines.push({ programCode: program.programCode, planYear, capitalType, budgetSource });
      }
    }
  }
  return lines;
}

export function lineAccount(line: FundingLine, localityId: string, componentCode: string | null = null): AccountKey {
  return { ...line, localityId, componentCode };
}

/** Locality ids of the fixture below the nation, each with its parent. */
export function fixtureLocalities(): readonly { readonly localityId: string; readonly parentId: string }[] {
  return dienBien2024Localities.map((unit) => ({ localityId: unit.localityId, parentId: unit.parentId ?? nationLocalityId }));
}

export function descendantsOf(localityId: string): string[] {
  const units = fixtureLocalities();
  const below: string[] = [];
  const visit = (parentId: string): void => {
    for (const unit of units) {
      if (unit.parentId === parentId) {
        below.push(unit.localityId);
        visit(unit.localityId);
      }
    }
  };
  visit(localityId);
  return below;
}

export function workloadLayout(): WorkloadLayout {
  const lines = fundingLines();
  const localityIds = fixtureLocalities().map((unit) => unit.localityId);
  const sourceLocalities = localityIds.map((id) => ({ id, below: descendantsOf(id) })).filter((entry) => entry.below.length > 0);
  return {
    lines,
    nationalAccounts: lines.map((line) => lineAccount(line, nationLocalityId)),
    localityAccounts: lines.flatMap((line) => localityIds.map((id) => lineAccount(line, id))),
    allocationSources: lines.flatMap((line) =>
      sourceLocalities.map((source) => ({ from: lineAccount(line, source.id), to: source.below.map((id) => lineAccount(line, id)) })),
    ),
    localityBalanceVnd,
    nationalBudgetVnd: localityBalanceVnd * BigInt(localityIds.length),
  };
}

export type WorkloadCommand =
  | {
      readonly kind: 'disburse';
      readonly commandId: string;
      readonly account: AccountKey;
      readonly accountId: string;
      readonly amountVnd: bigint;
      readonly voucherRef: string;
      readonly disbursedOn: string;
    }
  | {
      readonly kind: 'allocate';
      readonly commandId: string;
      readonly from: AccountKey;
      readonly fromId: string;
      readonly to: AccountKey;
      readonly toId: string;
      readonly amountVnd: bigint;
      readonly decisionRef: string;
    };

/** A small, fast, seedable generator (mulberry32): the same seed gives the same workload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The command mix: 80% disbursements over the locality accounts, 20% allocations from a
 * province or district down to a unit below it; 5% of each ask for more than any account holds.
 * Every command has a fresh id (`{prefix}-{sequence}`), which doubles as the treasury voucher.
 */
export class WorkloadGenerator {
  private readonly random: () => number;
  private sequence = 0;
  private readonly ids = new Map<AccountKey, string>();

  constructor(
    private readonly layout: WorkloadLayout,
    seed: number,
    private readonly commandIdPrefix: string,
  ) {
    this.random = seededRandom(seed);
    for (const key of [...layout.localityAccounts, ...layout.nationalAccounts]) this.ids.set(key, accountId(key));
  }

  get generated(): number {
    return this.sequence;
  }

  next(): WorkloadCommand {
    this.sequence += 1;
    const commandId = `${this.commandIdPrefix}-${this.sequence}`;
    const overdraft = this.random() < overdraftShare;
    if (this.random() < allocationShare) {
      const source = this.pick(this.layout.allocationSources);
      const to = this.pick(source.to);
      const amountVnd = overdraft ? overdraftVnd : this.amount(5_000_000, 50_000_000);
      return { kind: 'allocate', commandId, from: source.from, fromId: this.idOf(source.from), to, toId: this.idOf(to), amountVnd, decisionRef: `QD-${this.sequence}/UBND` };
    }
    const account = this.pick(this.layout.localityAccounts);
    const amountVnd = overdraft ? overdraftVnd : this.amount(1_000_000, 10_000_000);
    return { kind: 'disburse', commandId, account, accountId: this.idOf(account), amountVnd, voucherRef: commandId, disbursedOn: `${account.planYear}-06-15` };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** Whole thousands of đồng between the bounds. */
  private amount(lowVnd: number, highVnd: number): bigint {
    return BigInt(Math.floor((lowVnd + this.random() * (highVnd - lowVnd)) / 1000) * 1000);
  }

  private idOf(key: AccountKey): string {
    return this.ids.get(key) ?? accountId(key);
  }
}

export interface HttpRequestSpec {
  readonly method: 'POST';
  readonly path: string;
  readonly body: string;
}

/** The HTTP request a client would send for the command. */
export function toHttpRequest(command: WorkloadCommand): HttpRequestSpec {
  if (command.kind === 'disburse') {
    return {
      method: 'POST',
      path: `/v1/accounts/${command.accountId}/disbursements`,
      body: JSON.stringify({ commandId: command.commandId, amountVnd: command.amountVnd.toString(), voucherRef: command.voucherRef, disbursedOn: command.disbursedOn }),
    };
  }
  return {
    method: 'POST',
    path: `/v1/accounts/${command.fromId}/allocations`,
    body: JSON.stringify({ commandId: command.commandId, decisionRef: command.decisionRef, toAccountId: command.toId, amountVnd: command.amountVnd.toString() }),
  };
}
