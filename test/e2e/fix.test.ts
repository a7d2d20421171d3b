/**
 * `fix` and `rollback` from the built binary against the emulated account, checked by reading the
 * account back through the API. Where the emulator cannot judge a change, docs/e2e.md names it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { NO_CONCURRENCY_DATA } from '../../src/rules/lambda/reserved-concurrency.js';
import { NO_DURATION_DATA } from '../../src/rules/lambda/timeout.js';
import { CFN_STACK, FOREIGN_RULE, SECRET_VALUE, seedAccount, type SeededAccount } from './seed.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { outcomeList, readJournal, type Journal } from './support/journal.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';
import { changedKeys, readAccount, type AccountState } from './support/read-account.js';

/** AWS's managed CachingOptimized cache policy. */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

let moto: Moto;
let f: ClientFactory;
let dir: string;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('fix'));
});
afterAll(async () => moto?.stop());

async function freshAccount(): Promise<SeededAccount> {
  await moto.reset();
  return seedAccount(f, moto.endpoint);
}

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
  expect(run.stdout + run.stderr).not.toContain(SECRET_VALUE);
}

describe('fix without --apply', () => {
  it('plans changes for both environments and changes nothing in the account', async () => {
    const seeded = await freshAccount();
    const before = await readAccount(f, seeded);
    const planFile = join(dir, 'dry-plan.json');
    const prod = await cli(['fix', '--env', 'prod', '--plan-out', planFile]);
    expectClean(prod, 0);
    const dev = await cli(['fix', '--env', 'dev', '--format', 'json']);
    expectClean(dev, 0);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { changes: { rule: string }[] };
    expect(plan.changes.length).toBeGreaterThan(20);
    expect(readFileSync(planFile, 'utf8')).not.toContain(SECRET_VALUE);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });
});

