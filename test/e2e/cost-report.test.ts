/**
 * `cost-report --put-metrics` from the built binary against the emulator (`cost-report budgets`:
 * budgets.test.ts). moto's Cost Explorer answers from a queue of canned results (it cannot filter
 * or group: docs/e2e.md), so this checks that the tool reads a real serialized answer and publishes it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';

const EMAIL = 'finance@example.com';

let moto: Moto;
let f: ClientFactory;
let dir: string;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('cost'));
  writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { budgets: { emails: [EMAIL] } } }));
});
afterAll(async () => moto?.stop());

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
}

describe('cost-report --put-metrics', () => {
  it('reads Cost Explorer and publishes each category to CloudWatch', async () => {
    await moto.reset();
    const group = (service: string, usageType: string, amount: string) => ({ Keys: [service, usageType], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } });
    const queued = await fetch(`${moto.endpoint}/moto-api/static/ce/cost-and-usage-results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        results: [
          {
            ResultsByTime: [
              {
                TimePeriod: { Start: '2025-10-01', End: '2025-11-01' },
                Total: {},
                Groups: [
                  group('Amazon Relational Database Service', 'USE1-Aurora:ServerlessV2Usage', '310.50'),
                  group('AWS Lambda', 'USE1-Lambda-GB-Second', '120.25'),
                  group('Amazon Simple Storage Service', 'USE1-TimedStorage-ByteHrs', '44.00'),
                  group('EC2 - Other', 'USE1-NatGateway-Hours', '32.85'),
                ],
                Estimated: false,
              },
            ],
            DimensionValueAttributes: [],
          },
        ],
      }),
    });
    expect(queued.status).toBe(201);

    const run = await cli(['cost-report', '--period', '2025-10', '--put-metrics', '--no-cache', '--format', 'json']);
    expectClean(run, 0);
    const report = JSON.parse(run.stdout);
    const text = JSON.stringify(report);
    for (const amount of ['310.5', '120.25', '44', '32.85']) expect(text).toContain(amount);

    const end = new Date(Date.now() + 3600_000);
    const start = new Date(Date.now() - 3 * 3600_000);
    const metric = (id: string, category: string) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: 'ClinnetOpt', MetricName: 'MonthlyCostUsd', Dimensions: [{ Name: 'Environment', Value: 'all' }, { Name: 'Category', Value: category }] }, Period: 60, Stat: 'Maximum' },
    });
    const got = await f.cloudwatch().send(
      new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: [metric('aurora', 'Aurora'), metric('lambda', 'Lambda'), metric('transfer', 'Data Transfer'), metric('total', 'Total')] }),
    );
    const value = (id: string) => got.MetricDataResults?.find((r) => r.Id === id)?.Values?.[0];
    // A closed 31-day month, scaled to the 730-hour month the rest of the tool uses, or kept as is: either way in proportion.
    const aurora = value('aurora');
    expect(aurora).toBeGreaterThan(0);
    expect(value('lambda')! / aurora!).toBeCloseTo(120.25 / 310.5, 4);
    expect(value('transfer')! / aurora!).toBeCloseTo(32.85 / 310.5, 4);
    expect(value('total')! / aurora!).toBeCloseTo((310.5 + 120.25 + 44 + 32.85) / 310.5, 4);
    expect(readFileSync(join(dir, 'clinnet-opt.config.json'), 'utf8')).toContain(EMAIL);
  });
});
