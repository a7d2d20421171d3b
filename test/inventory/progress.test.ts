/** Progress events of a live read, against the fake account: what the command layer draws from. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { collectSnapshot, type CollectProgress } from '../../src/inventory/collect.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';

let fake: FakeAccountHandle;
beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
});
afterEach(() => fake.restore());

describe('collectSnapshot progress', () => {
  it('counts service reads and regions done, and every API call, as it goes', async () => {
    const events: CollectProgress[] = [];
    const calls: number[] = [];
    await collectSnapshot(new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 }), {
      regions: ['us-east-1', 'eu-west-1'],
      concurrency: 3,
      metricsDays: false,
      onProgress: (e) => events.push(e),
      onApiCall: (n) => calls.push(n),
    });
    const last = events[events.length - 1];
    // sts once, seven regional services per region (cloudformation among them), s3 and cloudfront once; no metrics read.
    expect(last).toMatchObject({ done: true, readsDone: 17, readsTotal: 17, regionsDone: 2, regionsTotal: 2 });
    expect(events.filter((e) => e.done)).toHaveLength(17);
    expect(events.map((e) => e.readsDone)).toEqual([...events.map((e) => e.readsDone)].sort((a, b) => a - b));
    expect(calls.length).toBeGreaterThan(17);
    expect(calls).toEqual(calls.map((_, i) => i + 1));
    expect(last.apiCalls).toBeLessThanOrEqual(calls.length);
    expect(events.find((e) => e.regionsDone === 1)?.readsDone).toBeGreaterThanOrEqual(8);
  });
});
