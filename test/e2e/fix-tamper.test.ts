/**
 * A plan file records decisions; it is not a script. Each tamper a careful but hostile operator might
 * try on a plan file, from the built CLI against the emulated account: the whole plan is refused
 * before any request (exit 2, one line naming the first difference) and the account reads back
 * unchanged. The tampered files carry a recomputed id, as a deliberate editor would make them; a
 * plain edit is caught by the id alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { withContentId, type Plan } from '../../src/changes/plan.js';
import { seedAccount, type SeededAccount } from './seed.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';
import { changedKeys, readAccount, type AccountState } from './support/read-account.js';
import { withoutNodeNotice } from '../cli/built-cli.js';

type Change = Plan['changes'][number];

let moto: Moto;
let f: ClientFactory;
let dir: string;
let seeded: SeededAccount;
let before: AccountState;
let prodPlan: Plan;
let devPlan: Plan;

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectRefused(run: CliRun, message: RegExp): void {
  expect(run.status, describeRun(run)).toBe(2);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
  expect(withoutNodeNotice(run.stderr).trim().split('\n'), describeRun(run)).toHaveLength(1);
  expect(run.stderr).toMatch(message);
}

let counter = 0;
/** A tampered copy of the prod plan, its id recomputed so only the derivation can tell. */
function tampered(edit: (plan: Plan) => void): string {
  const copy = structuredClone(prodPlan) as Plan & { id?: string };
  edit(copy);
  const { id: _drop, ...content } = copy;
  void _drop;
  const file = join(dir, `tampered-${++counter}.json`);
  writeFileSync(file, JSON.stringify(withContentId(content), null, 2));
  return file;
}

function changeOf(rule: string, resourceName?: string): Change {
  const found = prodPlan.changes.find((c) => c.rule === rule && !c.refused && (!resourceName || c.resourceName === resourceName));
  if (!found) throw new Error(`the prod plan has no applicable ${rule} change${resourceName ? ` for ${resourceName}` : ''}`);
  return found;
}

const indexOf = (plan: Plan, change: Change): number => plan.changes.findIndex((c) => c.id === change.id);

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('tamper'));
  seeded = await seedAccount(f, moto.endpoint);
  const prodFile = join(dir, 'prod-plan.json');
  const devFile = join(dir, 'dev-plan.json');
  const prod = await cli(['fix', '--env', 'prod', '--plan-out', prodFile, '--format', 'json']);
  expect(prod.status, describeRun(prod)).toBe(0);
  const dev = await cli(['fix', '--env', 'dev', '--plan-out', devFile, '--format', 'json']);
  expect(dev.status, describeRun(dev)).toBe(0);
  prodPlan = JSON.parse(readFileSync(prodFile, 'utf8')) as Plan;
  devPlan = JSON.parse(readFileSync(devFile, 'utf8')) as Plan;
  before = await readAccount(f, seeded);
}, 240_000);
afterAll(async () => moto?.stop());

