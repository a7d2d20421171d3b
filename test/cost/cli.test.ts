/** `clinnet-opt cost-report` end to end in-process, against Cost Explorer answers shaped like the real API's. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, DataUnavailableException, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AFTER_MET, MAY_BEFORE, answer, result, runCli, tempDir, type Group } from './harness.js';

const ce = mockClient(CostExplorerClient);
const sts = mockClient(STSClient);
const cw = mockClient(CloudWatchClient);
let dir: string;

function run(args: string[]) {
  return runCli(args, { cwd: () => dir });
}

function monthAnswer(start: string, end: string, groups: Group[], estimated = false) {
  return answer([result(start, end, groups, estimated)]);
}

beforeEach(() => {
  ce.reset();
  sts.reset();
  cw.reset();
  dir = tempDir();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/cron', UserId: 'AIDA' });
  ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2025-04-01', End: '2025-05-01' } }).resolves(monthAnswer('2025-04-01', '2025-05-01', MAY_BEFORE));
  ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2025-05-01', End: '2025-06-01' } }).resolves(monthAnswer('2025-05-01', '2025-06-01', AFTER_MET));
});
afterEach(() => {
  ce.reset();
});

async function saveAprilBaseline(extra: string[] = []): Promise<string> {
  const file = join(dir, 'baseline.json');
  const saved = await run(['cost-report', '--period', '2025-04', '--save-baseline', file, '--quiet', ...extra]);
  expect(saved.exitCode).toBe(0);
  return file;
}

describe('cost-report without a baseline', () => {
  it('shows last month by category with one grouped request and says how many it made (exit 0)', async () => {
    const r = await run(['cost-report']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Cost report — whole account, UnblendedCost, last-month/);
    expect(r.stdout).toMatch(/Aurora\s*│\s*\$120\.00/);
    expect(r.stdout).toMatch(/Data Transfer\s*│\s*\$50\.00/);
    expect(r.stdout).toMatch(/Total\s*│\s*\$410\.00/);
    expect(r.stdout).toMatch(/Cost Explorer requests: 1/);
    const calls = ce.commandCalls(GetCostAndUsageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({
      TimePeriod: { Start: '2025-05-01', End: '2025-06-01' },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
    });
    expect(calls[0].args[0].input.Filter).toBeUndefined();
    // No colour off a terminal.
    expect(r.stdout).not.toContain(String.fromCharCode(27));
  });

  it('follows NextPageToken and counts each page as a request', async () => {
    ce.reset();
    ce.on(GetCostAndUsageCommand).callsFake((input: { NextPageToken?: string }) =>
      input.NextPageToken === 'page-2'
        ? answer([result('2025-05-01', '2025-06-01', [['AWS Lambda', 'Request', 7]])])
        : answer([result('2025-05-01', '2025-06-01', [['AWS Lambda', 'USE1-Lambda-GB-Second', 13]])], 'page-2'),
    );
    const r = await run(['cost-report', '--format', 'json', '--no-cache']);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.current.categories.lambda).toBe(20);
    expect(report.requests.costExplorer).toBe(2);
    expect(ce.commandCalls(GetCostAndUsageCommand).map((c) => c.args[0].input.NextPageToken)).toEqual([undefined, 'page-2']);
  });

  it('filters on the environment tag and says to activate it when nothing comes back', async () => {
    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves(answer([result('2025-05-01', '2025-06-01', [])]));
    const r = await run(['cost-report', '--env', 'production']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/activate "Environment" as a cost allocation tag/);
    expect(ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input.Filter).toEqual({
      Tags: { Key: 'Environment', Values: ['prod', 'prd', 'production'], MatchOptions: ['EQUALS'] },
    });
  });

  it('marks estimated figures and scales a partial month to a full one', async () => {
    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves(answer([result('2025-06-01', '2025-06-15', [['AWS Lambda', 'Request', 14]], true)]));
    const r = await run(['cost-report', '--period', 'month-to-date', '--format', 'markdown']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/\| Category \| Cost\* \| Full-month equivalent\* \|/);
    // 14 days cost $14: June has 30 days, so a full month is $30.
    expect(r.stdout).toMatch(/\| Lambda \| \$14\.00 \| \$30\.00 \|/);
    expect(r.stdout).toMatch(/estimated: Cost Explorer has not finalised/);
  });

  it('colours PASS and FAIL only when the command says the terminal takes colour', async () => {
    const baseline = await saveAprilBaseline();
    const coloured = await runCli(['cost-report', '--baseline', baseline], { cwd: () => dir, color: () => true });
    expect(coloured.stdout).toContain(`${String.fromCharCode(27)}[32mPASS`);
    const file = join(dir, 'report.txt');
    await runCli(['cost-report', '--baseline', baseline, '--output', file], { cwd: () => dir, color: () => true });
    expect(readFileSync(file, 'utf8')).not.toContain(String.fromCharCode(27));
  });

  it('--granularity daily asks for days and reports each one', async () => {
    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves(
      answer([
        result('2025-05-01', '2025-05-02', [['AWS Lambda', 'Request', 1.5], ['EC2 - Other', 'USE1-NatGateway-Bytes', 0.25]]),
        result('2025-05-02', '2025-05-03', [['AWS Lambda', 'Request', 2]]),
      ]),
    );
    const r = await run(['cost-report', '--granularity', 'daily', '--period', '2025-05-01..2025-05-02', '--format', 'json']);
    expect(r.exitCode).toBe(0);
    expect(ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input).toMatchObject({ Granularity: 'DAILY', TimePeriod: { Start: '2025-05-01', End: '2025-05-03' } });
    const report = JSON.parse(r.stdout);
    expect(report.current.daily.map((d: { date: string; total: number }) => [d.date, d.total])).toEqual([
      ['2025-05-01', 1.75],
      ['2025-05-02', 2],
    ]);
    expect(report.current.categories).toMatchObject({ lambda: 3.5, dataTransfer: 0.25 });
  });

  it('writes CSV to --output and nothing to stdout with --quiet', async () => {
    const file = join(dir, 'out', 'cost.csv');
    const r = await run(['cost-report', '--format', 'csv', '--output', file, '--quiet']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^category,period_start,period_end,cost_usd,monthly_usd/);
    expect(csv).toContain('Aurora,2025-05-01,2025-06-01,120,120,false,,,,,,,');
  });
});

describe('cost-report cache', () => {
  it('answers a closed period from disk the second time: no second request', async () => {
    const first = await run(['cost-report', '--format', 'json']);
    const second = await run(['cost-report', '--format', 'json']);
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(1);
    expect(JSON.parse(first.stdout).requests).toMatchObject({ costExplorer: 1, answeredFromCache: 0 });
    expect(JSON.parse(second.stdout).requests).toMatchObject({ costExplorer: 0, answeredFromCache: 1 });
    expect(JSON.parse(second.stdout).current.categories).toEqual(JSON.parse(first.stdout).current.categories);
    expect(existsSync(join(dir, '.cost-cache'))).toBe(true);
  });

  it('--no-cache asks again', async () => {
    await run(['cost-report']);
    const r = await run(['cost-report', '--no-cache']);
    expect(r.stdout).toMatch(/Cost Explorer requests: 1/);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(2);
  });

  it('never caches an open period', async () => {
    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves(answer([result('2025-06-01', '2025-06-15', [['AWS Lambda', 'Request', 14]], false)]));
    await run(['cost-report', '--period', 'month-to-date']);
    await run(['cost-report', '--period', 'month-to-date']);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(2);
  });
});

describe('cost-report against a baseline', () => {
  it('exits 0 when every target is met, with pass per category and the ROI', async () => {
    const baseline = await saveAprilBaseline();
    const saved = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(saved).toMatchObject({ kind: 'clinnet-opt/cost-baseline', schemaVersion: 1, period: { start: '2025-04-01', end: '2025-05-01' } });
    expect(saved.categories.aurora).toBe(300);
    const r = await run(['cost-report', '--baseline', baseline]);
    expect(r.exitCode).toBe(0);
    // April has 30 days, May 31: both are whole months, so nothing is scaled.
    expect(r.stdout).toMatch(/Aurora\s*│\s*\$300\.00\s*│\s*\$120\.00\s*│\s*−\$180\.00\s*│\s*−60\.0%\s*│\s*−60%\s*│\s*PASS/);
    expect(r.stdout).toMatch(/Data Transfer\s*│\s*\$100\.00\s*│\s*\$50\.00/);
    expect(r.stdout).toMatch(/ROI: 40 h × \$100\.00\/h \(assumed rate/);
    expect(r.stdout).toMatch(/saving \$390\.00\/month .* payback in 10\.3 month/);
    expect(r.stdout).toMatch(/Every target checked is met/);
  });

  it('exits 1 and names the category when one target is missed', async () => {
    const baseline = await saveAprilBaseline();
    ce.reset();
    const missed = AFTER_MET.map(([s, u, a]): Group => (s === 'AmazonCloudWatch' ? [s, u, 70] : [s, u, a]));
    ce.on(GetCostAndUsageCommand).resolves(monthAnswer('2025-05-01', '2025-06-01', missed));
    const r = await run(['cost-report', '--baseline', baseline]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/CloudWatch\s*│\s*\$80\.00\s*│\s*\$70\.00.*FAIL/);
    expect(r.stderr).toMatch(/1 cost target\(s\) missed: CloudWatch/);
  });

  it('checks the overall target of the environment from the config, and config overrides a category target', async () => {
    writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { targets: { categories: { cloudwatch: 50 }, overall: { prod: 55 } }, roi: { hourlyRateUsd: 80 } } }));
    const file = join(dir, 'prod-baseline.json');
    expect((await run(['cost-report', '--env', 'prod', '--period', '2025-04', '--save-baseline', file, '--quiet'])).exitCode).toBe(0);
    const r = await run(['cost-report', '--env', 'prod', '--baseline', file, '--format', 'json']);
    expect(r.exitCode).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.comparison.missed).toEqual(['CloudWatch', 'Total']);
    expect(report.comparison.total).toMatchObject({ targetPct: 55, changePct: -48.8, status: 'fail' });
    expect(report.comparison.roi).toMatchObject({ hourlyRateUsd: 80, rateAssumed: false, implementationCostUsd: 3200 });
  });

  it('normalises a partial current month before comparing with a full baseline month', async () => {
    const baseline = await saveAprilBaseline();
    ce.reset();
    // 14 days of June at 60 % of April's daily Aurora rate: $300/30 days × 0.4 × 14 days = $56.
    ce.on(GetCostAndUsageCommand).resolves(answer([result('2025-06-01', '2025-06-15', [['Amazon Relational Database Service', 'Aurora:ServerlessV2Usage', 56]], true)]));
    const r = await run(['cost-report', '--baseline', baseline, '--period', 'month-to-date', '--format', 'json']);
    const aurora = JSON.parse(r.stdout).comparison.rows.find((row: { id: string }) => row.id === 'aurora');
    expect(aurora).toMatchObject({ baselineMonthly: 300, currentMonthly: 120, changePct: -60, status: 'pass' });
  });

  it('sets the audit estimate beside each category (--compare-estimate)', async () => {
    const baseline = await saveAprilBaseline();
    const audit = join(dir, 'audit.json');
    writeFileSync(
      audit,
      JSON.stringify({
        schemaVersion: 1,
        findings: [
          { rule: 'aurora/acu-range', monthlyDeltaUsd: -150, env: 'prod' },
          { rule: 'vpc/gateway-endpoints', monthlyDeltaUsd: -32.5 },
          { rule: 'logs/retention', monthlyDeltaUsd: -12 },
          { rule: 'lambda/memory', monthlyDeltaUsd: null },
        ],
        summary: {},
      }),
    );
    const r = await run(['cost-report', '--baseline', baseline, '--compare-estimate', audit, '--format', 'json']);
    expect(r.exitCode).toBe(0);
    const rows = Object.fromEntries(JSON.parse(r.stdout).comparison.rows.map((row: { id: string; estimatedUsd: number | null }) => [row.id, row.estimatedUsd]));
    expect(rows).toMatchObject({ aurora: -150, dataTransfer: -32.5, cloudwatch: -12, lambda: null });
    const table = await run(['cost-report', '--baseline', baseline, '--compare-estimate', audit]);
    expect(table.stdout).toMatch(/Audit estimate \/mo/);
    expect(table.stdout).toMatch(/Data Transfer.*−\$32\.50/);
  });
});

describe('exit 2: usage and configuration errors', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['missing', '', /cannot read the baseline \(no such file; create one with --save-baseline\)/],
    ['not JSON', '{"kind": "clinnet', /not a cost baseline \(not JSON\)/],
    ['foreign', JSON.stringify({ kind: 'clinnet-opt/plan', schemaVersion: 1 }), /not a cost baseline \(a "clinnet-opt\/plan" file\)/],
    ['newer version', JSON.stringify({ kind: 'clinnet-opt/cost-baseline', schemaVersion: 2 }), /baseline schemaVersion 2 is not supported/],
    ['corrupt', JSON.stringify({ kind: 'clinnet-opt/cost-baseline', schemaVersion: 1, savedAt: 'x', env: null, metric: 'UnblendedCost', period: { start: '2025-04-01', end: '2025-05-01', label: 'x' }, days: 30, monthlyFactor: 1, estimated: false, unit: 'USD', categories: { aurora: 'lots' }, total: 1 }), /corrupt baseline at categories\.aurora/],
  ];
  it.each(bad)('a %s baseline file: one clear line, no Cost Explorer request', async (_name, content, message) => {
    const file = join(dir, 'baseline.json');
    if (content) writeFileSync(file, content);
    const r = await run(['cost-report', '--baseline', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
  });

  it('a baseline for another environment', async () => {
    const baseline = await saveAprilBaseline();
    const r = await run(['cost-report', '--env', 'prod', '--baseline', baseline]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/the baseline is for the whole account, this report for --env prod/);
  });

  it.each([
    [['--period', 'last-week'], /--period must be last-month, month-to-date, YYYY-MM or YYYY-MM-DD\.\.YYYY-MM-DD/],
    [['--period', '2025-07'], /2025-07 has not started yet/],
    [['--metric', 'BlendedCost'], /--metric must be one of UnblendedCost, AmortizedCost, NetUnblendedCost/],
    [['--env', 'sandbox'], /--env must be dev, test, staging or prod/],
    [['--format', 'xml'], /--format must be one of table, json, markdown, csv/],
  ])('bad option %j', async (args, message) => {
    const r = await run(['cost-report', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a misspelt key in the cost section of the config names its path', async () => {
    writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { targets: { categories: { auroa: 50 } } } }));
    const r = await run(['cost-report']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/invalid config at cost\.targets\.categories: Unrecognized key: "auroa"/);
  });

  it('refuses to compare an empty --env result with a baseline (the tag is not activated)', async () => {
    writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ environmentTagKey: 'env' }));
    const file = join(dir, 'prod.json');
    await run(['cost-report', '--env', 'prod', '--period', '2025-04', '--save-baseline', file, '--quiet']);
    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves(answer([result('2025-05-01', '2025-06-01', [])]));
    const r = await run(['cost-report', '--env', 'prod', '--baseline', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/activate "env" as a cost allocation tag/);
  });
});

describe('exit 3: AWS errors say what to do', () => {
  it('Cost Explorer not enabled (DataUnavailableException)', async () => {
    ce.reset();
    ce.on(GetCostAndUsageCommand).rejects(new DataUnavailableException({ message: 'Data is not available', $metadata: { httpStatusCode: 400 } }));
    const r = await run(['cost-report']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/enable it once in the Billing and Cost Management console/);
  });

  it('AccessDenied', async () => {
    ce.reset();
    const denied = Object.assign(new Error('User is not authorized to perform: ce:GetCostAndUsage'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    ce.on(GetCostAndUsageCommand).rejects(denied);
    const r = await run(['cost-report']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/grant ce:GetCostAndUsage to this identity \(docs\/cron\.md has the policy\)/);
  });

  it('any other AWS error', async () => {
    ce.reset();
    ce.on(GetCostAndUsageCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }));
    const r = await run(['cost-report']);
    expect(r.exitCode).toBe(3);
  });
});

describe('--put-metrics', () => {
  it('publishes each category and the total as MonthlyCostUsd in namespace ClinnetOpt', async () => {
    cw.on(PutMetricDataCommand).resolves({});
    const r = await run(['cost-report', '--env', 'prod', '--put-metrics']);
    expect(r.exitCode).toBe(0);
    const calls = cw.commandCalls(PutMetricDataCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input.Namespace).toBe('ClinnetOpt');
    expect(input.MetricData).toHaveLength(10);
    expect(input.MetricData?.[0]).toMatchObject({
      MetricName: 'MonthlyCostUsd',
      Dimensions: [
        { Name: 'Environment', Value: 'prod' },
        { Name: 'Category', Value: 'Aurora' },
      ],
      Value: 120,
    });
    expect(input.MetricData?.at(-1)).toMatchObject({ Dimensions: [{ Name: 'Environment', Value: 'prod' }, { Name: 'Category', Value: 'Total' }], Value: 410 });
  });

  it('AccessDenied on PutMetricData exits 3 with the action to grant', async () => {
    cw.on(PutMetricDataCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const r = await run(['cost-report', '--put-metrics']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/grant cloudwatch:PutMetricData/);
  });
});
