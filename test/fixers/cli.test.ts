import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inventory/collect.js';
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { runRules } from '../../src/rules/engine.js';
import { DEFAULT_RULE_SETTINGS } from '../../src/rules/types.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { parseJournal } from '../../src/changes/journal.js';
import { parsePlan } from '../../src/changes/plan-file.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { runCli } from './cli-harness.js';
import { factory } from './support.js';

let fake: FakeAccountHandle;
let dir: string;
const BASE = ['--env', 'prod', '--region', 'us-east-1'];

beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
  dir = mkdtempSync(join(tmpdir(), 'clinnet-fix-cli-'));
});
afterEach(() => fake.restore());

async function snapshot(): Promise<AccountSnapshot> {
  return collectSnapshot(factory(), { regions: ['us-east-1'], env: 'prod', concurrency: 2 });
}

async function fixableFindings() {
  const findings = runRules({ snapshot: await snapshot(), targets: DESIGN_TARGETS, settings: DEFAULT_RULE_SETTINGS, onlyEnv: 'prod' });
  return findings.filter((f) => f.fixable);
}

/**
 * A snapshot without what changes on every read or write: collection time, modification times, and
 * the time of the last switch to on-demand (history AWS keeps, not configuration a rollback restores).
 */
function stable(s: AccountSnapshot): unknown {
  const copy = structuredClone(s) as AccountSnapshot;
  copy.collectedAt = '';
  for (const f of copy.lambdaFunctions) delete f.lastModified;
  for (const t of copy.dynamoTables) delete t.lastSwitchToPayPerRequest;
  // Rollback turns method caching off on the keys the fix set; a key it created stays, caching nothing
  // (see comparableState): it reads as an absent key.
  for (const api of copy.restApis) {
    for (const stage of api.stages) {
      for (const [key, m] of Object.entries(stage.methodCaching ?? {})) if (!m.cachingEnabled && m.cacheTtlSeconds === 300) delete stage.methodCaching?.[key];
      if (stage.methodCaching?.['*/*'] === undefined) {
        delete stage.cachingEnabled;
        delete stage.cacheTtlSeconds;
      }
    }
  }
  return copy;
}

