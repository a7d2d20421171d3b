/**
 * `validate` from the built binary against the emulated account: the design's four performance
 * benchmarks on metrics put into CloudWatch. moto serves the two figures read with an Average
 * (Aurora SelectLatency, CloudFront CacheHitRate); the two read as p95 (API Gateway Latency, Lambda
 * init duration) it cannot serve (docs/e2e.md), so they must read "no data", which is never a pass.
 */
import { CreateDistributionWithTagsCommand } from '@aws-sdk/client-cloudfront';
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateDBClusterCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { ensureBuilt } from '../cli/built-cli.js';
import { SECRET_VALUE, seedAccount, type SeededAccount } from './seed.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { motoEnv, startMoto, type Moto } from './support/moto-server.js';
import { withoutNodeNotice } from '../cli/built-cli.js';

const ACCOUNT = '123456789012';
const IDS = ['api-response-time', 'database-query-time', 'lambda-cold-start', 'cloudfront-cache-hit-ratio'];

interface Resource {
  service: string;
  name: string;
  env: string;
  measured: number | null;
  status: string;
}
interface Row {
  id: string;
  threshold: number;
  measured: number | null;
  worst: string | null;
  status: string;
  detail: string;
  resources: Resource[];
}
interface Report {
  kind: string;
  schemaVersion: number;
  account: string | null;
  env: string | null;
  windowDays: number | null;
  benchmarks: Row[];
  summary: Record<string, number>;
  ok: boolean;
  metricGaps: string[];
}

let moto: Moto;
let f: ClientFactory;

beforeAll(async () => {
  ensureBuilt();
  moto = await startMoto();
  Object.assign(process.env, motoEnv(moto.endpoint));
  f = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => moto?.stop());

const cli = (args: string[]) => runClinnet(moto.endpoint, args);

/** Exit code as expected, no stack trace, no secret; whatever reaches stderr is about the account. */
function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
  expect(run.stdout + run.stderr, 'the secret value leaked').not.toContain(SECRET_VALUE);
  for (const line of withoutNodeNotice(run.stderr).split('\n').filter((l) => l.trim())) expect(line, describeRun(run)).toContain(ACCOUNT);
}

/** The table's row for a benchmark, split on the column gaps: [benchmark, target, measured, status, worst?, detail]. */
function tableRow(run: CliRun, benchmark: string): string[] {
  const line = run.stdout.split('\n').find((l) => l.startsWith(benchmark));
  expect(line, describeRun(run)).toBeDefined();
  return line!.split(/ {2,}/);
}

function jsonReport(run: CliRun): Report {
  const report = JSON.parse(run.stdout) as Report;
  expect(report.benchmarks.map((b) => b.id)).toEqual(IDS);
  return report;
}
const row = (report: Report, id: string): Row => report.benchmarks.find((b) => b.id === id)!;

/** One value an hour over the last 24 hours, as the service would publish it. */
async function putHourly(namespace: string, metric: string, dimensions: Record<string, string>, value: number, unit: MetricDatum['Unit']): Promise<void> {
  const end = Math.floor(Date.now() / 3600_000) * 3600_000;
  const data: MetricDatum[] = Array.from({ length: 24 }, (_, h) => ({
    MetricName: metric,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: new Date(end - (h + 1) * 3600_000),
    Value: value,
    Unit: unit,
  }));
  await f.cloudwatch().send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}

/** Aurora MySQL's SelectLatency (ms) and CloudFront's CacheHitRate (%, only with additional metrics on). */
async function putBenchmarkMetrics(cluster: string, distribution: string, selectLatencyMs: number, cacheHitRatePct: number): Promise<void> {
  await putHourly('AWS/RDS', 'SelectLatency', { DBClusterIdentifier: cluster }, selectLatencyMs, 'Milliseconds');
  // CloudFront publishes in us-east-1 with Region=Global.
  await putHourly('AWS/CloudFront', 'CacheHitRate', { DistributionId: distribution, Region: 'Global' }, cacheHitRatePct, 'Percent');
}

