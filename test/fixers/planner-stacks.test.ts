/** fix refuses writes to stack-managed resources by the stack the collector read, and names the template line with --template. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/changes/planner.js';
import { renderPlan } from '../../src/report/plan.js';
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { templateLocator } from '../../src/templates/locate.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { finding, snapshotOf } from './support.js';

let fake: FakeAccountHandle;
beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
});
afterEach(() => fake.restore());

const NOW = new Date('2025-06-01T12:00:00Z');
const TEMPLATE = ['Transform: AWS::Serverless-2016-10-31', 'Resources:', '  PatientsFunction:', '    Type: AWS::Serverless::Function', '    Properties:', '      MemorySize: 1024', ''].join('\n');

/** clinnet-patients-prod carries no CloudFormation tags: only the stack read says a stack manages it. */
function managed(): AccountSnapshot {
  const snapshot = snapshotOf(fake.state);
  snapshot.lambdaFunctions = snapshot.lambdaFunctions.map((fn) => (fn.name === 'clinnet-patients-prod' ? { ...fn, stack: { name: 'clinnet-emr-backend-prod', logicalId: 'PatientsFunction', samResource: 'PatientsFunction' } } : fn));
  return snapshot;
}

describe('planner and stacks', () => {
  it('refuses a change to a resource the collected stack lists, though the resource has no CloudFormation tags', async () => {
    const f = finding('lambda/memory', 'clinnet-patients-prod', 1024, 512);
    const plan = await buildPlan([f], managed(), { allowDrift: false, env: 'prod', ctx: { now: NOW } });
    expect(plan.changes[0].refused).toBe(
      'managed by CloudFormation stack clinnet-emr-backend-prod: change AWS::Lambda::Function.MemorySize of PatientsFunction in the template and deploy it (or pass --allow-drift)',
    );
    expect(plan.changes[0].managedBy).toEqual({ stack: 'clinnet-emr-backend-prod', logicalId: 'PatientsFunction', templateProperty: 'AWS::Lambda::Function.MemorySize' });
    expect(plan.changes[0]).not.toHaveProperty('templateLocation');
  });

  it('with --template, names the line that declares the resource in the refusal', async () => {
    const f = finding('lambda/memory', 'clinnet-patients-prod', 1024, 512);
    const locateInTemplate = templateLocator('template.yaml', TEMPLATE)!;
    const plan = await buildPlan([f], managed(), { allowDrift: false, env: 'prod', ctx: { now: NOW }, locateInTemplate });
    expect(plan.changes[0].templateLocation).toBe('template.yaml:3');
    expect(renderPlan(plan)).toContain('not applied: managed by CloudFormation stack clinnet-emr-backend-prod: change AWS::Lambda::Function.MemorySize of PatientsFunction in the template and deploy it (or pass --allow-drift) — declared at template.yaml:3');
  });

  it('names the SAM source for a generated resource: a stage is declared where its AWS::Serverless::Api is', async () => {
    const snapshot = managed();
    const located: string[] = [];
    snapshot.restApis = snapshot.restApis.map((api) => ({ ...api, stages: api.stages.map((s) => ({ ...s, stack: { name: 'clinnet-emr-backend-prod', logicalId: 'ClinnetApiprodStage', samResource: 'ClinnetApi' } })) }));
    const stage = snapshot.restApis[0];
    const f = finding('apigateway/stage-cache', `${stage.id}/${stage.stages[0].name}`, { enabled: false, size: null }, { enabled: true, size: '0.5' }, {
      resource: `arn:aws:apigateway:us-east-1::/restapis/${stage.id}/stages/${stage.stages[0].name}`,
    });
    const plan = await buildPlan([f], snapshot, { allowDrift: false, env: 'prod', ctx: { now: NOW }, locateInTemplate: (id) => (located.push(id), undefined) });
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(plan.changes[0].refused).toMatch(/managed by CloudFormation stack clinnet-emr-backend-prod: .* of ClinnetApiprodStage/);
    expect(new Set(located)).toEqual(new Set(['ClinnetApi']));
  });
});
