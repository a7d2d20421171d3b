/** Small pieces users depend on: request keys, metric batching, the cost IAM policy, config validation. */
import { describe, expect, it } from 'vitest';
import { requestHash } from '../../src/cost/cache.js';
import { batches, metricData } from '../../src/cost/metrics.js';
import { costIamPolicy } from '../../src/cost/permissions.js';
import { buildRequest } from '../../src/cost/query.js';
import { emptyAmounts } from '../../src/cost/cost-table.js';
import { parseConfigText } from '../../src/targets/config.js';

describe('cache keys', () => {
  it('are the same for the same request whatever the key order, and differ by account and period', () => {
    const request = buildRequest({ period: { start: '2025-05-01', end: '2025-06-01' }, granularity: 'MONTHLY', metric: 'UnblendedCost' });
    const reordered = JSON.parse(JSON.stringify({ GroupBy: request.GroupBy, Metrics: request.Metrics, Granularity: request.Granularity, TimePeriod: request.TimePeriod }));
    expect(requestHash({ account: '1', request })).toBe(requestHash({ request: reordered, account: '1' }));
    expect(requestHash({ account: '2', request })).not.toBe(requestHash({ account: '1', request }));
    const april = buildRequest({ period: { start: '2025-04-01', end: '2025-05-01' }, granularity: 'MONTHLY', metric: 'UnblendedCost' });
    expect(requestHash({ account: '1', request: april })).not.toBe(requestHash({ account: '1', request }));
  });
});

describe('metrics', () => {
  it('one datum per category and a total, batched within PutMetricData limits', () => {
    const data = metricData(emptyAmounts(), 0, null, new Date('2025-06-01T00:00:00Z'));
    expect(data).toHaveLength(10);
    expect(data[0].Dimensions).toEqual([
      { Name: 'Environment', Value: 'all' },
      { Name: 'Category', Value: 'Aurora' },
    ]);
    expect(batches(Array.from({ length: 2500 }, (_, i) => i), 1000).map((b) => b.length)).toEqual([1000, 1000, 500]);
  });
});

describe('IAM policy for cron', () => {
  it('is generated from the declared actions', () => {
    expect(costIamPolicy().Statement[0].Action).toEqual(['budgets:ModifyBudget', 'budgets:ViewBudget', 'ce:GetCostAndUsage', 'ce:ListCostAllocationTags', 'cloudwatch:PutMetricData']);
  });
});

describe('the cost section of the config', () => {
  it('accepts targets, ROI, tag values and budgets', () => {
    const config = parseConfigText(
      JSON.stringify({
        cost: {
          targets: { categories: { aurora: 50, dynamodb: 80, other: null }, overall: { staging: 30 } },
          roi: { implementationHours: 60, hourlyRateUsd: 120 },
          environmentTagValues: { prod: ['Production'] },
          budgets: { environments: { staging: { limitUsd: 100 } }, emails: ['ops@example.com'] },
        },
      }),
      'c.json',
    );
    expect(config.cost?.roi?.hourlyRateUsd).toBe(120);
  });

  it.each([
    [{ cost: { roi: { hourlyRate: 100 } } }, /cost\.roi: Unrecognized key: "hourlyRate"/],
    [{ cost: { budgets: { environments: { prod: { limit: 5 } } } } }, /cost\.budgets\.environments\.prod: Unrecognized key: "limit"/],
    [{ cost: { budgets: { snsTopicArn: 'cost-alerts' } } }, /cost\.budgets\.snsTopicArn: must be an SNS topic ARN/],
    [{ cost: { targets: { categories: { aurora: 160 } } } }, /cost\.targets\.categories\.aurora/],
  ])('rejects %j naming the path', (raw, message) => {
    expect(() => parseConfigText(JSON.stringify(raw), 'c.json')).toThrow(message);
  });
});

describe('docs/cron.md', () => {
  it('shows the policy the code declares', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/cron.md', import.meta.url), 'utf8');
    const json = /## IAM policy[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(JSON.parse(json ?? 'null')).toEqual(costIamPolicy());
  });
});
