/**
 * Every fixer declares what its change does to a billed quantity, and the table below covers every
 * fixable rule (the type makes a missing rule a compile error; the first test makes it a failure).
 */
import { describe, expect, it } from 'vitest';
import type { BilledDirection } from '../../src/changes/billed-effect.js';
import { FIXERS } from '../../src/fixers/registry.js';
import type { FindingValues, FixableRuleId } from '../../src/rules/finding-values.js';

type Cases = { [R in FixableRuleId]: Array<[FindingValues[R], FindingValues[R], BilledDirection]> };

const OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const rule = { ID: 'r', Status: 'Enabled' as const, Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] };

const CASES: Cases = {
  'aurora/acu-range': [
    [{ minAcu: 0.5, maxAcu: 16 }, { minAcu: 2, maxAcu: 16 }, 'raises'],
    [{ minAcu: 0.5, maxAcu: 8 }, { minAcu: 0.5, maxAcu: 16 }, 'raises'],
    [{ minAcu: 2, maxAcu: 16 }, { minAcu: 0.5, maxAcu: 8 }, 'lowers'],
  ],
  'aurora/backup-retention': [
    [1, 7, 'raises'],
    [35, 7, 'lowers'],
  ],
  'aurora/auto-pause': [[{ minAcu: 0.5, maxAcu: 4, secondsUntilAutoPause: null }, { minAcu: 0, maxAcu: 4, secondsUntilAutoPause: 300 }, 'lowers']],
  'lambda/arm64': [[['x86_64'], ['arm64'], 'lowers']],
  'lambda/memory': [
    [256, 512, 'raises'],
    [1024, 256, 'lowers'],
  ],
  'lambda/timeout': [
    [3, 30, 'depends'],
    [30, 10, 'lowers'],
  ],
  'lambda/reserved-concurrency': [[null, 10, 'unchanged']],
  'lambda/provisioned-concurrency': [
    [null, { qualifier: 'live', count: 5 }, 'raises'],
    [{ qualifier: 'live', count: 5 }, null, 'lowers'],
  ],
  'lambda/log-level': [
    [{ logFormat: 'Text', applicationLogLevel: null }, { logFormat: 'JSON', applicationLogLevel: 'WARN' }, 'lowers'],
    [{ logFormat: 'JSON', applicationLogLevel: 'ERROR' }, { logFormat: 'JSON', applicationLogLevel: 'INFO' }, 'raises'],
  ],
  'dynamodb/on-demand': [['PROVISIONED', 'PAY_PER_REQUEST', 'depends']],
  's3/lifecycle': [[null, [rule], 'lowers']],
  's3/intelligent-tiering': [[{ lifecycleRules: null, intelligentTiering: [] }, { lifecycleRules: [rule], intelligentTiering: [] }, 'depends']],
  'cloudfront/compression': [[{ '*': false }, { '*': true }, 'lowers']],
  'cloudfront/price-class': [
    ['PriceClass_100', 'PriceClass_All', 'raises'],
    ['PriceClass_All', 'PriceClass_100', 'lowers'],
  ],
  'cloudfront/cache-policy': [
    [{ '/api/*': OPTIMIZED }, { '/api/*': DISABLED }, 'raises'],
    [{ '/static/*': null }, { '/static/*': OPTIMIZED }, 'lowers'],
  ],
  'vpc/gateway-endpoints': [[{ s3: { endpointId: null, routeTableIds: [] } }, { s3: { endpointId: null, routeTableIds: ['rtb-1'] } }, 'lowers']],
  'logs/retention': [
    [null, 30, 'lowers'],
    [30, 365, 'raises'],
    [365, null, 'raises'],
  ],
  'apigateway/stage-cache': [
    [{ enabled: false, size: null }, { enabled: true, size: '0.5' }, 'raises'],
    [{ enabled: true, size: '0.5' }, { enabled: false, size: null }, 'lowers'],
  ],
};

describe('the billed effect each fixer declares', () => {
  it('covers every fixable rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(FIXERS).sort());
  });

  for (const id of Object.keys(CASES) as FixableRuleId[]) {
    it.each(CASES[id] as Array<[unknown, unknown, BilledDirection]>)(`${id}: %j → %j %s the quantity billed`, (current, target, direction) => {
      const effect = (FIXERS[id].billedEffect as (c: unknown, t: unknown) => { direction: BilledDirection; quantity: string })(current, target);
      expect(effect.direction).toBe(direction);
      expect(effect.quantity.length).toBeGreaterThan(10);
    });
  }
});
