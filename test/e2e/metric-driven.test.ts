/**
 * The metric-driven paths end to end: a timeout, a memory size and an Aurora ACU ceiling are lowered
 * where the measured usage allows, and only as far as it allows. moto answers percentile statistics
 * through the test launcher (support/moto_percentiles.py, docs/e2e.md), so p99 Duration is real data.
 */
import { CreateFunctionCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateDBClusterCommand, DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { makeZip } from '../support/fake-account/zip-writer.js';
import { describeRun, runClinnet } from './support/cli.js';
import { createRole } from './support/moto-iam.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';

const PROD = { Environment: 'prod' };
/** p99 ≈ 1.8 s: the tier's 15 s fits with room to spare. */
const FAST = 'clinnet-patients-prod';
/** p99 ≈ 19.5 s: 19.5 s + 25 % headroom needs 25 s, above the tier's 15 s. */
const SLOW = 'clinnet-appointments-prod';
/** Peak 4 ACU: 4 + 25 % fits under the design's 8 ACU. */
const QUIET = 'clinnet-aurora-prod';
/** Peak 7 ACU: 7 + 25 % needs 9 ACU, above the design's 8. */
const BUSY = 'clinnet-reports-aurora-prod';

let moto: Moto;
let f: ClientFactory;
let dir: string;

const hourAgo = (h: number) => new Date(Math.floor(Date.now() / 3600_000) * 3600_000 - h * 3600_000);

async function put(namespace: string, data: MetricDatum[]): Promise<void> {
  // Small batches: the SDK gzips a PutMetricData body over 10 KB, which moto 5.2 fails to read (docs/e2e.md).
  for (let i = 0; i < data.length; i += 20) await f.cloudwatch().send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + 20) }));
}

/** 100 invocations' durations in one hour, ending at `p99Ms` for the slowest 2 %. */
function durations(fn: string, p99Ms: number): MetricDatum[] {
  return Array.from({ length: 100 }, (_, i) => ({
    MetricName: 'Duration',
    Dimensions: [{ Name: 'FunctionName', Value: fn }],
    Timestamp: hourAgo(3),
    Unit: 'Milliseconds',
    Value: i >= 98 ? p99Ms : Math.round((p99Ms / 3) * (0.5 + i / 200)),
  }));
}

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('metrics'));
  const role = await createRole(moto.endpoint, 'clinnet-metrics-role');
  for (const name of [FAST, SLOW]) {
    await f.lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: makeZip({ 'index.js': 'exports.handler = async () => 1;' }) },
        MemorySize: 1024,
        Timeout: 30,
        Tags: PROD,
      }),
    );
  }
  await put('AWS/Lambda', [...durations(FAST, 1800), ...durations(SLOW, 19_500)]);
  // Lambda Insights: max memory used 180 MB and 700 MB of 1024 MB.
  await put('LambdaInsights', [
    { MetricName: 'used_memory_max', Dimensions: [{ Name: 'function_name', Value: FAST }], Timestamp: hourAgo(2), Value: 180, Unit: 'Megabytes' },
    { MetricName: 'used_memory_max', Dimensions: [{ Name: 'function_name', Value: SLOW }], Timestamp: hourAgo(2), Value: 700, Unit: 'Megabytes' },
  ]);
  for (const [cluster, peak] of [[QUIET, 4], [BUSY, 7]] as const) {
    await f.rds().send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: cluster,
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.08.0',
        MasterUsername: 'clinnet',
        MasterUserPassword: 'not-a-real-password-1',
        BackupRetentionPeriod: 7,
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
        Tags: [{ Key: 'Environment', Value: 'prod' }],
      }),
    );
    await put(
      'AWS/RDS',
      Array.from({ length: 24 }, (_, h) => ({
        MetricName: 'ServerlessDatabaseCapacity',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: cluster }],
        Timestamp: hourAgo(h + 1),
        Unit: 'Count',
        Value: h === 6 ? peak : 1.5,
      })),
    );
  }
}, 240_000);
afterAll(async () => moto?.stop());

const config = async (name: string) => f.lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }));
const maxAcu = async (id: string) => (await f.rds().send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0]?.ServerlessV2ScalingConfiguration?.MaxCapacity;

describe('metric-driven changes, from the built CLI against moto with percentile statistics', () => {
  it('lowers where the metrics allow, only as far as they allow, and reads each value back', async () => {
    const plan = await runClinnet(moto.endpoint, ['fix', '--env', 'prod', '--region', 'us-east-1', '--only', 'lambda/timeout,lambda/memory,aurora/acu-range', '--format', 'json'], { cwd: dir });
    expect(plan.status, describeRun(plan)).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { rule: string; resourceName: string; after: unknown; refused?: string }[] }).changes;
    const after = (rule: string, name: string) => changes.find((c) => c.rule === rule && c.resourceName === name);
    expect(after('lambda/timeout', FAST)).toMatchObject({ after: 15 });
    expect(after('lambda/timeout', SLOW)).toMatchObject({ after: 25 });
    expect(after('lambda/memory', FAST)).toMatchObject({ after: 512 });
    expect(after('aurora/acu-range', QUIET)).toMatchObject({ after: { minAcu: 0.5, maxAcu: 8 } });
    expect(after('aurora/acu-range', BUSY)).toMatchObject({ after: { minAcu: 0.5, maxAcu: 9 } });
    for (const c of changes) expect(c.refused, `${c.rule} ${c.resourceName}`).toBeUndefined();

    const apply = await runClinnet(moto.endpoint, ['fix', '--env', 'prod', '--region', 'us-east-1', '--only', 'lambda/timeout,lambda/memory,aurora/acu-range', '--apply', '--yes', '--journal', join(dir, 'apply.jsonl')], { cwd: dir });
    expect(apply.status, describeRun(apply)).toBe(0);
    expect((await config(FAST)).Timeout).toBe(15);
    expect((await config(SLOW)).Timeout).toBe(25);
    expect((await config(FAST)).MemorySize).toBe(512);
    // 700 MB used plus 25 % headroom: never below 875 MB, whatever the tier says.
    const slowMemory = (await config(SLOW)).MemorySize ?? 0;
    expect(slowMemory).toBeGreaterThanOrEqual(875);
    expect(slowMemory).toBeLessThanOrEqual(1024);
    expect(await maxAcu(QUIET)).toBe(8);
    expect(await maxAcu(BUSY)).toBe(9);

    // Measured usage is in megabytes, not a share of the size at the time: a second run finds nothing
    // more to lower (a percentage read against the new, smaller size would lower memory again and again).
    const again = await runClinnet(moto.endpoint, ['fix', '--env', 'prod', '--region', 'us-east-1', '--only', 'lambda/timeout,lambda/memory,aurora/acu-range', '--format', 'json'], { cwd: dir });
    expect(again.status, describeRun(again)).toBe(0);
    expect((JSON.parse(again.stdout) as { changes: unknown[] }).changes).toEqual([]);
  }, 240_000);
});
