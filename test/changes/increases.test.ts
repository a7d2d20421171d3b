import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/changes/change.js';
import { holdIncreases, increaseReason } from '../../src/changes/increases.js';
import { applicableChanges, heldTotal, planTotal } from '../../src/changes/plan.js';

function change(overrides: Partial<Change>): Change {
  return {
    id: 'x',
    rule: 'lambda/memory',
    service: 'lambda',
    region: 'us-east-1',
    resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    resourceName: 'f',
    env: 'prod',
    attribute: 'MemorySize',
    operation: 'lambda:UpdateFunctionConfiguration',
    input: { FunctionName: 'f', MemorySize: 512 },
    before: 256,
    after: 512,
    undo: { operation: 'lambda:UpdateFunctionConfiguration', input: { FunctionName: 'f', MemorySize: 256 } },
    monthlyDeltaUsd: null,
    ...overrides,
  };
}

const pc = (before: number | null, after: number, money: number | null = null) =>
  change({
    rule: 'lambda/provisioned-concurrency',
    attribute: 'ProvisionedConcurrency',
    operation: 'lambda:PutProvisionedConcurrencyConfig',
    input: { FunctionName: 'f', Qualifier: 'live', ProvisionedConcurrentExecutions: after },
    before,
    after,
    monthlyDeltaUsd: money,
  });
const priceClass = (before: string, after: string) =>
  change({ rule: 'cloudfront/price-class', service: 'cloudfront', attribute: 'PriceClass', operation: 'cloudfront:UpdateDistribution', input: { Id: 'E1' }, before, after });
const stageCache = (before: { enabled: boolean; size: string | null }, ops: { path: string; value: string }[]) =>
  change({
    rule: 'apigateway/stage-cache',
    service: 'apigateway',
    attribute: 'CacheCluster',
    operation: 'apigateway:UpdateStage',
    input: { restApiId: 'a', stageName: 'prod', patchOperations: ops.map((o) => ({ op: 'replace', ...o })) },
    before,
    after: null,
  });

describe('what raises the bill', () => {
  it.each([
    ['a priced increase', [change({ monthlyDeltaUsd: 3.1 })], /a priced increase/],
    ['unpriced provisioned concurrency', [pc(null, 10)], /provisioned concurrency 0 → 10 bills every hour/],
    ['unpriced PriceClass_100 → PriceClass_All', [priceClass('PriceClass_100', 'PriceClass_All')], /PriceClass_All serves from more expensive edge locations/],
    ['an unpriced Aurora reader', [change({ operation: 'rds:CreateDBInstance', service: 'aurora' })], /Aurora reader/],
    ['an unpriced stage cache cluster', [stageCache({ enabled: false, size: null }, [{ path: '/cacheClusterEnabled', value: 'true' }])], /stage cache cluster bills per hour/],
    ['a larger stage cache', [stageCache({ enabled: true, size: '0.5' }, [{ path: '/cacheClusterSize', value: '6.1' }])], /stage cache cluster/],
  ])('%s is an increase', (_name, changes, reason) => {
    expect(increaseReason(changes)).toMatch(reason);
  });

  it.each([
    ['a priced saving', [change({ monthlyDeltaUsd: -1 })]],
    ['a priced zero', [change({ monthlyDeltaUsd: 0 })]],
    ['provisioned concurrency priced as a saving (the finding knows better than the shape)', [pc(null, 10, -2)]],
    ['provisioned concurrency lowered', [pc(20, 10)]],
    ['a narrower price class', [priceClass('PriceClass_All', 'PriceClass_100')]],
    ['a stage cache turned off', [stageCache({ enabled: true, size: '0.5' }, [{ path: '/cacheClusterEnabled', value: 'false' }])]],
    ['an unpriced change of another kind', [change({})]],
    ['a refused increase', [change({ monthlyDeltaUsd: 5, refused: 'no' })]],
  ])('%s is not', (_name, changes) => {
    expect(increaseReason(changes)).toBeNull();
  });
});

describe('holding a finding’s changes', () => {
  it('holds every change of the finding together, names the flag, and leaves refusals as they are', () => {
    const moved = [change({ operation: 'lambda:DeleteProvisionedConcurrencyConfig', refused: 'nope', monthlyDeltaUsd: null }), pc(null, 10, 27.38), pc(null, 5, 0)];
    const held = holdIncreases(moved, false);
    expect(held.map((c) => [c.refused ?? null, c.held ?? null])).toEqual([
      ['nope', null],
      [null, 'held: raises the bill (a priced increase); pass --include-increases to apply it'],
      [null, 'held: raises the bill (a priced increase); pass --include-increases to apply it'],
    ]);
    expect(holdIncreases(moved, true).some((c) => c.held)).toBe(false);
  });

  it('keeps held changes out of the applicable changes and the total, and sums them apart', () => {
    const changes = [...holdIncreases([change({ monthlyDeltaUsd: 3.1 })], false), ...holdIncreases([pc(null, 10)], false), change({ monthlyDeltaUsd: -5 })];
    expect(applicableChanges({ changes }).map((c) => c.monthlyDeltaUsd)).toEqual([-5]);
    expect(planTotal({ changes })).toEqual({ monthlyDeltaUsd: -5, unpriced: 0 });
    expect(heldTotal({ changes })).toEqual({ count: 2, monthlyDeltaUsd: 3.1, unpriced: 1 });
  });
});