describe('fix --apply --env prod, a second apply, then rollback', () => {
  let seeded: SeededAccount;
  let before: AccountState;
  let afterApply: AccountState;
  const journal1 = () => join(dir, 'apply-1.jsonl');

  beforeAll(async () => {
    seeded = await freshAccount();
    before = await readAccount(f, seeded);
  });

  it('sets every prod attribute to its target, keeps the foreign rule, leaves dev and the CloudFormation function alone', async () => {
    // Every target, increases included (held without --include-increases: fix-consent.test.ts).
    const run = await cli(['fix', '--env', 'prod', '--include-increases', '--apply', '--yes', '--continue-on-error', '--journal', journal1()]);
    // Exit 4: the emulator accepts Lambda LoggingConfig without storing it (docs/e2e.md): the read-back cannot confirm those changes, so their outcome is unknown.
    expectClean(run, 4);
    expect(run.stderr).toContain(journal1());
    const journal: Journal = readJournal(journal1());
    expect(journal.text).not.toContain(SECRET_VALUE);

    const prodFns = seeded.prod.functions.filter((n) => n !== seeded.cfnFunction);
    expect(outcomeList(journal, 'unknown')).toEqual(prodFns.map((n) => `lambda/log-level ${n}`).sort());
    for (const o of journal.outcomes.filter((x) => x.outcome === 'unknown')) expect(o.error).toMatch(/was accepted, but LoggingConfig reads .*\(unchanged\)/);
    expect(outcomeList(journal, 'failed')).toEqual([]);
    expect(outcomeList(journal, 'not-attempted')).toEqual([]);
    expect(outcomeList(journal, 'skipped-drift')).toEqual([]);

    // Refused, each with the reason a user reads in the plan. Lowering a timeout or the Aurora maximum needs
    // percentiles / maxima the emulator cannot compute (docs/e2e.md), so those stay advisory here.
    const refused = Object.fromEntries(journal.outcomes.filter((o) => o.outcome === 'refused').map((o) => [`${o.change.rule} ${o.change.resourceName}`, o.detail]));
    const stack = expect.stringContaining(`managed by CloudFormation stack ${CFN_STACK}`);
    const noCode = expect.stringContaining('the code package could not be inspected');
    expect(refused).toEqual({
      'aurora/acu-range clinnet-aurora-prod': expect.stringContaining('ServerlessDatabaseCapacity maximum is needed'),
      'lambda/arm64 clinnet-billing-prod': noCode,
      'lambda/arm64 clinnet-patients-prod': noCode,
      [`lambda/arm64 ${seeded.layerFunction}`]: expect.stringMatching(/^layer does not list arm64: .*clinnet-sharp/),
      'lambda/log-level clinnet-billing-prod': stack,
      'lambda/memory clinnet-billing-prod': stack,
      'lambda/reserved-concurrency clinnet-billing-prod': stack,
      // No ConcurrentExecutions for it (it is the function with no metrics): a new cap would be blind.
      [`lambda/reserved-concurrency ${seeded.secretFunction}`]: expect.stringContaining(NO_CONCURRENCY_DATA),
      'lambda/timeout clinnet-billing-prod': expect.stringContaining(NO_DURATION_DATA),
      'lambda/timeout clinnet-patients-prod': expect.stringContaining(NO_DURATION_DATA),
      'lambda/provisioned-concurrency clinnet-patients-prod': expect.stringContaining('no alias'),
    });
    // Every change to the CloudFormation-managed function names its stack, whatever refused it first.
    for (const o of journal.outcomes.filter((x) => x.change.resourceName === seeded.cfnFunction)) {
      expect(o.outcome, o.change.rule).toBe('refused');
      expect(o.change.managedBy, o.change.rule).toMatchObject({ stack: CFN_STACK, logicalId: 'BillingFunction' });
    }

    afterApply = await readAccount(f, seeded);
    const expected: AccountState = structuredClone(before);
    const patch = (key: string, values: Record<string, unknown>) => (expected[key] = { ...(expected[key] as object), ...values });
    // Raised to the tier (high-frequency 512 MB; data-intensive 1024 MB and 60 s); the high-frequency
    // timeout (30 s → 15 s) is a lowering without Duration data, so it stays.
    patch('lambda:clinnet-patients-prod', { memoryMb: 512, reservedConcurrency: 100 });
    patch('lambda:clinnet-medical-reports-prod', { memoryMb: 1024, timeoutS: 60 });
    for (const group of seeded.prod.logGroups) patch(`logs:${group}`, { retentionDays: 365 });
    patch(`aurora:${seeded.prod.cluster}`, { backupRetentionDays: 7 });
    patch('dynamodb:clinnet-medical_reports-prod', { billingMode: 'PAY_PER_REQUEST', rcu: (afterApply['dynamodb:clinnet-medical_reports-prod'] as { rcu: number }).rcu, wcu: (afterApply['dynamodb:clinnet-medical_reports-prod'] as { wcu: number }).wcu });
    const foreign = (before[`s3:${seeded.prod.buckets.documents}`] as { lifecycleRules: unknown[] }).lifecycleRules;
    expect(foreign).toEqual([expect.objectContaining(FOREIGN_RULE)]);
    const rule = (ID: string, transitions: [number, string][]) =>
      expect.objectContaining({ ID, Status: 'Enabled', Transitions: transitions.map(([Days, StorageClass]) => ({ Days, StorageClass })) });
    patch(`s3:${seeded.prod.buckets.documents}`, { lifecycleRules: [...foreign, rule('DocumentsLifecycle', [[30, 'STANDARD_IA'], [90, 'GLACIER'], [365, 'DEEP_ARCHIVE']])] });
    // The design's 7-day IA transition is below S3's 30-day minimum: the tool plans the nearest valid days.
    patch(`s3:${seeded.prod.buckets.images}`, { lifecycleRules: [rule('ImagesLifecycle', [[30, 'STANDARD_IA'], [60, 'GLACIER']])] });
    patch(`s3:${seeded.prod.buckets.frontend}`, { lifecycleRules: [rule('IntelligentTiering', [[0, 'INTELLIGENT_TIERING']])] });
    const natTables = [...seeded.prod.natRouteTables].sort();
    expected[`vpc:${seeded.prod.vpc}`] = [
      { id: expect.stringMatching(/^vpce-/), service: 'com.amazonaws.us-east-1.dynamodb', type: 'Gateway', routeTableIds: natTables },
      { id: seeded.existingS3Endpoint, service: 'com.amazonaws.us-east-1.s3', type: 'Gateway', routeTableIds: natTables },
    ];
    // ForwardedValues and TTLs: the emulator returns them whatever was sent (docs/e2e.md), so they are not judged here.
    const cf = afterApply[`cloudfront:${seeded.prod.distribution}`] as Record<string, unknown>;
    patch(`cloudfront:${seeded.prod.distribution}`, { priceClass: 'PriceClass_All', compress: true, cachePolicyId: CACHING_OPTIMIZED, forwardedValues: cf.forwardedValues, ttls: cf.ttls });
    patch(`apigateway:${seeded.restApi.id}/${seeded.restApi.stage}`, { cacheClusterEnabled: true, cacheClusterSize: '0.5' });

    expect(afterApply).toEqual(expected);
    // Nothing of dev, and nothing of the CloudFormation-managed function, changed.
    expect(changedKeys(before, afterApply).filter((k) => k.includes('-dev') || k === `lambda:${seeded.cfnFunction}` || k.includes(seeded.dev.vpc) || k.includes(seeded.dev.distribution))).toEqual([]);
  });

  it('a second apply changes nothing', async () => {
    expect(afterApply, 'the first apply must have run').toBeDefined();
    const journal2 = join(dir, 'apply-2.jsonl');
    const run = await cli(['fix', '--env', 'prod', '--include-increases', '--apply', '--yes', '--continue-on-error', '--journal', journal2]);
    // Only the changes the emulator cannot hold (LoggingConfig) are planned again, and end unknown again.
    expectClean(run, 4);
    const journal = readJournal(journal2);
    expect(outcomeList(journal, 'applied')).toEqual([]);
    expect(journal.outcomes.filter((o) => o.outcome !== 'refused').every((o) => o.change.rule === 'lambda/log-level' && o.outcome === 'unknown')).toBe(true);
    expect(changedKeys(afterApply, await readAccount(f, seeded))).toEqual([]);
  });

  it('rollback restores every attribute exactly', async () => {
    expect(afterApply, 'the first apply must have run').toBeDefined();
    const run = await cli(['rollback', journal1(), '--yes', '--journal', join(dir, 'rollback.jsonl')]);
    expectClean(run, 0);
    const journal = readJournal(join(dir, 'rollback.jsonl'));
    expect(outcomeList(journal, 'failed')).toEqual([]);
    expect(journal.text).not.toContain(SECRET_VALUE);
    const restored = await readAccount(f, seeded);
    expect(changedKeys(before, restored)).toEqual([]);
    expect(restored).toEqual(before);
  });
});
