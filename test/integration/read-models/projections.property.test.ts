import fc from 'fast-check';
import {
  accountId,
  isStrictlyBelow,
  decideAccount,
  defaultLedgerPolicy,
  evolveAccount,
  initialAccountState,
  type AccountCommand,
  type AccountEvent,
  type AccountKey,
  type AccountState,
  type TransferKind,
} from '@ledger/domain';
import {
  derive,
  localityRollup,
  ProjectionRebuilder,
  projectionNames,
  type ProjectionEvent,
  type ReadTableName,
} from '@ledger/read-models';
import { givenRegistry, registryFixtureEvents } from '@ledger/domain/testing';
import { EventLog, ProjectionHarness } from '@ledger/read-models/testing';
import { ArrayEventSource } from './support/array-event-source';
import { ReferenceModel } from '../../read-models/support/reference-model';

/*
 * Random ledger histories, made of commands the real deciders accept (refusals write nothing),
 * with credits delivered late or never so that money is in transit at arbitrary points. For each
 * history: the read models built incrementally, in random batches with queries in between, equal
 * the read models rebuilt from zero by the rebuilder (shadow tables, switch); every account row
 * equals the account folded by the domain; every roll-up equals the sum over its subtree's
 * accounts, and its plan and detailed allocation equal a direct reading of the events.
 */

const registry = givenRegistry(registryFixtureEvents);
const today = '2024-12-01';
const localities = ['VN', '11', '01', '094', '096', '03127', '03160', '001'];
const accounts: AccountKey[] = [];
for (const programCode of ['DTTS', 'NTM']) {
  for (const budgetSource of ['NSTW', 'NSDP'] as const) {
    for (const localityId of localities) {
      for (const componentCode of programCode === 'DTTS' ? [null, 'DA4'] : [null]) {
        accounts.push({ programCode, planYear: 2024, localityId, capitalType: 'DTPT', budgetSource, componentCode });
      }
    }
  }
}
const assignable = accounts.filter((key) => key.componentCode === null && (key.budgetSource === 'NSTW' ? key.localityId === 'VN' : key.localityId === '11' || key.localityId === '01'));

const step = fc.record({
  kind: fc.constantFrom('assign', 'allocate', 'allocate', 'allocate', 'reallocate', 'return', 'disburse', 'disburse', 'reverse', 'extend', 'credit', 'credit', 'credit'),
  a: fc.nat(),
  b: fc.nat(),
  amountVnd: fc.bigInt(1n, 1_000_000n),
});

interface Pending {
  readonly from: AccountKey;
  readonly to: AccountKey;
  readonly transferId: string;
  readonly amountVnd: bigint;
  readonly kind: TransferKind;
}