describe('clinnet-opt fix, end to end against the fake account', () => {
  it('prints the plan and changes nothing without --apply', async () => {
    const run = await runCli(['fix', ...BASE]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Plan [0-9a-f]+ for prod \(account 123456789012\)/);
    expect(run.stdout).toMatch(/Total: [-+±]\$\d+\.\d\d\/mo/);
    expect(run.stdout).toMatch(/lambda\/memory {2}clinnet-patients-prod/);
    expect(fake.mutations()).toEqual([]);
    expect(fake.unhandled).toEqual([]);
  });

  it('refuses to apply to prod with no terminal unless --yes is given', async () => {
    const run = await runCli(['fix', ...BASE, '--apply']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/add --yes/);
    expect(fake.mutations()).toEqual([]);
  });

  it('asks on a terminal and applies only when confirmed', async () => {
    const declined = await runCli(['fix', ...BASE, '--apply', '--journal', join(dir, 'j0.json')], { isTTY: () => true, confirm: async () => false });
    expect(declined.exitCode).toBe(2);
    expect(fake.mutations()).toEqual([]);
    const questions: string[] = [];
    const accepted = await runCli(['fix', ...BASE, '--only', 'logs/retention', '--apply', '--journal', join(dir, 'j1.json')], {
      isTTY: () => true,
      confirm: async (q) => {
        questions.push(q);
        return true;
      },
    });
    expect(accepted.exitCode).toBe(0);
    expect(questions[0]).toMatch(/^Apply \d+ change\(s\) to prod \(account 123456789012\)\?$/);
    expect(fake.mutations().map((c) => c.operation)).toEqual(expect.arrayContaining(['PutRetentionPolicy']));
  });

  it('the re-audit compares like with like: after lists only the rules the plan covered', async () => {
    const run = await runCli(['fix', ...BASE, '--apply', '--yes', '--format', 'json', '--journal', join(dir, 'j.json')]);
    expect(run.exitCode).toBe(0);
    const output = JSON.parse(run.stdout) as {
      plan: { findings: Array<{ rule: string }> };
      verification: { before: Array<{ rule: string }>; after: Array<{ rule: string }>; otherRules: number };
    };
    const planRules = new Set(output.plan.findings.map((f) => f.rule));
    expect(output.verification.before.length).toBeGreaterThan(0);
    expect(output.verification.after.filter((f) => !planRules.has(f.rule))).toEqual([]);
    expect(output.verification.otherRules).toEqual(expect.any(Number));
  });

  it('fix → audit has no fixable finding left but the refused ones; a second fix plans nothing; CloudFormation resources untouched', async () => {
    const journal = join(dir, 'apply.json');
    const planFile = join(dir, 'plan.json');
    const first = await runCli(['fix', ...BASE, '--include-increases', '--plan-out', planFile, '--apply', '--yes', '--journal', journal]);
    expect(first.stderr).not.toMatch(/unexpected/);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/Re-audit of the changed resources:\n {2}before: \d+ finding\(s\)/);
    const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);
    const refused = new Set(plan.changes.filter((c) => c.refused).map((c) => `${c.rule}|${c.resource}`));
    expect(plan.changes.length).toBeGreaterThan(refused.size);
    const left = (await fixableFindings()).map((f) => `${f.rule}|${f.resource}`);
    expect(left.filter((k) => !refused.has(k))).toEqual([]);

    const admin = fake.state.functions.find((f) => f.name === 'clinnet-admin-prod')!;
    expect(admin).toMatchObject({ memory: 1024, timeout: 10, architectures: ['x86_64'] });
    expect(plan.changes.filter((c) => c.resourceName === 'clinnet-admin-prod').every((c) => c.refused?.includes('CloudFormation stack clinnet-admin-prod'))).toBe(true);

    const mutationsAfterFirst = fake.mutations().length;
    const second = await runCli(['fix', ...BASE, '--apply', '--yes', '--format', 'json', '--journal', join(dir, 'second.json')]);
    expect(second.exitCode).toBe(0);
    const output = JSON.parse(second.stdout) as { plan: { changes: { refused?: string }[] }; apply: unknown };
    expect(output.plan.changes.filter((c) => !c.refused)).toEqual([]);
    expect(output.apply).toBeNull();
    expect(fake.mutations().length).toBe(mutationsAfterFirst);
  });

  it('fix → rollback → the snapshot equals the original', async () => {
    const original = stable(await snapshot());
    const journal = join(dir, 'apply.json');
    expect((await runCli(['fix', ...BASE, '--apply', '--yes', '--journal', journal])).exitCode).toBe(0);
    expect(stable(await snapshot())).not.toEqual(original);
    const back = await runCli(['rollback', journal, '--yes', '--journal', join(dir, 'rollback.json')]);
    expect(back.stderr).not.toMatch(/unexpected/);
    expect(back.exitCode).toBe(0);
    expect(parseJournal(readFileSync(join(dir, 'rollback.json'), 'utf8'), 'r').header).toMatchObject({ mode: 'rollback', rollbackOf: journal });
    expect(stable(await snapshot())).toEqual(original);
  });

  it('applies exactly a saved plan, skipping a resource that drifted in between (exit 1)', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await runCli(['fix', ...BASE, '--only', 'lambda/memory,logs/retention', '--plan-out', planFile])).exitCode).toBe(0);
    const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);
    const memory = plan.changes.find((c) => c.rule === 'lambda/memory' && !c.refused)!;
    const fn = fake.state.functions.find((f) => memory.resource.endsWith(`:${f.name}`) || f.name === memory.resourceName)!;
    fn.memory = 3008; // changed by someone else after the plan
    const run = await runCli(['fix', '--apply', planFile, '--yes', '--journal', join(dir, 'j.json')]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/skipped-drift .*lambda\/memory/);
    expect(fn.memory).toBe(3008);
    expect(fake.mutations().some((c) => c.operation === 'PutRetentionPolicy')).toBe(true);
  });

  it('stops at a write whose outcome is unknown, exits 4 and names the journal, which records what changed', async () => {
    // A dropped connection on the write: AWS may or may not have made it.
    fake.state.beforeRequest = (service, operation) => {
      if (service === 'rds' && operation === 'ModifyDBCluster') throw new Error('simulated outage');
    };
    const journal = join(dir, 'fail.json');
    const run = await runCli(['fix', ...BASE, '--apply', '--yes', '--journal', journal]);
    expect(run.exitCode).toBe(4);
    expect(run.stderr).toContain(journal);
    const read = parseJournal(readFileSync(journal, 'utf8'), journal);
    const outcomes = read.records.map((r) => r.outcome);
    const failedAt = outcomes.indexOf('unknown');
    expect(failedAt).toBeGreaterThanOrEqual(0);
    expect(outcomes.slice(failedAt + 1).every((o) => o === 'not-attempted' || o === 'refused')).toBe(true);
    // Progress lines name only what was attempted: none after the change that stopped the run.
    const steps = [...run.stderr.matchAll(/^\[(\d+)\/\d+\]/gm)].map((m) => Number(m[1]));
    expect(steps.length).toBeGreaterThan(0);
    expect(Math.max(...steps)).toBe(failedAt + 1);
    expect(read.finished).toBe(true);
    expect(fake.state.clusters[0].maxAcu).toBe(16);
  });

  it('narrows the plan with --only and --resource', async () => {
    const run = await runCli(['fix', ...BASE, '--only', 'lambda/memory,logs', '--resource', '*patients*', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: { rule: string; resourceName: string }[] };
    expect(plan.changes.map((c) => [c.rule, c.resourceName]).sort()).toEqual([
      ['lambda/memory', 'clinnet-patients-prod'],
      ['logs/retention', '/aws/lambda/clinnet-patients-prod'],
    ]);
    const unknown = await runCli(['fix', ...BASE, '--only', 'lambda/nothing']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/--only: "lambda\/nothing" is not a fixable rule; fixable rules: /);
  });

  it('changes a CloudFormation-managed resource only with --allow-drift', async () => {
    const admin = fake.state.functions.find((f) => f.name === 'clinnet-admin-prod')!;
    const args = ['fix', ...BASE, '--only', 'lambda/memory', '--resource', 'clinnet-admin-prod', '--apply', '--yes'];
    const kept = await runCli([...args, '--journal', join(dir, 'kept.json')]);
    expect(kept.exitCode).toBe(0);
    expect(kept.stdout).toMatch(/REFUSED lambda\/memory {2}clinnet-admin-prod[^\n]*\n(.*\n)+? {2}not applied: managed by CloudFormation stack clinnet-admin-prod: change AWS::Lambda::Function.MemorySize of AdminFunction/);
    expect(admin.memory).toBe(1024);
    const forced = await runCli([...args, '--allow-drift', '--journal', join(dir, 'forced.json')]);
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toMatch(/CloudFormation stack clinnet-admin-prod \(applied anyway: --allow-drift\); template: AWS::Lambda::Function.MemorySize/);
    expect(admin.memory).not.toBe(1024);
  });

  it('refuses to apply a plan made for another account', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await runCli(['fix', ...BASE, '--only', 'logs/retention', '--plan-out', planFile])).exitCode).toBe(0);
    fake.state.accountId = '999999999999'; // the credentials now point elsewhere
    const run = await runCli(['fix', '--apply', planFile, '--yes', '--journal', join(dir, 'j.json')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/made for account 123456789012, but these credentials are for account 999999999999/);
    expect(fake.mutations()).toEqual([]);
  });

  it('--code-bucket: a bad bucket name is a usage error; the bucket is recorded in the plan file, which --apply FILE takes alone', async () => {
    const bad = await runCli(['fix', ...BASE, '--code-bucket', 'Not_A_Bucket']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--code-bucket: "Not_A_Bucket" is not an S3 bucket name/);
    const planFile = join(dir, 'bucket-plan.json');
    const made = await runCli(['fix', ...BASE, '--only', 'lambda/memory', '--code-bucket', 'clinnet-deploy-prod', '--plan-out', planFile]);
    expect(made.exitCode).toBe(0);
    expect(parsePlan(readFileSync(planFile, 'utf8'), planFile).selection.codeBucket).toBe('clinnet-deploy-prod');
    const mixed = await runCli(['fix', '--apply', planFile, '--yes', '--code-bucket', 'other-bucket']);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toMatch(/--apply FILE applies exactly that plan: .*--code-bucket.* do not combine with it/);
  });

  it('rejects a corrupt plan file with exit 2', async () => {
    const planFile = join(dir, 'bad.json');
    writeFileSync(planFile, '{"kind":"clinnet-opt/plan","schemaVersion":1,"changes":');
    const run = await runCli(['fix', '--apply', planFile, '--yes']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/not a plan/);
  });

  it('iam-policy --for fix prints a policy covering the collectors and fixers', async () => {
    const run = await runCli(['iam-policy', '--for', 'fix']);
    expect(run.exitCode).toBe(0);
    const policy = JSON.parse(run.stdout) as { Version: string; Statement: { Effect: string; Action: string[]; Resource: string | string[] }[] };
    expect(policy.Version).toBe('2012-10-17');
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions).toHaveLength(new Set(actions).size);
    expect(actions).toEqual(expect.arrayContaining(['lambda:UpdateFunctionConfiguration', 'lambda:UpdateFunctionCode', 'ec2:CreateVpcEndpoint', 'cloudfront:UpdateDistribution', 'lambda:ListFunctions']));
    const audit = JSON.parse((await runCli(['iam-policy', '--for', 'audit'])).stdout) as typeof policy;
    expect(audit.Statement.flatMap((s) => s.Action)).not.toContain('lambda:UpdateFunctionConfiguration');
  });
});
