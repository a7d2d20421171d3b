/**
 * `snapshot` and `audit` from the built binary against the emulated account: every design area
 * found, every resource in its right environment, usage read from the metrics put into CloudWatch,
 * the secret nowhere, and the emulator's missing APIs met as coverage gaps, never a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { SECRET_VALUE, seedAccount, type SeededAccount } from './seed.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startFaultProxy } from './support/fault-proxy.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';

/** Operations moto does not implement (docs/e2e.md): the only coverage gaps this account may show. */
const EMULATOR_GAPS = ['lambda:GetAccountSettings', 'lambda:ListProvisionedConcurrencyConfigs', 'rds:DescribeDBEngineVersions'];
const DESIGN_AREAS = ['apigateway', 'aurora', 'cloudfront', 'dynamodb', 'lambda', 'logs', 's3', 'vpc'];
/** perMonth(): a window total scaled to the estimator's 730-hour month. */
const perMonth = (total: number, days: number) => Math.round((total * (730 / 24)) / days);

interface Finding {
  rule: string;
  service: string;
  env: string | null;
  resource: string;
  resourceName?: string;
  message: string;
  current: unknown;
  fixable: boolean;
}

let moto: Moto;
let f: ClientFactory;
let dir: string;
let seeded: SeededAccount;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('audit'));
});
afterAll(async () => moto?.stop());

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
  expect(run.stdout + run.stderr, 'the secret value leaked').not.toContain(SECRET_VALUE);
}

/** The environment a resource was seeded in, from the ids the seed returned. */
function seededEnv(name: string): string | undefined {
  for (const env of ['dev', 'prod'] as const) {
    const r = seeded[env];
    const ids = [...r.functions, ...r.logGroups, r.cluster, ...r.tables, ...Object.values(r.buckets), r.vpc, r.distribution];
    if (ids.includes(name)) return env;
  }
  if (name === `${seeded.restApi.id}/${seeded.restApi.stage}`) return 'prod';
  return undefined;
}

