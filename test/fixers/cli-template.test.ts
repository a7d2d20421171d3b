/** `fix --template FILE`: a change refused because a stack manages the resource names the template line that declares it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { runCli } from './cli-harness.js';

const BASE = ['--env', 'prod', '--region', 'us-east-1'];
const STACK = 'clinnet-patients-stack-prod';
const TEMPLATE = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  # patients CRUD', '  PatientsFunction:', '    Type: AWS::Serverless::Function', '    Properties:', '      MemorySize: 128', ''].join('\n');

let fake: FakeAccountHandle;
let dir: string;
beforeEach(() => {
  const state = seedProdAccount();
  // clinnet-patients-prod carries no aws:cloudformation:* tags: only the stack read says a stack manages it.
  state.stacks = [
    {
      region: 'us-east-1',
      name: STACK,
      id: `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/1`,
      parameters: { Environment: 'prod' },
      resources: [{ logicalId: 'PatientsFunction', physicalId: 'clinnet-patients-prod', type: 'AWS::Lambda::Function' }],
      template: TEMPLATE,
    },
  ];
  fake = installFakeAccount(state);
  dir = mkdtempSync(join(tmpdir(), 'clinnet-fix-template-'));
});
afterEach(() => fake.restore());

describe('fix --template', () => {
  it('refuses the stack resource by the stack read, and names the line that declares it', async () => {
    const file = join(dir, 'template.yaml');
    writeFileSync(file, TEMPLATE);
    const run = await runCli(['fix', ...BASE, '--only', 'lambda/memory', '--template', file]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`not applied: managed by CloudFormation stack ${STACK}: change AWS::Lambda::Function.MemorySize of PatientsFunction in the template and deploy it (or pass --allow-drift) — declared at ${file}:5`);
    expect(fake.mutations()).toEqual([]);
  });

  it('without --template, still refuses and names stack and logical ID', async () => {
    const run = await runCli(['fix', ...BASE, '--only', 'lambda/memory', '--format', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const change = (JSON.parse(run.stdout) as { changes: { resourceName: string; refused?: string; templateLocation?: string }[] }).changes.find((c) => c.resourceName === 'clinnet-patients-prod');
    expect(change?.refused).toMatch(new RegExp(`^managed by CloudFormation stack ${STACK}: change AWS::Lambda::Function.MemorySize of PatientsFunction`));
    expect(change).not.toHaveProperty('templateLocation');
  });

  it('is a usage error (exit 2) for a file it cannot read or that is no template, and with --apply FILE', async () => {
    const missing = await runCli(['fix', ...BASE, '--template', join(dir, 'nope.yaml')]);
    expect([missing.exitCode, missing.stderr]).toEqual([2, expect.stringContaining('--template: cannot read')]);
    const notTemplate = join(dir, 'notes.yaml');
    writeFileSync(notTemplate, 'just: notes\n');
    const wrong = await runCli(['fix', ...BASE, '--template', notTemplate]);
    expect([wrong.exitCode, wrong.stderr]).toEqual([2, expect.stringContaining('is not a CloudFormation or SAM template')]);
    const apply = await runCli(['fix', ...BASE, '--apply', join(dir, 'plan.json'), '--template', notTemplate]);
    expect([apply.exitCode, apply.stderr]).toEqual([2, expect.stringContaining('--template')]);
    expect(fake.mutations()).toEqual([]);
  });
});
