/**
 * The accounts of an organization read into one SnapshotSet: each account collected through its
 * own credentials, as `snapshot` reads one account. Each account's environment (its tag in
 * Organizations, or its name) is the environment of its resources that carry none themselves.
 */
import type { ClientFactory } from '../aws/clients.js';
import type { CollectOptions } from '../inventory/collect.js';
import type { SnapshotSet } from '../inventory/snapshot-set.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { forEachAccount, type OrgReadRequest } from './read-accounts.js';

export interface OrgSnapshotSet extends SnapshotSet {
  passedOver: { id: string; name: string; reason: string }[];
}

export async function collectAccounts(factory: ClientFactory, request: OrgReadRequest, options: CollectOptions): Promise<OrgSnapshotSet> {
  const { collectSnapshot } = await import('../inventory/collect.js');
  // One count of requests across every account for the progress line.
  const perAccount = new Map<string, number>();
  const total = (): number => [...perAccount.values()].reduce((a, b) => a + b, 0);
  const run = await forEachAccount(factory, request, async (account): Promise<AccountSnapshot> => {
    const snapshot = await collectSnapshot(account.factory, {
      ...options,
      env: account.env.env ?? options.env,
      onApiCall: (calls) => {
        perAccount.set(account.id, calls);
        options.onApiCall?.(total());
      },
      onProgress: options.onProgress ? (event) => options.onProgress?.({ ...event, apiCalls: total() }) : undefined,
    });
    return { ...snapshot, accountName: account.name };
  });
  return {
    organization: run.organization,
    accounts: run.results.map((r) => r.value),
    accountsNotRead: run.notRead,
    passedOver: run.passedOver,
  };
}
