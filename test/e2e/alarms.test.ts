/**
 * `validate alarms` from the built CLI against moto: the design's benchmarks and the NAT baseline as
 * CloudWatch alarms, planned with their price, applied through the change engine, read back from
 * CloudWatch, idempotent, and rolled back from the journal.
 */
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { seedAccount, type SeededAccount } from './seed.js';
import { describeRun, runClinnet, STACK_FRAME } from './support/cli.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';

let moto: Moto;
let f: ClientFactory;
let dir: string;
let seeded: SeededAccount;

const GB = 1024 ** 3;
const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });
const alarms = async () => (await f.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'clinnet-opt-' }))).MetricAlarms ?? [];

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('alarms'));
  seeded = await seedAccount(f, moto.endpoint);
  // The prod NAT gateway processed 1 GB an hour over the whole metrics window (14 days).
  const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
  const data: MetricDatum[] = Array.from({ length: 14 * 24 - 1 }, (_, h) => ({
    MetricName: 'BytesInFromDestination',
    Dimensions: [{ Name: 'NatGatewayId', Value: seeded.prod.natGateway }],
    Timestamp: new Date(hour - (h + 1) * 3600_000),
    Value: GB,
    Unit: 'Bytes',
  }));
  for (let i = 0; i < data.length; i += 20) await f.cloudwatch().send(new PutMetricDataCommand({ Namespace: 'AWS/NATGateway', MetricData: data.slice(i, i + 20) }));
}, 240_000);
afterAll(async () => moto?.stop());

describe('validate alarms', () => {
  it('plans one alarm per benchmark and resource that has a metric, priced, and says what cannot be alarmed and why', async () => {
    const run = await cli(['validate', 'alarms', '--env', 'prod', '--region', 'us-east-1', '--format', 'json']);
    expect(run.status, describeRun(run)).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: { input: { AlarmName: string; ExtendedStatistic?: string; Threshold: number }; monthlyDeltaUsd: number; env: string }[]; skipped: { benchmark: string; reason: string }[]; total: { monthlyDeltaUsd: number } };
    const names = plan.changes.map((c) => c.input.AlarmName).sort();
    expect(names).toEqual([`clinnet-opt-api-latency-clinnet-api-prod-prod`, `clinnet-opt-db-select-latency-${seeded.prod.cluster}`, `clinnet-opt-nat-bytes-${seeded.prod.natGateway}`].sort());
    expect(plan.changes.every((c) => c.env === 'prod')).toBe(true);
    expect(plan.changes.find((c) => c.input.AlarmName.startsWith('clinnet-opt-api-latency'))?.input).toMatchObject({ ExtendedStatistic: 'p95', Threshold: 200 });
    // About 1 GB an hour on average over the window, plus 50 %: the NAT alarm fires above about 1.5 GB an hour.
    const natThreshold = plan.changes.find((c) => c.input.AlarmName.startsWith('clinnet-opt-nat-bytes'))?.input.Threshold ?? 0;
    expect(natThreshold / (1.5 * GB)).toBeGreaterThan(0.97);
    expect(natThreshold / (1.5 * GB)).toBeLessThan(1.03);
    // $0.10 per alarm metric: two single-metric alarms and one of two metrics.
    expect(plan.total.monthlyDeltaUsd).toBeCloseTo(0.4, 2);
    expect(plan.skipped.map((s) => s.benchmark)).toEqual(expect.arrayContaining(['Lambda cold start (p95) < 1 s', 'CloudFront cache hit ratio > 95 %']));
    expect(await alarms()).toEqual([]);
  });

  it('--apply creates them (read back from CloudWatch), a second apply sends nothing, rollback deletes them', async () => {
    const journal = join(dir, 'alarms.jsonl');
    const apply = await cli(['validate', 'alarms', '--env', 'prod', '--region', 'us-east-1', '--apply', '--yes', '--journal', journal]);
    expect(apply.status, describeRun(apply)).toBe(0);
    expect(apply.stderr).not.toMatch(STACK_FRAME);
    expect(apply.stdout).toMatch(/3 applied, 0 skipped \(drift\), 0 failed, 0 unknown/);
    const created = await alarms();
    expect(created.map((a) => a.AlarmName).sort()).toHaveLength(3);
    const db = created.find((a) => a.AlarmName === `clinnet-opt-db-select-latency-${seeded.prod.cluster}`);
    expect(db).toMatchObject({ Namespace: 'AWS/RDS', MetricName: 'SelectLatency', Statistic: 'Average', Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3 });

    const again = await cli(['validate', 'alarms', '--env', 'prod', '--region', 'us-east-1', '--apply', '--yes', '--journal', join(dir, 'again.jsonl')]);
    expect(again.status, describeRun(again)).toBe(0);
    expect(again.stderr).toContain('Nothing to apply: every alarm is already as planned.');

    const back = await cli(['rollback', journal, '--yes', '--journal', join(dir, 'alarms-rollback.jsonl')]);
    expect(back.status, describeRun(back)).toBe(0);
    expect(await alarms()).toEqual([]);
  });
});
