import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeInspector } from '../../src/fixers/lambda/code-package.js';
import { planTotal } from '../../src/changes/plan.js';
import { parsePlan, serializePlan } from '../../src/changes/plan-file.js';
import { buildPlan, type PlanOptions } from '../../src/changes/planner.js';
import type { Finding } from '../../src/rules/types.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { DOCUMENTS_RULE, prodFindings } from './prod-findings.js';
import { factory, finding, snapshotOf } from './support.js';

let fake: FakeAccountHandle;
beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
});
afterEach(() => fake.restore());

const NOW = new Date('2025-06-01T12:00:00Z');

async function plan(findings: Finding[], options: Partial<PlanOptions> = {}) {
  return buildPlan(findings, snapshotOf(fake.state), {
    allowDrift: false,
    env: 'prod',
    ctx: { now: NOW, inspectLambdaCode: codeInspector(factory()) },
    ...options,
  });
}

const arm64 = (name: string) => finding('lambda/arm64', name, ['x86_64'], ['arm64']);

describe('planner', () => {
  it('refuses arm64 for native x86-64 code, x86-only layers and container images, with the reason', async () => {
    const { changes } = await plan([arm64('clinnet-reports-prod'), arm64('clinnet-ocr-prod'), arm64('clinnet-billing-prod'), arm64('clinnet-health-prod')]);
    expect(changes.map((c) => [c.resourceName, c.refused ?? 'ok'])).toEqual([
      ['clinnet-reports-prod', expect.stringContaining('native x86-64 binaries: node_modules/sharp/build/Release/sharp-linux-x64.node')],
      ['clinnet-ocr-prod', expect.stringContaining('layer does not list arm64: arn:aws:lambda:us-east-1:123456789012:layer:legacy-pdf:2')],
      ['clinnet-billing-prod', expect.stringContaining('container image')],
      ['clinnet-health-prod', 'ok'],
    ]);
    expect(changes[3]).toMatchObject({ operation: 'lambda:UpdateFunctionCode', input: { FunctionName: 'clinnet-health-prod', Architectures: ['arm64'] } });
  });

  it("shows a fixable rule's advisory findings as refused changes, with the fixer's reason or the finding's", async () => {
    const advisory = { fixable: false, message: 'audit says: publish an alias first' };
    const { changes } = await plan([
      finding('lambda/arm64', 'clinnet-ocr-prod', ['x86_64'], ['arm64'], advisory),
      finding('lambda/provisioned-concurrency', 'clinnet-patients-prod', null, { qualifier: 'live', count: 10 }, advisory),
    ]);
    expect(changes.map((c) => [c.rule, c.refused])).toEqual([
      ['lambda/arm64', expect.stringContaining('layer does not list arm64: arn:aws:lambda:us-east-1:123456789012:layer:legacy-pdf:2')],
      ['lambda/provisioned-concurrency', 'not fixed automatically: audit says: publish an alias first'],
    ]);
    expect(planTotal({ changes })).toEqual({ monthlyDeltaUsd: 0, unpriced: 0 });
  });

  it('refuses arm64 when planning offline (the package cannot be inspected)', async () => {
    const { changes } = await plan([arm64('clinnet-health-prod')], { ctx: { now: NOW } });
    expect(changes[0].refused).toMatch(/not inspected/);
  });

  it('leaves CloudFormation-managed resources alone and names the stack and template property; --allow-drift overrides', async () => {
    const f = finding('lambda/memory', 'clinnet-admin-prod', 1024, 128);
    const safe = await plan([f]);
    expect(safe.changes[0].refused).toBe(
      'managed by CloudFormation stack clinnet-admin-prod: change AWS::Lambda::Function.MemorySize of AdminFunction in the template and deploy it (or pass --allow-drift)',
    );
    const forced = await plan([f], { allowDrift: true });
    expect(forced.changes[0].refused).toBeUndefined();
    expect(forced.changes[0].managedBy).toEqual({ stack: 'clinnet-admin-prod', logicalId: 'AdminFunction', templateProperty: 'AWS::Lambda::Function.MemorySize' });
  });

  it('puts provisioned concurrency on an alias, and refuses when the function has no such alias or targets $LATEST', async () => {
    const { changes } = await plan([
      finding('lambda/provisioned-concurrency', 'clinnet-patients-prod', null, { qualifier: 'live', count: 10 }),
      finding('lambda/provisioned-concurrency', 'clinnet-reports-prod', null, { qualifier: 'live', count: 5 }),
      finding('lambda/provisioned-concurrency', 'clinnet-ocr-prod', null, { qualifier: '$LATEST', count: 5 }),
    ]);
    expect(changes[0]).toMatchObject({ operation: 'lambda:PutProvisionedConcurrencyConfig', input: { Qualifier: 'live', ProvisionedConcurrentExecutions: 10 }, undo: { operation: 'lambda:DeleteProvisionedConcurrencyConfig' } });
    expect(changes[0].refused).toBeUndefined();
    expect(changes[1].refused).toMatch(/no alias "live"/);
    expect(changes[2].refused).toMatch(/not \$LATEST/);
  });

  it('never sets an Aurora ceiling below the observed peak', async () => {
    const snapshot = snapshotOf(fake.state);
    snapshot.auroraClusters[0].usage = { source: 'cloudwatch', avgAcu: 3, peakAcu: 11.2 };
    const result = await buildPlan([finding('aurora/acu-range', 'clinnet-aurora-prod', { minAcu: 2, maxAcu: 16 }, { minAcu: 0.5, maxAcu: 8 })], snapshot, {
      allowDrift: false,
      env: 'prod',
      ctx: { now: NOW },
    });
    expect(result.changes[0].refused).toMatch(/8 ACU is below the cluster's observed peak of 11.2 ACU.*at least 11.5/);
  });

  it('keeps lifecycle rules someone else wrote and folds two lifecycle changes on one bucket into one configuration', async () => {
    const current = fake.state.buckets[0].lifecycle as never;
    const { changes } = await plan([
      finding('s3/lifecycle', 'clinnet-documents-prod', current, [DOCUMENTS_RULE]),
      finding(
        's3/intelligent-tiering',
        'clinnet-documents-prod',
        { lifecycleRules: current, intelligentTiering: [] },
        { lifecycleRules: [...(current as []), { ID: 'IntelligentTiering', Status: 'Enabled', Filter: { Prefix: 'web/' }, Transitions: [{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }] }], intelligentTiering: [] },
        { monthlyDeltaUsd: -5 },
      ),
    ]);
    expect(changes).toHaveLength(1);
    const rules = (changes[0].input.LifecycleConfiguration as { Rules: { ID: string }[] }).Rules.map((r) => r.ID).sort();
    expect(rules).toEqual(['DocumentsLifecycle', 'IntelligentTiering', 'expire-tmp-uploads']);
    expect(changes[0].monthlyDeltaUsd).toBe(-15);
    expect(changes[0].undo).toEqual({ operation: 's3:PutBucketLifecycleConfiguration', input: { Bucket: 'clinnet-documents-prod', LifecycleConfiguration: { Rules: current } } });
  });

  it('refuses a lifecycle configuration S3 would reject, before sending it', async () => {
    const { changes } = await plan([
      finding('s3/lifecycle', 'clinnet-images-prod', null, [{ ID: 'ImagesLifecycle', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 7, StorageClass: 'STANDARD_IA' }] }]),
    ]);
    expect(changes[0].refused).toMatch(/S3 would reject/);
    expect(changes[0].undo).toEqual({ operation: 's3:DeleteBucketLifecycle', input: { Bucket: 'clinnet-images-prod' } });
  });

  it('narrows with --only and --resource, totals the signed deltas, and round-trips through the plan file', async () => {
    const all = await plan(prodFindings());
    const lambdaOnly = await plan(prodFindings(), { only: ['lambda'] });
    expect(new Set(lambdaOnly.changes.map((c) => c.service))).toEqual(new Set(['lambda']));
    const memory = await plan(prodFindings(), { only: ['lambda/memory', 'logs/retention'], resourcePatterns: ['*patients*'] });
    expect(memory.changes.map((c) => c.rule)).toEqual(['lambda/memory', 'logs/retention']);
    expect(planTotal(memory)).toEqual({ monthlyDeltaUsd: -57.5, unpriced: 0 });
    // Unpriced changes that raise a billed quantity, or may, are held: consent does not wait for a price.
    expect(planTotal(all).unpriced).toBe(0);
    expect(all.changes.filter((c) => c.held && c.monthlyDeltaUsd === null).map((c) => [c.rule, c.held])).toEqual([
      ['s3/intelligent-tiering', expect.stringMatching(/^held: may raise the bill: .*monitoring fee per object.*not priced: usage data needed/)],
      ['cloudfront/cache-policy', expect.stringMatching(/^held: raises the bill: requests for \/api\/\* reach the origin/)],
    ]);
    expect(parsePlan(serializePlan(all), 'plan.json')).toEqual(all);
  });

  it('rejects a corrupt or foreign plan file with a usage error', () => {
    expect(() => parsePlan('{"kind":"something-else"}', 'x.json')).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/not a clinnet-opt plan/) }));
    expect(() => parsePlan('{"kind":"clinnet-opt/plan","schemaVersion":1,', 'x.json')).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => parsePlan('{"kind":"clinnet-opt/plan","schemaVersion":2,"changes":[{}]}', 'x.json')).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/invalid plan/) }));
    expect(() => parsePlan('{"kind":"clinnet-opt/plan","schemaVersion":1}', 'x.json')).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/schemaVersion 1 is not supported/) }));
  });
});
