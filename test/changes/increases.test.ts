import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/changes/change.js';
import { holdIncreases, increaseReason } from '../../src/changes/increases.js';
import { applicableChanges, heldTotal, planTotal } from '../../src/changes/plan.js';
import { FIXERS } from '../../src/fixers/registry.js';
import type { FindingValues, FixableRuleId } from '../../src/rules/finding-values.js';

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

const effect = <R extends FixableRuleId>(rule: R, current: FindingValues[R], target: FindingValues[R]) => FIXERS[rule].billedEffect(current, target);
const memory = (before: number, after: number, money: number | null = null) => change({ before, after, monthlyDeltaUsd: money, billed: effect('lambda/memory', before, after) });
const pc = (before: number | null, after: number, money: number | null = null) =>
  change({
    rule: 'lambda/provisioned-concurrency',
    attribute: 'ProvisionedConcurrency',
    operation: 'lambda:PutProvisionedConcurrencyConfig',
    input: { FunctionName: 'f', Qualifier: 'live', ProvisionedConcurrentExecutions: after },
    before,
    after,
    monthlyDeltaUsd: money,
    billed: effect('lambda/provisioned-concurrency', before === null ? null : { qualifier: 'live', count: before }, { qualifier: 'live', count: after }),
  });
const priceClass = (before: string, after: string) =>
  change({ rule: 'cloudfront/price-class', service: 'cloudfront', attribute: 'PriceClass', operation: 'cloudfront:UpdateDistribution', input: { Id: 'E1' }, before, after, billed: effect('cloudfront/price-class', before, after) });
const stageCache = (before: { enabled: boolean; size: string | null }, after: { enabled: boolean; size: string | null }) =>
  change({ rule: 'apigateway/stage-cache', service: 'apigateway', attribute: 'CacheCluster', operation: 'apigateway:UpdateStage', input: { restApiId: 'a', stageName: 'prod' }, before, after: null, billed: effect('apigateway/stage-cache', before, after) });
const onDemand = (money: number | null) => change({ rule: 'dynamodb/on-demand', service: 'dynamodb', monthlyDeltaUsd: money, billed: effect('dynamodb/on-demand', 'PROVISIONED', 'PAY_PER_REQUEST') });
const retention = (before: number | null, after: number | null) => change({ rule: 'logs/retention', service: 'logs', before, after, billed: effect('logs/retention', before, after) });

describe('what raises the bill', () => {
  it.each([
    ['a priced increase', [change({ monthlyDeltaUsd: 3.1 })], /a priced increase/],
    ['an unpriced memory increase (no price for the region)', [memory(256, 1024)], /^raises the bill: memory 256 → 1024 MB, GB-seconds billed per ms of duration; not priced: usage data needed$/],
    ['a memory increase priced as a saving: the quantity billed still rises', [memory(256, 512, -0.4)], /memory 256 → 512 MB.*quantity billed rises/],
    ['unpriced provisioned concurrency', [pc(null, 10)], /provisioned concurrency 0 → 10, billed every hour/],
    ['unpriced PriceClass_100 → PriceClass_All', [priceClass('PriceClass_100', 'PriceClass_All')], /price class PriceClass_100 → PriceClass_All/],
    ['an unpriced stage cache cluster', [stageCache({ enabled: false, size: null }, { enabled: true, size: '0.5' })], /stage cache cluster, billed per hour/],
    ['a larger stage cache', [stageCache({ enabled: true, size: '0.5' }, { enabled: true, size: '6.1' })], /stage cache cluster 0.5 → 6.1 GB/],
    ['a longer log retention', [retention(30, 365)], /log retention 30 → 365 days/],
    ['an unpriced billing-mode switch, whose effect depends on usage', [onDemand(null)], /^may raise the bill: billing mode PROVISIONED → PAY_PER_REQUEST/],
  ])('%s is an increase', (_name, changes, reason) => {
    expect(increaseReason(changes)).toMatch(reason);
  });

  it.each([
    ['a priced saving', [change({ monthlyDeltaUsd: -1 })]],
    ['a priced zero', [change({ monthlyDeltaUsd: 0 })]],
    ['an unpriced memory decrease', [memory(1024, 256)]],
    ['provisioned concurrency lowered', [pc(20, 10)]],
    ['a narrower price class', [priceClass('PriceClass_All', 'PriceClass_100')]],
    ['a stage cache turned off', [stageCache({ enabled: true, size: '0.5' }, { enabled: false, size: null })]],
    ['never-expire logs given a retention', [retention(null, 30)]],
    ['a billing-mode switch priced as a saving', [onDemand(-12)]],
    ['a refused increase', [change({ monthlyDeltaUsd: 5, refused: 'no', billed: effect('lambda/memory', 256, 1024) })]],
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
      [null, 'held: raises the bill: provisioned concurrency 0 → 10, billed every hour it is configured, invoked or not; a priced increase; pass --include-increases to apply it'],
      [null, 'held: raises the bill: provisioned concurrency 0 → 10, billed every hour it is configured, invoked or not; a priced increase; pass --include-increases to apply it'],
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
