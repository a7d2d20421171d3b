import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../src/audit/build-report.js';
import { withoutDuplicates } from '../../src/audit/dedupe.js';
import { atOrAbove, parseFailOn } from '../../src/audit/fail-on.js';
import { resolveRuleSelection } from '../../src/audit/rule-selection.js';
import { runAudit } from '../../src/audit/run.js';
import { CliError, ExitCode } from '../../src/errors.js';
import { parseSnapshot } from '../../src/inventory/snapshot-file.js';
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { RULES } from '../../src/rules/index.js';
import type { Finding } from '../../src/rules/types.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { finding } from '../report/fixture.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const load = (env: 'dev' | 'prod'): AccountSnapshot => {
  const file = resolve(EXAMPLES, `demo-${env}.snapshot.json`);
  return parseSnapshot(readFileSync(file, 'utf8'), file);
};
const audit = (snapshots: AccountSnapshot[], extra: Partial<Parameters<typeof buildAuditReport>[0]> = {}) =>
  buildAuditReport({ sources: snapshots.map((snapshot, i) => ({ file: `s${i}.json`, snapshot })), targets: DESIGN_TARGETS, failOn: 'high', ...extra });
const key = (f: Finding): string => `${f.rule} ${f.resource}`;

function expectUsageError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    expect((error as CliError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a usage error');
}

describe('several snapshots audited together', () => {
  const dev = load('dev');
  const prod = load('prod');

  it('reports exactly the findings and costs of each snapshot audited alone', () => {
    const both = audit([prod, dev]);
    const alone = [audit([prod]), audit([dev])];
    expect(both.findings.map(key).sort()).toEqual(alone.flatMap((r) => r.findings.map(key)).sort());
    expect(both.accounts.sort()).toEqual([prod.account, dev.account].sort());
    expect(both.account).toBeNull();
    const today = (r: ReturnType<typeof audit>, env: string) => r.costs.byEnv.find((e) => e.env === env)?.todayUsd;
    expect(today(both, 'prod')).toBe(today(alone[0], 'prod'));
    expect(today(both, 'dev')).toBe(today(alone[1], 'dev'));
    expect(both.costs.todayUsd).toBeCloseTo(alone[0].costs.todayUsd + alone[1].costs.todayUsd, 2);
  });

  it('counts a resource present in two snapshots once (overlapping snapshots, global resources)', () => {
    const once = audit([prod]);
    const twice = audit([prod, structuredClone(prod)]);
    expect(twice.findings.map(key)).toEqual(once.findings.map(key));
    expect(twice.costs.todayUsd).toBe(once.costs.todayUsd);
    expect(twice.unknownEnvironment).toEqual(once.unknownEnvironment);
    const [, second] = withoutDuplicates([prod, prod]);
    expect(second.lambdaFunctions).toHaveLength(0);
    expect(second.distributions).toHaveLength(0);
    expect(second.network.routeTables).toHaveLength(0);
  });

  it('keeps the same distribution id from another snapshot out, but keeps the rest of that snapshot', () => {
    const devWithProdCdn = structuredClone(dev);
    devWithProdCdn.distributions.push(structuredClone(prod.distributions[0]));
    const [, second] = withoutDuplicates([prod, devWithProdCdn]);
    expect(second.distributions.map((d) => d.id)).toEqual(dev.distributions.map((d) => d.id));
    expect(second.lambdaFunctions).toHaveLength(dev.lambdaFunctions.length);
  });

  it('puts each finding in its environment, and after-fixes is today plus the fixable priced deltas', () => {
    const report = audit([prod, dev]);
    for (const envCost of report.costs.byEnv) {
      const mine = report.findings.filter((f) => f.env === envCost.env);
      const fixable = mine.filter((f) => f.fixable && f.monthlyDeltaUsd !== null).reduce((s, f) => s + (f.monthlyDeltaUsd ?? 0), 0);
      expect(envCost.findings).toBe(mine.length);
      expect(envCost.fixableDeltaUsd).toBeCloseTo(fixable, 2);
      expect(envCost.afterFixesUsd).toBeCloseTo(envCost.todayUsd + envCost.fixableDeltaUsd, 2);
      expect(envCost.unpricedFindings).toBe(mine.filter((f) => f.monthlyDeltaUsd === null).length);
    }
    const priced = report.findings.filter((f) => f.monthlyDeltaUsd !== null).reduce((s, f) => s + (f.monthlyDeltaUsd ?? 0), 0);
    expect(report.summary.monthlyDeltaUsd).toBeCloseTo(priced, 2);
    expect(report.summary.byService.reduce((s, x) => s + x.findings, 0)).toBe(report.findings.length);
  });

  it('with --env keeps only that environment', () => {
    const report = audit([prod, dev], { env: 'prod' });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(new Set(report.findings.map((f) => f.env))).toEqual(new Set(['prod']));
    expect(report.costs.byEnv.map((e) => e.env)).toEqual(['prod']);
  });

  it('lists the resource whose environment cannot be told instead of guessing', () => {
    const report = audit([prod, dev]);
    expect(report.unknownEnvironment.map((r) => r.resource)).toContain('arn:aws:s3:::clinnet-deploy-artifacts-4f7a');
    expect(report.findings.some((f) => f.resource.includes('clinnet-deploy-artifacts'))).toBe(false);
  });

  it('carries the coverage gaps of every snapshot', () => {
    const gappy = structuredClone(dev);
    gappy.coverageGaps.push({ service: 'cloudfront', region: 'us-east-1', operation: 'ListDistributions', kind: 'access-denied', error: 'AccessDenied' });
    // Each gap names the account it belongs to.
    expect(audit([prod, gappy]).coverageGaps).toEqual(gappy.coverageGaps.map((gap) => ({ account: gappy.account, ...gap })));
  });
});

describe('--fail-on', () => {
  const findings = [finding({ rule: 'lambda/arm64', resourceName: 'a', severity: 'low' }), finding({ rule: 'lambda/memory', resourceName: 'b', severity: 'medium' })];

  it('counts the findings at or above the threshold', () => {
    expect(atOrAbove(findings, 'low')).toHaveLength(2);
    expect(atOrAbove(findings, 'medium')).toHaveLength(1);
    expect(atOrAbove(findings, 'high')).toHaveLength(0);
    expect(atOrAbove(findings, 'none')).toHaveLength(0);
  });

  it('accepts low, medium, high and none only', () => {
    expect(parseFailOn('HIGH')).toBe('high');
    expect(parseFailOn('none')).toBe('none');
    expectUsageError(() => parseFailOn('critical'), /--fail-on must be one of low, medium, high, none/);
  });

  it('is reflected in the report summary', () => {
    const prod = load('prod');
    const report = audit([prod], { failOn: 'medium' });
    expect(report.summary.atOrAboveFailOn).toBe(report.findings.filter((f) => f.severity !== 'low').length);
    expect(audit([prod], { failOn: 'none' }).summary.atOrAboveFailOn).toBe(0);
  });
});

describe('--rules', () => {
  it('takes rule ids or whole services and refuses unknown ones', () => {
    const lambda = RULES.filter((r) => r.meta.service === 'lambda').map((r) => r.meta.id);
    expect(resolveRuleSelection(['lambda'])).toEqual(lambda);
    const first = RULES[0].meta.id;
    expect(resolveRuleSelection([first])).toEqual([first]);
    expect(resolveRuleSelection(undefined)).toBeUndefined();
    expectUsageError(() => resolveRuleSelection(['lambda/no-such-rule']), /unknown rule "lambda\/no-such-rule"/);
  });

  it('runs only the selected rules', async () => {
    const file = resolve(EXAMPLES, 'demo-prod.snapshot.json');
    const first = RULES[0].meta.id;
    const report = await runAudit({ source: { kind: 'snapshots', files: [file] }, targets: DESIGN_TARGETS, rules: [first], failOn: 'high' });
    expect(report.rules).toEqual([first]);
    expect(report.findings.every((f) => f.rule === first)).toBe(true);
  });
});
