import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declaredPermissions } from '../../src/aws/permissions.js';
import { policyActions } from '../../src/fixers/iam-policy.js';
import { codeInspector } from '../../src/fixers/lambda/code-package.js';
import { buildPlan } from '../../src/changes/planner.js';
import { executeChanges } from '../../src/changes/executor.js';
import { JournalWriter, parseJournal } from '../../src/changes/journal.js';
import { operationFor, readerFor } from '../../src/changes/operations/index.js';
import { rollbackChanges } from '../../src/changes/rollback.js';
import type { Change } from '../../src/fixers/types.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXERS } from '../../src/fixers/registry.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { prodFindings } from './prod-findings.js';


/** The prod findings plus auto-pause (a non-prod rule: its fixer is exercised on the seeded cluster here). */
const everyFixer = () => [
  ...prodFindings(),
  finding('aurora/auto-pause', 'clinnet-aurora-prod', { minAcu: 2, maxAcu: 16, secondsUntilAutoPause: null }, { minAcu: 0, maxAcu: 16, secondsUntilAutoPause: 300 }, { monthlyDeltaUsd: -20 }),
];
import { factory, finding, noSleep, snapshotOf } from './support.js';

/**
 * The IAM action an SDK request needs. Most are service:Operation; S3 and API Gateway name theirs
 * differently (S3 User Guide "Actions for Amazon S3"; API Gateway authorizes by HTTP verb).
 */
const IAM_ACTION: Record<string, string> = {
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:DeleteBucketLifecycle': 's3:PutLifecycleConfiguration',
  's3:PutBucketIntelligentTieringConfiguration': 's3:PutIntelligentTieringConfiguration',
  's3:GetBucketIntelligentTieringConfiguration': 's3:GetIntelligentTieringConfiguration',
  's3:DeleteBucketIntelligentTieringConfiguration': 's3:PutIntelligentTieringConfiguration',
  'apigateway:GetStage': 'apigateway:GET',
  'apigateway:UpdateStage': 'apigateway:PATCH',
  // The presigned code URL GetFunction returns is downloaded without further permission.
  'http:GET': 'lambda:GetFunction',
};
const iamAction = (service: string, operation: string): string => IAM_ACTION[`${service}:${operation}`] ?? `${service}:${operation}`;

let fake: FakeAccountHandle;
beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
});
afterEach(() => fake.restore());

describe('fixer registry', () => {
  it('has one fixer per fixable rule, each declaring IAM actions that cover its requests', async () => {
    const rules = Object.keys(FIXERS);
    expect(rules.length).toBe(18);
    for (const [rule, fixer] of Object.entries(FIXERS)) {
      expect(fixer.rule).toBe(rule);
      expect(fixer.permissions.length).toBeGreaterThan(0);
      expect(declaredPermissions().some((d) => d.source === `fixer:${rule}` && d.scope === 'fix')).toBe(true);
    }
    const plan = await buildPlan(everyFixer(), snapshotOf(fake.state), { allowDrift: false, env: 'prod', ctx: { now: new Date(), inspectLambdaCode: codeInspector(factory()) } });
    expect(new Set(plan.changes.map((c) => c.rule))).toEqual(new Set(rules));
    for (const change of plan.changes) {
      // Every request and every undo has an applier, and every attribute a drift reader.
      expect(operationFor(change.operation)?.apply, change.operation).toBeTypeOf('function');
      expect(operationFor(change.undo.operation)?.apply, change.undo.operation).toBeTypeOf('function');
      expect(readerFor(change)?.read, `${change.service}:${change.attribute}`).toBeTypeOf('function');
      const declared = FIXERS[change.rule as keyof typeof FIXERS].permissions;
      const [service, operation] = change.operation.split(':');
      if (service === 'apigateway') expect(declared).toContain('apigateway:PATCH');
      else if (service === 's3') expect(declared.some((a) => a.startsWith('s3:Put'))).toBe(true);
      else expect(declared).toContain(`${service}:${operation}`);
    }
  });

  it('builds the policies from the declarations: every collector action in both, every fixer action in fix only', async () => {
    await import('../../src/inventory/collect.js'); // declares every collector's actions, as iam-policy does
    const fix = policyActions('fix');
    const audit = policyActions('audit');
    expect(fix).toEqual([...new Set(fix)].sort());
    const collectors = declaredPermissions().filter((d) => d.source.startsWith('collector:'));
    const sources = new Set(collectors.map((d) => d.source));
    for (const service of ['apigateway', 'cloudfront', 'dynamodb', 'ec2', 'lambda', 'logs', 'rds', 's3', 'sts']) expect(sources).toContain(`collector:${service}`);
    for (const action of collectors.flatMap((d) => d.actions)) {
      expect(audit).toContain(action);
      expect(fix).toContain(action); // fix re-collects and re-audits what it changed
    }
    for (const fixer of Object.values(FIXERS)) for (const action of fixer.permissions) expect(fix).toContain(action);
    expect(audit.filter((a) => /:(Update|Put|Create|Delete|Modify)|apigateway:PATCH/.test(a))).toEqual([]);
  });

  it('every request a fixer\'s changes send (drift read, apply, read-back, waits, undo) is an action the fixer declares', async () => {
    const owner: { rule: string | null } = { rule: 'lambda/arm64' }; // planning inspects arm64 code packages
    const seen = new Map<string, Set<string>>();
    let counted = 0;
    const attribute = () => {
      for (const call of fake.calls.slice(counted)) {
        if (call.service === 'sts' || !owner.rule) continue;
        const actions = seen.get(owner.rule) ?? new Set<string>();
        actions.add(iamAction(call.service, call.operation));
        seen.set(owner.rule, actions);
      }
      counted = fake.calls.length;
    };
    // Every change sent, increases included (as with --include-increases), so every request is seen.
    const plan = await buildPlan(everyFixer(), snapshotOf(fake.state), { allowDrift: false, env: 'prod', includeIncreases: true, ctx: { now: new Date(), inspectLambdaCode: codeInspector(factory()) } });
    attribute();
    const dir = mkdtempSync(join(tmpdir(), 'clinnet-perm-'));
    const execute = async (changes: Change[], name: string, mode: 'apply' | 'rollback') => {
      const writer = new JournalWriter(join(dir, name));
      try {
        return await executeChanges(changes, {
          factory: factory(),
          journal: writer,
          header: { mode, account: null, env: 'prod', planId: 'perm' },
          continueOnError: false,
          sleep: noSleep,
          pollMs: 0,
          onEvent: (event) => {
            attribute();
            owner.rule = event.type === 'change-start' ? event.change.rule : null;
          },
        });
      } finally {
        writer.close();
      }
    };
    const applied = await execute(plan.changes, 'apply.json', 'apply');
    expect(applied.results.filter((r) => r.outcome !== 'applied').map((r) => [r.change.rule, r.outcome, r.error ?? r.detail])).toEqual([]);
    expect(applied.counts.applied).toBe(plan.changes.length);
    const rolledBack = await execute(rollbackChanges(parseJournal(readFileSync(join(dir, 'apply.json'), 'utf8'), 'apply.json')), 'rollback.json', 'rollback');
    expect(rolledBack.counts.applied).toBe(plan.changes.length);
    expect([...seen.keys()].sort()).toEqual(Object.keys(FIXERS).sort());
    for (const [rule, actions] of seen) {
      const declared: readonly string[] = FIXERS[rule as keyof typeof FIXERS].permissions;
      expect([...actions].filter((a) => !declared.includes(a)), rule).toEqual([]);
    }
  });
});