function history(steps: { kind: string; a: number; b: number; amountVnd: bigint }[]): ProjectionEvent[] {
  const log = new EventLog();
  for (const event of registryFixtureEvents) log.append(event.type === 'LocalityRegistered' ? 'registry-localities' : 'registry-programs', event);
  const states = new Map<string, AccountState>();
  // Money enters first at the nation and at a province, so the random steps have something to move.
  steps = [{ kind: 'assign', a: 0, b: 0, amountVnd: 1_000_000n }, { kind: 'assign', a: 1, b: 0, amountVnd: 1_000_000n }, ...steps];
  const pending: Pending[] = [];
  let ids = 0;
  const state = (key: AccountKey): AccountState => states.get(accountId(key)) ?? initialAccountState;
  const record = (key: AccountKey, events: readonly AccountEvent[], decisionRef: string | null): void => {
    let current = state(key);
    for (const event of events) {
      log.account(accountId(key), event, { decisionRef, effectiveDate: '2024-06-15' });
      current = evolveAccount(current, event, key);
      if (event.type === 'FundsAllocated' || event.type === 'FundsReallocated' || event.type === 'FundsReturned') {
        const kind: TransferKind = event.type === 'FundsAllocated' ? 'allocation' : event.type === 'FundsReallocated' ? 'reallocation' : 'return';
        const to = accounts.find((candidate) => accountId(candidate) === event.data.toAccountId) as AccountKey;
        pending.push({ from: key, to, transferId: event.data.transferId, amountVnd: event.data.amountVnd, kind });
      }
    }
    states.set(accountId(key), current);
  };
  const attempt = (command: AccountCommand, decisionRef: string | null = 'QĐ', firstEventId = `e${ids}`): void => {
    const decision = decideAccount(command, state(command.account), { registry, today, firstEventId, effectiveDate: null, decisionRef, policy: defaultLedgerPolicy, jurisdiction: null, actorId: 'property-test', now: `${today}T03:00:00.000Z` });
    if (decision.ok) record(command.account, decision.events, decisionRef);
  };
  for (const { kind, a, b, amountVnd } of steps) {
    // Sources are accounts holding money; destinations are those the rules allow, so most commands are accepted.
    const funded = accounts.filter((key) => state(key).availableVnd > 0n);
    const account = funded.length > 0 ? funded[a % funded.length] : accounts[a % accounts.length];
    const destinations = accounts.filter((key) => (kind === 'reallocate' ? sideways(account, key) : downwards(account, key)));
    const other = destinations.length > 0 ? destinations[b % destinations.length] : accounts[b % accounts.length];
    const available = state(account).availableVnd;
    const amount = available > 0n ? 1n + (amountVnd % available) : amountVnd;
    ids += 1;
    switch (kind) {
      case 'assign':
        attempt({ kind: 'AssignBudget', account: assignable[a % assignable.length], amountVnd: amountVnd * 1_000n });
        break;
      case 'allocate':
        attempt({ kind: 'AllocateFunds', account, to: other, amountVnd: amount }, 'QĐ', `t${ids}`);
        break;
      case 'reallocate':
        attempt({ kind: 'ReallocateFunds', account, to: other, amountVnd: amount, reason: 'điều chỉnh' }, 'QĐ', `t${ids}`);
        break;
      case 'return': {
        const funders = [...state(account).fundingByAccount.entries()].filter(([, net]) => net > 0n);
        const funder = funders.length > 0 ? funders[b % funders.length] : undefined;
        const to = funder ? (accounts.find((candidate) => accountId(candidate) === funder[0]) ?? null) : null;
        attempt({ kind: 'ReturnFunds', account, to, amountVnd: funder ? 1n + (amountVnd % funder[1]) : amount, reason: 'nộp trả' }, 'QĐ', `t${ids}`);
        break;
      }
      case 'disburse':
        attempt({ kind: 'RecordDisbursement', account, amountVnd: amount, voucherRef: `KB-${ids}`, disbursedOn: '2024-06-15' }, null, `d${ids}`);
        break;
      case 'reverse': {
        const standing = [...state(account).disbursements.entries()].filter(([, record]) => !record.reversed);
        if (standing.length > 0) attempt({ kind: 'ReverseDisbursement', account, disbursementId: standing[b % standing.length][0], reason: 'đảo' }, null);
        break;
      }
      case 'extend':
        attempt({ kind: 'ExtendDisbursementDeadline', account, newDeadline: b % 2 === 0 ? '2025-12-31' : '2026-06-30', specialResolution: false });
        break;
      case 'credit': {
        if (pending.length === 0) break;
        const [transfer] = pending.splice(b % pending.length, 1);
        attempt({ kind: 'ReceiveFunds', account: transfer.to, from: transfer.from, amountVnd: transfer.amountVnd, transferId: transfer.transferId, transferKind: transfer.kind });
        break;
      }
    }
  }
  return log.events;
}

function sameLine(a: AccountKey, b: AccountKey): boolean {
  return a.programCode === b.programCode && a.budgetSource === b.budgetSource && accountId(a) !== accountId(b);
}

function downwards(from: AccountKey, to: AccountKey): boolean {
  if (!sameLine(from, to)) return false;
  if (from.localityId === to.localityId) return from.componentCode === null && to.componentCode !== null;
  return isStrictlyBelow(registry, from.localityId, to.localityId) && (from.componentCode === null || from.componentCode === to.componentCode);
}

function sideways(from: AccountKey, to: AccountKey): boolean {
  if (!sameLine(from, to)) return false;
  if (from.localityId === to.localityId) return from.componentCode !== to.componentCode;
  return registry.locality(from.localityId)?.parentId === registry.locality(to.localityId)?.parentId;
}