describe('snapshot and audit of the seeded account', () => {
  beforeAll(async () => {
    await moto.reset();
    seeded = await seedAccount(f, moto.endpoint);
  });

  it('snapshot: reads every seeded resource and the metrics, keeps env variable names only, and reports what the emulator lacks as gaps', async () => {
    const file = join(dir, 'account.json');
    const run = await cli(['snapshot', '--out', file]);
    expectClean(run, 0);
    expect(run.stderr).toMatch(/^wrote .*account 123456789012, us-east-1: 5 functions, 2 clusters, 6 tables, 6 buckets, 2 distributions, 2 NAT gateways, 5 log groups, 1 REST APIs$/m);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET_VALUE);
    const snap = JSON.parse(text);

    const secretFn = snap.lambdaFunctions.find((x: { name: string }) => x.name === seeded.secretFunction);
    expect(secretFn).toMatchObject({ environmentVariableNames: ['DB_HOST', 'DB_PASSWORD'], architectures: ['x86_64'], memoryMb: 256, timeoutS: 30, tags: {} });
    expect(snap.lambdaFunctions.find((x: { name: string }) => x.name === seeded.cfnFunction).tags).toMatchObject({ 'aws:cloudformation:stack-name': 'clinnet-prod' });
    expect(snap.auroraClusters.map((c: { id: string; serverlessV2: unknown }) => [c.id, c.serverlessV2])).toEqual(
      expect.arrayContaining([[seeded.prod.cluster, expect.objectContaining({ minAcu: 0.5, maxAcu: 16 })], [seeded.dev.cluster, expect.objectContaining({ minAcu: 0.5, maxAcu: 16 })]]),
    );
    expect(snap.distributions.map((d: { id: string; priceClass: string; defaultBehavior: { compress: boolean } }) => [d.id, d.priceClass, d.defaultBehavior.compress]).sort()).toEqual(
      [[seeded.prod.distribution, 'PriceClass_100', false], [seeded.dev.distribution, 'PriceClass_100', false]].sort(),
    );
    expect(snap.network.vpcEndpoints).toEqual([expect.objectContaining({ id: seeded.existingS3Endpoint, vpcId: seeded.prod.vpc, routeTableIds: [seeded.prod.natRouteTables[0]] })]);

    // Usage from the metrics put into the emulator (14-day window, scaled to a month).
    const m = seeded.metrics;
    expect(secretFn.usage).toBeUndefined();
    expect(snap.lambdaFunctions.find((x: { name: string }) => x.name === m.invocationsFunction).usage).toMatchObject({
      source: 'cloudwatch',
      invocationsPerMonth: perMonth(m.invocationsPerHour * m.hours, 14),
      maxConcurrentExecutions: 40,
    });
    expect(snap.dynamoTables.find((t: { name: string }) => t.name === m.tableWithReads).usage).toMatchObject({ readRequestUnitsPerMonth: perMonth(m.readUnitsPerHour * m.hours, 14) });
    expect(snap.auroraClusters.find((c: { id: string }) => c.id === seeded.prod.cluster).usage).toMatchObject({ acuUtilizationPct: 20, storageGb: 20 });
    expect(snap.buckets.find((b: { name: string }) => b.name === seeded.prod.buckets.documents).usage).toMatchObject({ bytesByClass: { StandardStorage: 500 * 1024 ** 3 } });

    for (const gap of snap.coverageGaps as { service: string; operation: string }[]) expect(EMULATOR_GAPS, JSON.stringify(gap)).toContain(`${gap.service}:${gap.operation}`);
    for (const gap of snap.coverageGaps as { service: string; operation: string }[]) expect(run.stderr).toContain(`coverage gap: ${gap.service} us-east-1 ${gap.operation}`);
  });

  it('audit: every design area found, every finding in its seeded environment, the breakers handled', async () => {
    const file = join(dir, 'audit.json');
    const run = await cli(['audit', '--format', 'json', '--output', file, '--fail-on', 'none']);
    expectClean(run, 0);
    expect(run.stderr).toMatch(/coverage gap/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET_VALUE);
    const report = JSON.parse(text) as { findings: Finding[]; confirmations: Finding[]; unknownEnvironment: unknown[]; coverageGaps: unknown[] };

    expect([...new Set(report.findings.map((x) => x.service))].sort()).toEqual(DESIGN_AREAS);
    expect(report.unknownEnvironment).toEqual([]);
    for (const finding of report.findings) {
      const name = finding.resourceName ?? finding.resource;
      expect(finding.env, `${finding.rule} ${name}`).toBe(seededEnv(name) ?? 'unseeded');
    }
    // Resources whose environment is only in their name are judged, in that environment.
    for (const name of seeded.nameOnly) expect(report.findings.some((x) => (x.resourceName ?? x.resource) === name), name).toBe(true);

    const byRule = (rule: string, name: string) => report.findings.find((x) => x.rule === rule && (x.resourceName ?? x.resource) === name);
    expect(byRule('lambda/arm64', seeded.layerFunction)?.message).toContain('layer');
    expect(byRule('lambda/memory', seeded.cfnFunction)).toBeDefined();
    expect(byRule('vpc/gateway-endpoints', seeded.prod.vpc)?.current).toMatchObject({ s3: { endpointId: seeded.existingS3Endpoint, routeTableIds: [seeded.prod.natRouteTables[0]] } });
    expect(byRule('s3/lifecycle', seeded.prod.buckets.documents)).toBeDefined();
    expect(byRule('cloudfront/price-class', seeded.prod.distribution)).toBeDefined();
    expect(byRule('cloudfront/price-class', seeded.dev.distribution)).toBeUndefined();
    expect(byRule('aurora/acu-range', seeded.dev.cluster)).toBeDefined();
    expect(byRule('dynamodb/on-demand', 'clinnet-medical_reports-prod')).toBeDefined();
    // Metric-driven: the read and write units put into CloudWatch price the DynamoDB switch (a saving at
    // this traffic), and the invocations confirm the function's tier.
    expect((byRule('dynamodb/on-demand', 'clinnet-medical_reports-prod') as unknown as { monthlyDeltaUsd: number }).monthlyDeltaUsd).toBeLessThan(0);
    const m = seeded.metrics;
    // A tier the invocations confirm is not a finding: it is listed apart, with its why.
    expect(byRule('lambda/tier', m.invocationsFunction)).toBeUndefined();
    const confirmed = report.confirmations.find((x) => x.rule === 'lambda/tier' && x.resourceName === m.invocationsFunction);
    expect(confirmed?.message).toContain(`${perMonth(m.invocationsPerHour * m.hours, 14).toLocaleString('en-US')} invocations/month`);
    // Without the measurements the emulator cannot serve (docs/e2e.md), lowering stays advisory.
    expect(byRule('lambda/timeout', m.invocationsFunction)).toMatchObject({ fixable: false });
    expect(byRule('aurora/acu-range', seeded.prod.cluster)).toMatchObject({ fixable: false });
  });

  it('audit --env dev in the table view: exit 1 on high findings, only dev resources', async () => {
    const run = await cli(['audit', '--env', 'dev', '--fail-on', 'high']);
    expectClean(run, 1);
    expect(run.stdout).toContain('aurora/acu-range');
    expect(run.stdout).toContain(seeded.dev.cluster);
    // Finding rows and the cost rows: each starts a row with its Env cell (continuation lines of a wrapped row leave it empty).
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('│') && !/^│ (Resource|Env) /.test(line) && !/^│[^│]*│\s+│/.test(line));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((row) => !/│ dev\s+│/.test(row))).toEqual([]);
  });
});

describe('an emulator answer the tool cannot parse', () => {
  it('a GetMetricData call answered with an HTML 500 is a coverage gap, the snapshot still written', async () => {
    await moto.reset();
    seeded = await seedAccount(f, moto.endpoint);
    // A proxy in front of moto answers every GetMetricData with a 500 HTML page, as a broken gateway would.
    const proxy = await startFaultProxy(moto.endpoint, { fail: (req, body) => /GetMetricData/.test(`${req.url ?? ''} ${String(req.headers['x-amz-target'] ?? '')} ${body}`) });
    try {
      const file = join(dir, 'broken-metrics.json');
      const run = await runClinnet(proxy.endpoint, ['snapshot', '--out', file], { cwd: dir });
      expectClean(run, 0);
      expect(proxy.faults()).toBeGreaterThan(0);
      expect(run.stderr).toMatch(/^coverage gap: cloudwatch us-east-1 GetMetricData: /m);
      const snap = JSON.parse(readFileSync(file, 'utf8'));
      expect(snap.lambdaFunctions).toHaveLength(5);
    } finally {
      await proxy.stop();
    }
  });
});
