/**
 * The accounts of an organization read into one SnapshotSet: each account collected through its
 * own credentials, as `snapshot` reads one account. Each account's environment (its tag in
 * Organizations, or its name) is the environment of its resources that carry none themselves.
 */
import type { ClientFactory } from '../aws/clients.js';
import type { CollectOptions, CollectProgress } from '../inventory/collect.js';
import type { SnapshotSet } from '../inventory/snapshot-set.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { forEachAccount, type OrgReadRequest } from './read-accounts.js';

export interface OrgSnapshotSet extends SnapshotSet {
  passedOver: { id: string; name: string; reason: string }[];
}

/**
 * One progress line for all accounts: their service reads and API calls added up, and how many
 * accounts are done, rather than whichever account spoke last.
 */
class OrgProgress {
  private readonly calls = new Map<string, number>();
  private readonly latest = new Map<string, CollectProgress>();
  private done = 0;
  private total = 0;

  constructor(private readonly options: Pick<CollectOptions, 'onApiCall' | 'onProgress'>) {}

  selected(total: number): void {
    this.total = total;
  }

  private sumCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  apiCalls(account: string, calls: number): void {
    this.calls.set(account, calls);
    this.options.onApiCall?.(this.sumCalls());
  }

  event(account: string, event: CollectProgress): void {
    this.latest.set(account, event);
    const all = [...this.latest.values()];
    const add = (pick: (e: CollectProgress) => number): number => all.reduce((s, e) => s + pick(e), 0);
    this.options.onProgress?.({
      ...event,
      readsDone: add((e) => e.readsDone),
      readsTotal: add((e) => e.readsTotal),
      regionsDone: add((e) => e.regionsDone),
      regionsTotal: add((e) => e.regionsTotal),
      apiCalls: this.sumCalls(),
      accountsDone: this.done,
      accountsTotal: this.total,
    });
  }

  accountDone(): void {
    this.done++;
  }
}

export async function collectAccounts(factory: ClientFactory, request: OrgReadRequest, options: CollectOptions): Promise<OrgSnapshotSet> {
  const { collectSnapshot } = await import('../inventory/collect.js');
  const progress = new OrgProgress(options);
  const run = await forEachAccount(
    factory,
    request,
    async (account): Promise<AccountSnapshot> => {
      const snapshot = await collectSnapshot(account.factory, {
        ...options,
        env: account.env.env ?? options.env,
        onApiCall: (calls) => progress.apiCalls(account.id, calls),
        onProgress: (event) => progress.event(account.id, event),
      });
      progress.accountDone();
      return { ...snapshot, accountName: account.name };
    },
    (accounts) => progress.selected(accounts.length),
  );
  return {
    organization: run.organization,
    accounts: run.results.map((r) => r.value),
    accountsNotRead: run.notRead,
    passedOver: run.passedOver,
  };
}