describe('fix --apply refuses a tampered plan file whole, before any request', () => {
  it('a plain edit: the id no longer matches the content', async () => {
    const file = join(dir, 'plain-edit.json');
    const plan = structuredClone(prodPlan);
    const index = indexOf(plan, changeOf('aurora/backup-retention'));
    plan.changes[index].input.BackupRetentionPeriod = 3;
    writeFileSync(file, JSON.stringify(plan));
    expectRefused(await cli(['fix', '--apply', file, '--yes']), new RegExp(`plan id ${prodPlan.id} does not match its content`));
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('extra request fields on a timeout change (a new handler, the environment wiped)', async () => {
    const target = changeOf('lambda/timeout');
    const file = tampered((plan) => {
      Object.assign(plan.changes[indexOf(plan, target)].input, { Handler: 'evil.handler', Environment: { Variables: {} } });
    });
    expectRefused(await cli(['fix', '--apply', file, '--yes']), /refused, nothing sent: change \d+ \(lambda\/timeout .+ Timeout\) differs in input: the plan has .*evil\.handler/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('another operation (an endpoint deletion in place of a route-table change)', async () => {
    const target = changeOf('vpc/gateway-endpoints');
    const file = tampered((plan) => {
      const change = plan.changes[indexOf(plan, target)];
      change.operation = 'ec2:DeleteVpcEndpoints';
      change.input = { VpcEndpointIds: [seeded.existingS3Endpoint] };
    });
    expectRefused(await cli(['fix', '--apply', file, '--yes']), /differs in operation: the plan has ec2:DeleteVpcEndpoints, the account gives ec2:/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('a value out of range (BackupRetentionPeriod -5), even with before/after edited to match', async () => {
    const target = changeOf('aurora/backup-retention');
    const file = tampered((plan) => {
      const change = plan.changes[indexOf(plan, target)];
      change.input.BackupRetentionPeriod = -5;
      change.after = -5;
    });
    expectRefused(await cli(['fix', '--apply', file, '--yes']), /aurora\/backup-retention .* differs in input/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('a prod change relabelled dev, applied without --yes and without a terminal', async () => {
    const file = tampered((plan) => {
      plan.env = 'dev';
      for (const change of plan.changes) change.env = 'dev';
    });
    // Consent follows the account: the resources read as prod, so the relabel is a difference, never a way past --yes.
    const run = await cli(['fix', '--apply', file]);
    expectRefused(run, /refused, nothing sent: change 1 \(.*\) (differs in env: the plan has dev, the account gives prod|is not what the plan's selection gives)/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('"account": null', async () => {
    const file = tampered((plan) => {
      plan.account = null;
    });
    expectRefused(await cli(['fix', '--apply', file, '--yes']), /names no account: it cannot be applied/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('a refusal removed from a CloudFormation-managed function', async () => {
    const managed = prodPlan.changes.find((c) => c.resourceName === seeded.cfnFunction && c.refused?.startsWith('managed by CloudFormation'));
    expect(managed, 'the plan refuses the CloudFormation-managed function').toBeDefined();
    const file = tampered((plan) => {
      delete plan.changes[indexOf(plan, managed!)].refused;
    });
    expectRefused(await cli(['fix', '--apply', file, '--yes']), /differs in refused: the plan has none, the account gives .*managed by CloudFormation stack/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it("a dev function's change pasted into the prod plan", async () => {
    const pasted = devPlan.changes.find((c) => c.rule === 'lambda/memory' && !c.refused) ?? devPlan.changes.find((c) => !c.refused);
    expect(pasted, 'the dev plan has a change to paste').toBeDefined();
    const file = tampered((plan) => {
      plan.changes.push(structuredClone(pasted!));
    });
    expectRefused(await cli(['fix', '--apply', file, '--yes']), /is not what the plan's selection gives for this account now \(the resource's environment reads dev, the plan is for prod\)/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('a change added for a resource the account does not have', async () => {
    const file = tampered((plan) => {
      const copy = structuredClone(changeOf('lambda/timeout'));
      copy.id = 'added';
      copy.resource = copy.resource.replace(/[^:]+$/, 'clinnet-ghost-prod');
      copy.resourceName = 'clinnet-ghost-prod';
      copy.input.FunctionName = 'clinnet-ghost-prod';
      plan.changes.push(copy);
    });
    expectRefused(await cli(['fix', '--apply', file, '--yes']), /names a resource the account does not have/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });
});

describe('fix --apply of an untampered plan', () => {
  it('skips a change whose resource drifted since the plan (exit 1) and applies the rest exactly as recorded', async () => {
    const target = changeOf('lambda/memory', 'clinnet-patients-prod');
    const file = tampered((plan) => {
      plan.changes = plan.changes.filter((c) => c.rule === 'lambda/memory' || c.rule === 'aurora/backup-retention');
    });
    // Someone changes the function's memory after the plan was made.
    await f.lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: target.resourceName, MemorySize: 2048 }));
    const journal = join(dir, 'drift.jsonl');
    const run = await cli(['fix', '--apply', file, '--yes', '--journal', journal, '--format', 'json']);
    expect(run.status, describeRun(run)).toBe(1);
    const output = JSON.parse(run.stdout) as { apply: { results: { change: { rule: string; resourceName: string }; outcome: string; found?: unknown }[] } };
    const drifted = output.apply.results.find((r) => r.change.resourceName === target.resourceName && r.change.rule === 'lambda/memory');
    expect(drifted).toMatchObject({ outcome: 'skipped-drift', found: 2048 });
    expect(output.apply.results.filter((r) => r.change.rule === 'aurora/backup-retention').map((r) => r.outcome)).toEqual(['applied']);
    const after = await readAccount(f, seeded);
    expect((after[`lambda:${target.resourceName}`] as { memoryMb: number }).memoryMb).toBe(2048);
  });
});
