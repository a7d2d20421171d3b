import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateAudit, templateSnapshots, withoutTemplateMoney } from '../../src/audit/template-run.js';
import type { Finding } from '../../src/rules/types.js';
import { emptySnapshot } from '../../src/inventory/snapshot.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { SMALL_TEMPLATE } from './template-fixture.js';

function writeTemplate(text = SMALL_TEMPLATE): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clinnet-template-')), 'template.yaml');
  writeFileSync(file, text);
  return file;
}

const base = { parameters: {}, region: 'us-west-2', targets: DESIGN_TARGETS, failOn: 'none' as const };

describe('runTemplateAudit', () => {
  it('audits once per allowed environment value, each run labelled with its environment', async () => {
    const file = writeTemplate();
    const runs = await templateSnapshots({ file, parameters: {}, region: 'us-west-2' });
    expect(runs.map((r) => r.environment)).toEqual(['dev', 'prod']);
    expect(runs.map((r) => r.snapshot.template?.environment)).toEqual(['dev', 'prod']);
    expect(runs[1].snapshot.logGroups.find((g) => g.name === '/clinnet/app-prod')?.retentionDays).toBe(3653);
    expect(runs[0].snapshot.logGroups.find((g) => g.name === '/clinnet/app-dev')?.retentionDays).toBe(90);

    const report = await runTemplateAudit({ ...base, file });
    expect(report.sources.map((s) => s.env)).toEqual(['dev', 'prod']);
    expect(new Set(report.findings.map((f) => f.env))).toEqual(new Set(['dev', 'prod']));
    // The same function in both runs is audited in both, not deduplicated away.
    const timeouts = report.findings.filter((f) => f.rule === 'lambda/timeout');
    expect(timeouts.map((f) => f.env).sort()).toEqual(['dev', 'prod']);
    for (const f of timeouts) expect(f.template).toMatchObject({ file, logicalId: 'GetPatientsFunction', line: 20 });
  });

  it('a run for an environment the targets do not know says so instead of passing quietly', async () => {
    const file = writeTemplate(SMALL_TEMPLATE.replace('AllowedValues: [dev, prod]', 'AllowedValues: [dev, sandbox]'));
    const [dev, sandbox] = await templateSnapshots({ file, parameters: {}, region: 'us-east-1' });
    expect(dev.snapshot.coverageGaps.filter((g) => g.service === 'cloudformation')).toEqual([]);
    expect(sandbox.snapshot.coverageGaps).toContainEqual(expect.objectContaining({ service: 'cloudformation', error: expect.stringContaining('environment "sandbox" has no design targets') }));
  });

  it('--parameter Environment=prod is one run; --env keeps only that run', async () => {
    const file = writeTemplate();
    expect((await templateSnapshots({ file, parameters: { Environment: 'prod' }, region: 'us-west-2' })).map((r) => r.environment)).toEqual(['prod']);
    const report = await runTemplateAudit({ ...base, file, env: 'dev' });
    expect(report.sources.map((s) => s.env)).toEqual(['dev']);
  });

  it('leaves money that rests on stored data the template cannot know unpriced, and never prints a secret', async () => {
    const file = writeTemplate();
    // us-east-1: a region the price catalog holds, so the figure is unpriced for want of data, not of a price.
    const report = await runTemplateAudit({ ...base, region: 'us-east-1', file, parameters: { Environment: 'prod' } });
    const retention = report.findings.find((f) => f.rule === 'logs/retention' && f.resourceName === '/clinnet/app-prod');
    expect(retention?.monthlyDeltaUsd).toBeNull();
    expect(retention?.message).toContain('usage data needed');
    expect(JSON.stringify(report)).not.toContain('Hunter2-default-pw');
  });

  it('refuses a parameter the template does not declare, or a value outside AllowedValues (exit 2)', async () => {
    const file = writeTemplate();
    await expect(runTemplateAudit({ ...base, file, parameters: { Nope: 'x' } })).rejects.toThrow(/declares no such parameter/);
    await expect(runTemplateAudit({ ...base, file, parameters: { Environment: 'qa' } })).rejects.toThrow(/AllowedValues/);
    await expect(runTemplateAudit({ ...base, file: join(tmpdir(), 'no-such-template.yaml') })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('withoutTemplateMoney', () => {
  const finding = (quantity: number, template = true): Finding => ({
    rule: 'logs/retention',
    service: 'logs',
    resource: 'r',
    resourceName: 'r',
    region: 'us-west-2',
    env: 'prod',
    current: 3653,
    target: 365,
    monthlyDeltaUsd: -quantity * 0.03,
    costLines: [{ description: 'x', quantity, unit: 'GB-month', unitPriceUsd: 0.03, monthlyUsd: -quantity * 0.03 }],
    fixable: true,
    severity: 'low',
    message: 'm',
    ...(template ? { template: { file: 't.yaml', line: 3, logicalId: 'L' } } : {}),
  });
  it("replaces a live audit's advice to read metrics with what a template audit can do", () => {
    const tier = { ...finding(2), monthlyDeltaUsd: null, costLines: [], message: 'tier high-frequency (by name) not checked: no data (Invocations over the metrics window); collect with --metrics-days' };
    expect(withoutTemplateMoney(tier).message).toContain('a template has no metrics: give --snapshot FILE of the deployed account');
    expect(withoutTemplateMoney({ ...tier, template: undefined }).message).toContain('collect with --metrics-days');
  });
  it('unprices a template figure made of zero quantities only, and keeps measured ones and live ones', () => {
    expect(withoutTemplateMoney(finding(0))).toMatchObject({ monthlyDeltaUsd: null, costLines: [] });
    expect(withoutTemplateMoney(finding(2)).monthlyDeltaUsd).not.toBeNull();
    expect(withoutTemplateMoney(finding(0, false)).monthlyDeltaUsd).not.toBeNull();
  });
});

describe('--template with --snapshot: usage from the deployed resources', () => {
  it("prices a template function from the usage of the function its environment's stack built from the same logical ID", async () => {
    const file = writeTemplate();
    const [, prod] = await templateSnapshots({ file, parameters: {}, region: 'us-east-1' });
    const fn = prod.snapshot.lambdaFunctions[0];
    const deployed = {
      ...emptySnapshot({ account: '111122223333', regions: ['us-east-1'] }),
      lambdaFunctions: ['prod', 'dev'].map((env) => ({
        ...fn,
        template: undefined,
        name: `clinnet-${env}-GetPatientsFunction-1A2B3C`,
        arn: `arn:aws:lambda:us-east-1:111122223333:function:clinnet-${env}-GetPatientsFunction-1A2B3C`,
        stack: { name: `clinnet-${env}`, logicalId: 'GetPatientsFunction' },
        usage: { source: 'cloudwatch' as const, windowDays: 14, invocationsPerMonth: env === 'prod' ? 3_000_000 : 1_000_000, avgDurationMs: 120 },
      })),
      stacks: ['prod', 'dev'].map((env) => ({
        region: 'us-east-1',
        name: `clinnet-${env}`,
        id: `arn:aws:cloudformation:us-east-1:111122223333:stack/clinnet-${env}/1`,
        status: 'UPDATE_COMPLETE',
        parameters: [{ key: 'Environment', value: env, noEcho: false }],
        tags: {},
        capabilities: [],
        transforms: ['AWS::Serverless-2016-10-31'],
        resources: [],
      })),
    };
    const report = await runTemplateAudit({ ...base, region: 'us-east-1', file, usage: [deployed] });
    const arm = (env: string) => report.findings.find((f) => f.rule === 'lambda/arm64' && f.env === env);
    expect(arm('prod')?.monthlyDeltaUsd).toBeLessThan(0);
    expect(arm('prod')?.costLines[0].quantity).toBeCloseTo(-(3_000_000 * 0.12 * 0.25), 0);
    expect(arm('dev')?.monthlyDeltaUsd).toBeLessThan(0);
    expect(Math.abs(arm('dev')?.monthlyDeltaUsd ?? 0)).toBeLessThan(Math.abs(arm('prod')?.monthlyDeltaUsd ?? 0));
    // Configuration stays the template's: the template line and name are kept.
    expect(arm('prod')).toMatchObject({ resourceName: 'GetPatientsFunction', template: { logicalId: 'GetPatientsFunction', line: 20 } });
  });
});

