import { decodeEvent, evolveAccount, initialAccountState, parseAccountId, parseAccountStreamId, type AccountEvent, type AccountKey, type AccountState } from '@ledger/domain';

/**
 * An independent reading of a ledger history, written as plainly as possible (event by event,
 * walking parent links) to check the read models against: account states come from the domain's
 * own fold, subtree figures from a direct reading of the definitions in docs/read-models.md.
 */
export interface StoredEventLike {
  readonly position: bigint;
  readonly streamId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

export interface ReferenceFigures {
  planVnd: bigint;
  detailedAllocatedVnd: bigint;
  netDisbursedVnd: bigint;
  availableVnd: bigint;
  inTransitInVnd: bigint;
  receivedVnd: bigint;
  allocatedOutVnd: bigint;
  accountCount: number;
}

export interface LineFilter {
  readonly programCode?: string;
  readonly planYear?: number;
  readonly capitalType?: string;
  readonly budgetSource?: string;
}

export class ReferenceModel {
  readonly parents = new Map<string, string | null>([['VN', null]]);
  readonly names = new Map<string, string>([['VN', 'Việt Nam']]);
  readonly levels = new Map<string, string>([['VN', 'nation']]);
  readonly accounts = new Map<string, { key: AccountKey; state: AccountState; assignedVnd: bigint; inTransitInVnd: bigint; inTransitOutVnd: bigint }>();
  private readonly history: { streamKey: AccountKey; event: AccountEvent }[] = [];

  constructor(events: readonly StoredEventLike[]) {
    for (const stored of events) {
      const event = decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion);
      if (event.type === 'LocalityRegistered') {
        this.parents.set(event.data.localityId, event.data.parentId);
        this.names.set(event.data.localityId, event.data.name);
        this.levels.set(event.data.localityId, event.data.level);
        continue;
      }
      const key = parseAccountStreamId(stored.streamId);
      if (!key) continue;
      const accountEvent = event as AccountEvent;
      const account = this.account(key);
      account.state = evolveAccount(account.state, accountEvent, key);
      if (accountEvent.type === 'BudgetAssigned') account.assignedVnd += accountEvent.data.amountVnd;
      if (accountEvent.type === 'FundsAllocated' || accountEvent.type === 'FundsReallocated' || accountEvent.type === 'FundsReturned') {
        account.inTransitOutVnd += accountEvent.data.amountVnd;
        this.account(parseAccountId(accountEvent.data.toAccountId) as AccountKey).inTransitInVnd += accountEvent.data.amountVnd;
      }
      if (accountEvent.type === 'FundsReceived') {
        account.inTransitInVnd -= accountEvent.data.amountVnd;
        this.account(parseAccountId(accountEvent.data.fromAccountId) as AccountKey).inTransitOutVnd -= accountEvent.data.amountVnd;
      }
      this.history.push({ streamKey: key, event: accountEvent });
    }
  }

  /** True when `localityId` is `rootId` or lies below it. */
  inSubtree(rootId: string, localityId: string): boolean {
    for (let current: string | null | undefined = localityId, steps = 0; current !== null && current !== undefined && steps < 16; current = this.parents.get(current), steps += 1) {
      if (current === rootId) return true;
    }
    return false;
  }

  figures(rootId: string, filter: LineFilter): ReferenceFigures {
    const matches = (key: AccountKey): boolean =>
      (filter.programCode === undefined || key.programCode === filter.programCode) &&
      (filter.planYear === undefined || key.planYear === filter.planYear) &&
      (filter.capitalType === undefined || key.capitalType === filter.capitalType) &&
      (filter.budgetSource === undefined || key.budgetSource === filter.budgetSource);
    const figures: ReferenceFigures = { planVnd: 0n, detailedAllocatedVnd: 0n, netDisbursedVnd: 0n, availableVnd: 0n, inTransitInVnd: 0n, receivedVnd: 0n, allocatedOutVnd: 0n, accountCount: 0 };
    for (const { key, state, inTransitInVnd } of this.accounts.values()) {
      if (!matches(key) || !this.inSubtree(rootId, key.localityId)) continue;
      figures.accountCount += 1;
      figures.availableVnd += state.availableVnd;
      figures.netDisbursedVnd += state.disbursedVnd - state.reversedVnd;
      figures.inTransitInVnd += inTransitInVnd;
      figures.receivedVnd += state.receivedVnd;
      figures.allocatedOutVnd += state.allocatedOutVnd;
    }
    for (const { streamKey, event } of this.history) {
      if (!matches(streamKey)) continue;
      const here = streamKey.localityId;
      switch (event.type) {
        case 'BudgetAssigned':
          if (this.inSubtree(rootId, here)) figures.planVnd += event.data.amountVnd;
          break;
        case 'FundsReceived': {
          const from = (parseAccountId(event.data.fromAccountId) as AccountKey).localityId;
          if (this.inSubtree(rootId, here) && !this.inSubtree(rootId, from)) figures.planVnd += event.data.amountVnd;
          break;
        }
        case 'FundsAllocated':
        case 'FundsReallocated':
        case 'FundsReturned': {
          const to = (parseAccountId(event.data.toAccountId) as AccountKey).localityId;
          if (this.inSubtree(rootId, here) && !this.inSubtree(rootId, to)) figures.planVnd -= event.data.amountVnd;
          if (event.type === 'FundsAllocated' && here === rootId && to !== rootId && this.inSubtree(rootId, to)) figures.detailedAllocatedVnd += event.data.amountVnd;
          if (event.type === 'FundsReturned' && to === rootId && here !== rootId && this.inSubtree(rootId, here)) figures.detailedAllocatedVnd -= event.data.amountVnd;
          break;
        }
        default:
          break;
      }
    }
    return figures;
  }

  private account(key: AccountKey) {
    const id = `${key.programCode}.${key.planYear}.${key.localityId}.${key.capitalType}.${key.budgetSource}.${key.componentCode ?? '_'}`;
    let account = this.accounts.get(id);
    if (!account) {
      account = { key, state: initialAccountState, assignedVnd: 0n, inTransitInVnd: 0n, inTransitOutVnd: 0n };
      this.accounts.set(id, account);
    }
    return account;
  }
}
