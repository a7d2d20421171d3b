/** --journal: the apply time splits before and after; each category's predicted saving sits beside its measured change. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CostExplorerClient, GetCostAndUsageCommand, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/cost/period.js';
import { answer, result, runCli, tempDir } from './harness.js';

const ce = mockClient(CostExplorerClient);
const sts = mockClient(STSClient);
let dir: string;

function change(id: string, rule: string, service: string, delta: number | null) {
  return {
    id,
    rule,
    service,
    region: 'us-east-1',
    resource: id,
    resourceName: id,
    env: 'prod',
    attribute: 'X',
    operation: 'rds:ModifyDBCluster',
    input: {},
    before: 1,
    after: 2,
    undo: { operation: 'rds:ModifyDBCluster', input: {} },
    monthlyDeltaUsd: delta,
  };
}

function journal(mode: 'apply' | 'rollback' = 'apply'): string {
  const at = '2025-05-20T10:00:00.000Z';
  const lines = [
    { type: 'header', kind: 'clinnet-opt/journal', schemaVersion: 1, mode, startedAt: at, account: '123456789012', env: 'prod', planId: 'p1' },
    { type: 'begin', at, change: change('c1', 'aurora/acu-range', 'aurora', -150) },
    { type: 'end', at, changeId: 'c1', outcome: 'applied' },
    { type: 'begin', at, change: change('c2', 'lambda/arm64', 'lambda', -20) },
    { type: 'end', at, changeId: 'c2', outcome: 'applied' },
    { type: 'begin', at, change: change('c3', 'logs/retention', 'logs', -9) },
    { type: 'end', at, changeId: 'c3', outcome: 'failed', error: 'boom' },
    { type: 'finished', at, counts: { applied: 2, failed: 1 } },
  ];
  const file = join(dir, 'journal.json');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

/** Daily results: Aurora $10/day and Lambda $3/day before the apply day, $4 and $2 after it. */
function daily(start: string, end: string): ResultByTime[] {
  const out: ResultByTime[] = [];
  for (let day = start; day < end; day = addDays(day, 1)) {
    const after = day > '2025-05-20';
    out.push(
      result(day, addDays(day, 1), [
        ['Amazon Relational Database Service', 'Aurora:ServerlessV2Usage', after ? 4 : 10],
        ['AWS Lambda', 'USE1-Lambda-GB-Second', after ? 2 : 3],
      ], day >= '2025-06-01'),
    );
  }
  return out;
}

beforeEach(() => {
  ce.reset();
  sts.reset();
  dir = tempDir();
  ce.on(GetCostAndUsageCommand).callsFake((input: { TimePeriod: { Start: string; End: string } }) => answer(daily(input.TimePeriod.Start, input.TimePeriod.End)));
});

describe('cost-report --journal', () => {
  it('compares equal windows either side of the apply day with one daily request', async () => {
    const r = await runCli(['cost-report', '--journal', journal(), '--format', 'json'], { cwd: () => dir });
    const calls = ce.commandCalls(GetCostAndUsageCommand);
    expect(calls).toHaveLength(1);
    // 25 full days after the apply day (to yesterday), and the 25 days before it.
    expect(calls[0].args[0].input).toMatchObject({ TimePeriod: { Start: '2025-04-25', End: '2025-06-15' }, Granularity: 'DAILY' });
    expect(calls[0].args[0].input.Filter?.Tags?.Key).toBe('Environment');
    const report = JSON.parse(r.stdout);
    expect(report.env).toBe('prod');
    expect(report.before.period).toMatchObject({ start: '2025-04-25', end: '2025-05-20' });
    expect(report.current.period).toMatchObject({ start: '2025-05-21', end: '2025-06-15' });
    const rows = Object.fromEntries(report.comparison.rows.map((row: { id: string }) => [row.id, row]));
    expect(rows.aurora).toMatchObject({ changePct: -60, status: 'pass', predictedUsd: -150 });
    expect(rows.lambda).toMatchObject({ changePct: -33.3, status: 'fail', predictedUsd: -20 });
    // The failed change predicted nothing measurable.
    expect(rows.cloudwatch.predictedUsd).toBeNull();
    expect(report.journal).toMatchObject({ appliedAt: '2025-05-20T10:00:00.000Z', applied: 2 });
    // Lambda missed −35 %: exit 1.
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/missed: Lambda/);
  });

  it('shows the prediction beside the measured change in the table', async () => {
    const r = await runCli(['cost-report', '--journal', journal()], { cwd: () => dir });
    expect(r.stdout).toMatch(/Predicted by fix \/mo/);
    expect(r.stdout).toMatch(/Aurora .*PASS\s*│\s*−\$150\.00/);
    expect(r.stdout).toMatch(/2 change\(s\) applied at 2025-05-20T10:00:00\.000Z/);
  });

  it('a rollback journal or a clash with --env is a usage error (exit 2), before any request', async () => {
    const rollback = await runCli(['cost-report', '--journal', journal('rollback')], { cwd: () => dir });
    expect(rollback.exitCode).toBe(2);
    expect(rollback.stderr).toMatch(/is a rollback journal/);
    const clash = await runCli(['cost-report', '--journal', journal(), '--env', 'dev'], { cwd: () => dir });
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toMatch(/--env dev does not match the journal's environment \(prod\)/);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
  });
});
