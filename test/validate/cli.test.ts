import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { ALL_GOOD, measuredAccount, type Figures } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'clinnet-validate-'));
const snapshotFile = (name: string, figures: Figures): string => {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(measuredAccount(figures)));
  return file;
};

beforeAll(() => ensureBuilt(), 180_000);

describe('clinnet-opt validate', () => {
  it('exits 0 when every benchmark is met, printing a row per benchmark', () => {
    const run = runCli(['validate', '--snapshot', snapshotFile('good', ALL_GOOD)]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/API response time \(p95\)\s+< 200 ms\s+150 ms\s+PASS/);
    expect(run.stdout).toContain('All benchmarks met');
  });

  it('exits 1 when a benchmark fails', () => {
    const run = runCli(['validate', '--snapshot', snapshotFile('slow', { ...ALL_GOOD, queryMs: 130 }), '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; benchmarks: { id: string; status: string; measured: number | null }[] };
    expect(report.ok).toBe(false);
    expect(report.benchmarks.find((b) => b.id === 'database-query-time')).toMatchObject({ status: 'fail', measured: 130 });
  });

  it('exits 1 on "no data", saying what to enable', () => {
    const run = runCli(['validate', '--snapshot', snapshotFile('blind', { ...ALL_GOOD, initMs: null })]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Lambda cold start \(init duration p95\)\s+< 1000 ms\s+no data\s+NO DATA/);
    expect(run.stdout).toContain('Lambda Insights');
  });

  it('writes --output and keeps to --env', () => {
    const out = join(dir, 'report.csv');
    const run = runCli(['validate', '--snapshot', snapshotFile('env', { ...ALL_GOOD, apiP95: 900 }), '--env', 'dev', '--format', 'csv', '--output', out]);
    // Nothing of dev in a prod account: every benchmark is not applicable, which is not a failure.
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[1]).toMatch(/^api-response-time,.*,not-applicable,.*,123456789012$/);
  });

  it('exits 2 on a usage error', () => {
    expect(runCli(['validate', '--snapshot', snapshotFile('fmt', ALL_GOOD), '--format', 'xml']).status).toBe(2);
    expect(runCli(['validate', '--snapshot', snapshotFile('both', ALL_GOOD), '--region', 'eu-west-1']).status).toBe(2);
    expect(runCli(['audit', '--metrics-days', '0', '--region', 'eu-west-1']).status).toBe(2);
    expect(runCli(['snapshot', '--out', join(dir, 'x.json'), '--no-metrics', '--metrics-days', '3', '--region', 'eu-west-1']).status).toBe(2);
  });
});
