/** The request limiter, and the IAM actions every collector declares (importing collect.js declares them). */
import { describe, expect, it } from 'vitest';
import { declaredPermissions } from '../../src/aws/permissions.js';
import '../../src/inventory/collect.js';
import { Limiter } from '../../src/inventory/collectors/limiter.js';

describe('request concurrency', () => {
  it('never has more requests in flight than its limit, and keeps results in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const limiter = new Limiter(3);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          inFlight--;
          return i;
        }, i % 2 ? 'list' : 'item'),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(limiter.peak).toBe(3);
  });

  it('serves list pages before queued per-resource reads', async () => {
    const limiter = new Limiter(1);
    const order: string[] = [];
    const hold = limiter.run(() => new Promise((r) => setTimeout(r, 5)));
    const item = limiter.run(async () => order.push('item'));
    const list = limiter.run(async () => order.push('list'), 'list');
    await Promise.all([hold, item, list]);
    expect(order).toEqual(['list', 'item']);
  });

  it('rejects a concurrency that is not a positive integer', () => {
    expect(() => new Limiter(0)).toThrow(/positive integer/);
  });
});

describe('IAM declarations', () => {
  it('declares read-only audit actions for every collector', () => {
    const collectors = declaredPermissions().filter((d) => d.source.startsWith('collector:'));
    expect(collectors.map((d) => d.source).sort()).toEqual(
      ['collector:apigateway', 'collector:cloudformation', 'collector:cloudfront', 'collector:dynamodb', 'collector:ec2', 'collector:lambda', 'collector:logs', 'collector:rds', 'collector:s3', 'collector:sts'].sort(),
    );
    for (const d of collectors) {
      expect(d.scope).toBe('audit');
      for (const action of d.actions) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|GET$)/);
    }
    const all = collectors.flatMap((d) => d.actions);
    expect(all).toEqual(expect.arrayContaining(['lambda:ListTags', 's3:GetLifecycleConfiguration', 's3:ListAllMyBuckets', 'rds:DescribeDBEngineVersions', 'apigateway:GET']));
  });
});