const modelTables: readonly ReadTableName[] = ['localities', 'locality_closure', 'programs', 'program_components', 'account_balances', 'locality_line_totals', 'locality_flows', 'locality_monthly_totals', 'locality_monthly_flows', 'audit_events', 'transfers'];

async function dump(harness: ProjectionHarness): Promise<Record<string, unknown>> {
  const tables: Record<string, unknown> = {};
  for (const table of modelTables) tables[table] = await harness.rows(table);
  return tables;
}

describe('read models from random histories', () => {
  it('built incrementally equal rebuilt from zero, and every roll-up equals its subtree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 40, maxLength: 200 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }), async (steps, cuts) => {
        const events = history(steps);
        const harness = await ProjectionHarness.open();
        try {
          // Incrementally, in batches of random sizes, with a query between batches.
          for (let start = 0, cut = 0; start < events.length; cut += 1) {
            const size = cuts[cut % cuts.length];
            await harness.apply(events.slice(start, start + size));
            start += size;
            const rollup = await localityRollup(harness.store.reader, '11', {});
            expect(rollup.position).toBe(events[Math.min(start, events.length) - 1].position);
          }
          const incremental = await dump(harness);

          // Rebuilt from zero beside the live tables, then switched in.
          const rebuilder = new ProjectionRebuilder(harness.store, new ArrayEventSource(events), { batchEventCountMax: 7 });
          const job = await rebuilder.run(projectionNames);
          expect(job).toMatchObject({ status: 'completed', position: events[events.length - 1].position });
          expect(await dump(harness)).toEqual(incremental);

          // Each account row is the account the domain folds; each roll-up is its subtree.
          const reference = new ReferenceModel(events);
          const rows = await harness.rows('account_balances');
          for (const row of rows) {
            const account = reference.accounts.get(row.account_id as string);
            expect(account).toBeDefined();
            expect([row.received_vnd, row.allocated_out_vnd, row.reallocated_out_vnd, row.returned_vnd, row.disbursed_vnd, row.reversed_vnd, row.available_vnd, row.in_transit_in_vnd, row.in_transit_out_vnd]).toEqual([
              account?.state.receivedVnd,
              account?.state.allocatedOutVnd,
              account?.state.reallocatedOutVnd,
              account?.state.returnedVnd,
              account?.state.disbursedVnd,
              account?.state.reversedVnd,
              account?.state.availableVnd,
              account?.inTransitInVnd,
              account?.inTransitOutVnd,
            ]);
            expect(row.disbursement_deadline).toBe(account?.state.deadline ?? '2025-01-31');
          }
          for (const localityId of localities) {
            const rollup = await localityRollup(harness.store.reader, localityId, {});
            for (const line of rollup.value.lines) {
              const filter = { programCode: line.programCode ?? undefined, planYear: line.planYear ?? undefined, capitalType: line.capitalType ?? undefined, budgetSource: line.budgetSource ?? undefined };
              const expected = reference.figures(localityId, filter);
              const leaves = rows.filter(
                (row) => reference.inSubtree(localityId, row.locality_id as string) && row.program_code === line.programCode && row.budget_source === line.budgetSource,
              );
              const sum = (column: string): bigint => leaves.reduce((total, row) => total + (row[column] as bigint), 0n);
              expect([line.accountCount, line.availableVnd, line.receivedVnd, line.allocatedOutVnd, line.disbursedVnd - line.reversedVnd, line.inTransitInVnd]).toEqual([
                leaves.length,
                sum('available_vnd'),
                sum('received_vnd'),
                sum('allocated_out_vnd'),
                sum('disbursed_vnd') - sum('reversed_vnd'),
                sum('in_transit_in_vnd'),
              ]);
              expect([derive(line).planVnd, derive(line).detailedAllocatedVnd, derive(line).netDisbursedVnd, line.availableVnd]).toEqual([
                expected.planVnd,
                expected.detailedAllocatedVnd,
                expected.netDisbursedVnd,
                expected.availableVnd,
              ]);
            }
          }
        } finally {
          await harness.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
