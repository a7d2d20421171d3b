import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declaredPermissions } from '../../src/aws/permissions.js';
import { APPLIERS } from '../../src/fixers/appliers/index.js';
import { policyActions } from '../../src/fixers/iam-policy.js';
import { codeInspector } from '../../src/fixers/lambda/code-package.js';
import { buildPlan } from '../../src/fixers/planner.js';
import { readerFor } from '../../src/fixers/readers/index.js';
import { FIXERS } from '../../src/fixers/registry.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { prodFindings } from './prod-findings.js';
import { factory, snapshotOf } from './support.js';

let fake: FakeAccountHandle;
beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
});
afterEach(() => fake.restore());

describe('fixer registry', () => {
  it('has one fixer per fixable rule, each declaring IAM actions that cover its requests', async () => {
    const rules = Object.keys(FIXERS);
    expect(rules.length).toBe(17);
    for (const [rule, fixer] of Object.entries(FIXERS)) {
      expect(fixer.rule).toBe(rule);
      expect(fixer.permissions.length).toBeGreaterThan(0);
      expect(declaredPermissions().some((d) => d.source === `fixer:${rule}` && d.scope === 'fix')).toBe(true);
    }
    const plan = await buildPlan(prodFindings(), snapshotOf(fake.state), { allowDrift: false, env: 'prod', ctx: { now: new Date(), inspectLambdaCode: codeInspector(factory()) } });
    expect(new Set(plan.changes.map((c) => c.rule))).toEqual(new Set(rules));
    for (const change of plan.changes) {
      // Every request and every undo has an applier, and every attribute a drift reader.
      expect(APPLIERS[change.operation], change.operation).toBeTypeOf('function');
      expect(APPLIERS[change.undo.operation], change.undo.operation).toBeTypeOf('function');
      expect(readerFor(change), `${change.service}:${change.attribute}`).toBeTypeOf('function');
      const declared = FIXERS[change.rule as keyof typeof FIXERS].permissions;
      const [service, operation] = change.operation.split(':');
      if (service === 'apigateway') expect(declared).toContain('apigateway:PATCH');
      else if (service === 's3') expect(declared.some((a) => a.startsWith('s3:Put'))).toBe(true);
      else expect(declared).toContain(`${service}:${operation}`);
    }
  });

  it('builds the fix policy from the declarations: sorted, unique, every fixer action present', () => {
    const actions = policyActions('fix');
    expect(actions).toEqual([...new Set(actions)].sort());
    for (const fixer of Object.values(FIXERS)) for (const action of fixer.permissions) expect(actions).toContain(action);
  });
});
