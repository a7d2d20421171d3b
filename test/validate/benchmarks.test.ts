import { describe, expect, it } from 'vitest';
import { validateSnapshot } from '../../src/validate/benchmarks.js';
import { renderValidation } from '../../src/validate/render.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { lambdaFn, snapshotWith } from '../rules/fragments.js';
import { ALL_GOOD, measuredAccount } from './fixtures.js';

const validate = (snapshot = measuredAccount(ALL_GOOD), env?: 'dev' | 'prod') => validateSnapshot(snapshot, { targets: DESIGN_TARGETS, env });

describe('validateSnapshot', () => {
  it('passes every benchmark within the design\'s targets, one row each with the measured figure', () => {
    const report = validate();
    expect(report.ok).toBe(true);
    expect(report.benchmarks.map((b) => [b.id, b.status, b.measured])).toEqual([
      ['api-response-time', 'pass', 150],
      ['database-query-time', 'pass', 4.2],
      ['lambda-cold-start', 'pass', 640],
      ['cloudfront-cache-hit-ratio', 'pass', 97.5],
    ]);
    expect(report.windowDays).toBe(14);
    // One function had no cold start data: it says so, without failing the benchmark.
    expect(report.benchmarks[2].detail).toBe('all measured within target; 1 of 2 function(s) measured (1 without data)');
  });

  it('fails a benchmark past its target and names the worst resource', () => {
    const report = validate(measuredAccount({ ...ALL_GOOD, apiP95: 240, hitPct: 91 }));
    expect(report.ok).toBe(false);
    expect(report.benchmarks[0]).toMatchObject({ status: 'fail', measured: 240, worst: 'clinnet-api-prod/prod', detail: expect.stringContaining('1 API stage(s) miss the target') });
    expect(report.benchmarks[3]).toMatchObject({ status: 'fail', measured: 91, comparison: 'above', threshold: 95 });
    expect(report.summary).toEqual({ pass: 2, fail: 2, 'no-data': 0, 'not-applicable': 0 });
  });

  it('treats the threshold itself as a miss (< 200 ms, > 95 %)', () => {
    const report = validate(measuredAccount({ ...ALL_GOOD, apiP95: 200, hitPct: 95 }));
    expect(report.benchmarks[0].status).toBe('fail');
    expect(report.benchmarks[3].status).toBe('fail');
  });

  it('reports "no data" as not a pass, with what to enable', () => {
    const report = validate(measuredAccount({ ...ALL_GOOD, hitPct: null }));
    expect(report.ok).toBe(false);
    expect(report.benchmarks[3]).toMatchObject({ status: 'no-data', measured: null, detail: expect.stringContaining('Enable additional metrics') });
  });

  it('is not applicable where the environment has no such resource', () => {
    const report = validate(snapshotWith({ env: 'dev', lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', usage: { source: 'cloudwatch', windowDays: 14, invocationsPerMonth: 5, avgDurationMs: 50, initDurationP95Ms: 300 } })] }), 'dev');
    expect(report.benchmarks.map((b) => b.status)).toEqual(['not-applicable', 'not-applicable', 'pass', 'not-applicable']);
    expect(report.ok).toBe(true);
  });

  it('keeps to --env', () => {
    const report = validate(measuredAccount(ALL_GOOD), 'dev');
    expect(report.benchmarks.every((b) => b.status === 'not-applicable')).toBe(true);
  });

  it('lists the metrics gaps of the snapshot', () => {
    const snapshot = measuredAccount(ALL_GOOD);
    snapshot.coverageGaps.push({ service: 'cloudwatch', region: 'us-east-1', operation: 'GetMetricData', kind: 'access-denied', error: 'AccessDenied' });
    snapshot.coverageGaps.push({ service: 'lambda', region: 'us-east-1', operation: 'ListFunctions', kind: 'error', error: 'x' });
    expect(validate(snapshot).metricGaps).toEqual(['cloudwatch us-east-1 GetMetricData: access-denied (AccessDenied)']);
  });
});

describe('renderValidation', () => {
  const report = validate(measuredAccount({ ...ALL_GOOD, apiP95: 240, hitPct: null }));

  it('table: a row per benchmark with target, measured figure and status', () => {
    const text = renderValidation(report, 'table');
    const lines = text.split('\n');
    expect(lines[0]).toBe('Performance benchmarks (account 123456789012, all environments, metrics over 14 days)');
    expect(lines.find((l) => l.startsWith('API response time (p95)'))).toMatch(/< 200 ms\s+240 ms\s+FAIL\s+clinnet-api-prod\/prod/);
    expect(lines.find((l) => l.startsWith('Database query time'))).toMatch(/< 100 ms\s+4\.2 ms\s+PASS/);
    expect(lines.find((l) => l.startsWith('Lambda cold start'))).toMatch(/< 1000 ms\s+640 ms\s+PASS/);
    expect(lines.find((l) => l.startsWith('CloudFront cache hit ratio'))).toMatch(/> 95 %\s+no data\s+NO DATA/);
    expect(text).toContain('Benchmarks not met (2 pass, 1 fail, 1 no data, 0 not applicable): "no data" is not a pass.');
  });

  it('json is the report itself; csv and markdown carry every row', () => {
    expect(JSON.parse(renderValidation(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
    const csv = renderValidation(report, 'csv').split('\n');
    expect(csv[0]).toBe('id,benchmark,threshold,unit,comparison,measured,status,worst,detail,account');
    expect(csv[1]).toMatch(new RegExp(`,${report.account ?? ''}$`));
    expect(csv[1]).toMatch(/^api-response-time,API response time \(p95\),200,ms,below,240,fail,clinnet-api-prod\/prod,/);
    expect(csv).toHaveLength(5);
    expect(renderValidation(report, 'markdown')).toContain('| CloudFront cache hit ratio | > 95 % | no data | NO DATA |');
  });
});