describe('validate on the seeded account', () => {
  let seeded: SeededAccount;
  beforeAll(async () => {
    await moto.reset();
    seeded = await seedAccount(f, moto.endpoint);
    await putBenchmarkMetrics(seeded.prod.cluster, seeded.prod.distribution, 42.5, 97.5);
  });

  it('--env prod: a row per benchmark, the measured figures passing, "no data" with what to enable where the emulator cannot serve a figure, exit 1', async () => {
    const run = await cli(['validate', '--env', 'prod']);
    expectClean(run, 1);
    expect(run.stdout).toMatch(/^Performance benchmarks \(account 123456789012, env prod, metrics over 14 days\)$/m);
    expect(tableRow(run, 'Database query time')).toEqual(['Database query time', '< 100 ms', '42.5 ms', 'PASS', seeded.prod.cluster, 'all measured within target; 1 of 1 Aurora cluster(s) measured']);
    expect(tableRow(run, 'CloudFront cache hit ratio')).toEqual(['CloudFront cache hit ratio', '> 95 %', '97.5 %', 'PASS', 'clinnet frontend prod', 'all measured within target; 1 of 1 distribution(s) measured']);
    // p95 figures moto cannot serve (docs/e2e.md): no data, never a pass, and the detail says what to turn on.
    const api = tableRow(run, 'API response time (p95)');
    expect(api.slice(0, 4)).toEqual(['API response time (p95)', '< 200 ms', 'no data', 'NO DATA']);
    expect(api[4]).toMatch(/^no data for 1 API stage\(s\): API Gateway publishes Latency .*cloudwatch:GetMetricData/);
    const cold = tableRow(run, 'Lambda cold start (init duration p95)');
    expect(cold.slice(0, 4)).toEqual(['Lambda cold start (init duration p95)', '< 1000 ms', 'no data', 'NO DATA']);
    expect(cold[4]).toMatch(/^no data for 3 function\(s\): .*Lambda Insights.*logs:StartQuery/);
    expect(run.stdout).toContain('Benchmarks not met (2 pass, 0 fail, 2 no data, 0 not applicable): "no data" is not a pass.');
    // Every GetMetricData call answered: no metrics gap.
    expect(run.stdout).not.toContain('metrics gap');
  });

  it('--env prod --format json: every prod resource with its figure, dev left out, ok false', async () => {
    const run = await cli(['validate', '--env', 'prod', '--format', 'json']);
    expectClean(run, 1);
    const report = jsonReport(run);
    expect(report).toMatchObject({ kind: 'clinnet-opt/validate', schemaVersion: 1, account: ACCOUNT, env: 'prod', windowDays: 14, ok: false, metricGaps: [] });
    expect(report.summary).toEqual({ pass: 2, fail: 0, 'no-data': 2, 'not-applicable': 0 });
    expect(new Set(report.benchmarks.flatMap((b) => b.resources.map((r) => r.env)))).toEqual(new Set(['prod']));
    expect(row(report, 'database-query-time')).toMatchObject({ status: 'pass', measured: 42.5, worst: seeded.prod.cluster, resources: [{ service: 'aurora', name: seeded.prod.cluster, measured: 42.5, status: 'pass' }] });
    expect(row(report, 'cloudfront-cache-hit-ratio')).toMatchObject({ status: 'pass', measured: 97.5, resources: [{ service: 'cloudfront', measured: 97.5, status: 'pass' }] });
    expect(row(report, 'api-response-time')).toMatchObject({ status: 'no-data', measured: null, worst: null, resources: [{ name: 'clinnet-api-prod/prod', measured: null, status: 'no-data' }] });
    const cold = row(report, 'lambda-cold-start');
    expect(cold).toMatchObject({ status: 'no-data', measured: null });
    // The name-only function (no Environment tag) is prod too.
    expect(cold.resources.map((r) => r.name).sort()).toEqual([...seeded.prod.functions].sort());
    expect(cold.resources.every((r) => r.measured === null && r.status === 'no-data')).toBe(true);
  });

  it('--env dev, no metrics at all: "no data" for each resource there, n/a where dev has none, exit 1', async () => {
    const run = await cli(['validate', '--env', 'dev']);
    expectClean(run, 1);
    expect(tableRow(run, 'API response time (p95)')[3]).toBe('n/a');
    expect(tableRow(run, 'Database query time').slice(2, 4)).toEqual(['no data', 'NO DATA']);
    expect(tableRow(run, 'Database query time')[4]).toMatch(/^no data for 1 Aurora cluster\(s\): Aurora MySQL publishes SelectLatency/);
    expect(tableRow(run, 'Lambda cold start (init duration p95)')[4]).toMatch(/^no data for 2 function\(s\)/);
    expect(tableRow(run, 'CloudFront cache hit ratio').slice(2, 4)).toEqual(['no data', 'NO DATA']);
    expect(tableRow(run, 'CloudFront cache hit ratio')[4]).toMatch(/^no data for 1 distribution\(s\): CacheHitRate exists only with the distribution's additional metrics turned on/);
    expect(run.stdout).toContain('Benchmarks not met (0 pass, 0 fail, 3 no data, 1 not applicable)');
  });
});

describe('validate with figures that miss the target', () => {
  it('a query time above 100 ms and a hit ratio of exactly 95 % (the threshold is a miss) fail, naming the resource, exit 1', async () => {
    await moto.reset();
    const seeded = await seedAccount(f, moto.endpoint);
    await putBenchmarkMetrics(seeded.prod.cluster, seeded.prod.distribution, 150, 95);
    const run = await cli(['validate', '--env', 'prod', '--format', 'json']);
    expectClean(run, 1);
    const report = jsonReport(run);
    expect(report.summary).toEqual({ pass: 0, fail: 2, 'no-data': 2, 'not-applicable': 0 });
    expect(row(report, 'database-query-time')).toMatchObject({
      status: 'fail',
      measured: 150,
      worst: seeded.prod.cluster,
      detail: `1 Aurora cluster(s) miss the target, worst ${seeded.prod.cluster}; 1 of 1 Aurora cluster(s) measured`,
    });
    expect(row(report, 'cloudfront-cache-hit-ratio')).toMatchObject({ status: 'fail', measured: 95, worst: 'clinnet frontend prod', resources: [{ measured: 95, status: 'fail' }] });
    expect(report.metricGaps).toEqual([]);
  });
});

describe('validate on an account whose benchmarks can all be measured', () => {
  it('only an Aurora MySQL cluster and a distribution, both within target: pass, n/a for the rest, exit 0', async () => {
    await moto.reset();
    const prod = [{ Key: 'Environment', Value: 'prod' }];
    await f.rds().send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'clinnet-aurora-prod',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.08.0',
        MasterUsername: 'clinnet',
        MasterUserPassword: 'not-a-real-password-1',
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
        Tags: prod,
      }),
    );
    const distribution = await f.cloudfront().send(
      new CreateDistributionWithTagsCommand({
        DistributionConfigWithTags: {
          Tags: { Items: prod },
          DistributionConfig: {
            CallerReference: 'clinnet-frontend-prod',
            Comment: 'clinnet frontend prod',
            Enabled: true,
            Origins: { Quantity: 1, Items: [{ Id: 'frontend', DomainName: 'clinnet-frontend-prod.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] },
            DefaultCacheBehavior: { TargetOriginId: 'frontend', ViewerProtocolPolicy: 'redirect-to-https', ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } }, MinTTL: 0 },
          },
        },
      }),
    );
    await putBenchmarkMetrics('clinnet-aurora-prod', distribution.Distribution!.Id!, 12, 99);
    const run = await cli(['validate', '--env', 'prod']);
    expectClean(run, 0);
    expect(tableRow(run, 'Database query time').slice(2, 4)).toEqual(['12 ms', 'PASS']);
    expect(tableRow(run, 'CloudFront cache hit ratio').slice(2, 4)).toEqual(['99 %', 'PASS']);
    expect(tableRow(run, 'API response time (p95)')[3]).toBe('n/a');
    expect(tableRow(run, 'Lambda cold start (init duration p95)')[3]).toBe('n/a');
    expect(run.stdout).toContain('All benchmarks met (2 pass, 0 fail, 0 no data, 2 not applicable).');
  });
});
