/**
 * From the built binary against moto, read back through the API: changes that raise the bill are
 * held unless --include-increases (a plan file records the hold; apply never sends a held change;
 * removing the hold from the file refuses the plan whole), and Aurora auto-pause is applied on the
 * dev cluster with the configured idle seconds and rolled back. lambda/consolidation reads the
 * functions' roles from the account and names what differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import type { ClientFactory } from '../../src/aws/clients.js';
import { planContentId, type Plan } from '../../src/changes/plan.js';
import { seedAccount, type SeededAccount } from './seed.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { readJournal } from './support/journal.js';
import { createRole } from './support/moto-iam.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';
import { makeZip } from '../support/fake-account/zip-writer.js';
import { changedKeys, readAccount, type AccountState } from './support/read-account.js';

let moto: Moto;
let f: ClientFactory;
let dir: string;
let seeded: SeededAccount;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('consent'));
  seeded = await seedAccount(f, moto.endpoint);
}, 120_000);
afterAll(async () => moto?.stop());

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
}

const INCREASES = ['--only', 'apigateway/stage-cache,cloudfront/price-class'];
const stageKey = () => `apigateway:${seeded.restApi.id}/${seeded.restApi.stage}`;

describe('no cost increase without consent', () => {
  let before: AccountState;
  const planFile = () => join(dir, 'increases.json');

  beforeAll(async () => {
    before = await readAccount(f, seeded);
  });

  it('holds the stage cache and PriceClass_All, lists them with their sum and the flag, and --apply of that plan sends nothing', async () => {
    const planned = await cli(['fix', '--env', 'prod', ...INCREASES, '--plan-out', planFile()]);
    expectClean(planned, 0);
    expect(planned.stdout).toMatch(/^Plan [0-9a-f]+ for prod \(account \d+\): 0 change\(s\) to apply, 2 held \(they raise the bill\), 0 refused/);
    expect(planned.stdout).toContain('HELD apigateway/stage-cache');
    expect(planned.stdout).toContain('HELD cloudfront/price-class');
    // moto serves no CloudFront traffic data: the price class is unpriced, and held as a change known to cost more.
    expect(planned.stdout).toContain(
      '\nTotal: ±$0.00/mo\nHeld, not applied: 2 change(s) that raise the bill, +$14.60/mo and 1 unpriced change(s) known to cost more. ' +
        'To apply them, plan again with --include-increases (add --only RULE to pick among them).\n',
    );
    const plan = JSON.parse(readFileSync(planFile(), 'utf8')) as Plan;
    expect(plan.selection.includeIncreases).toBe(false);
    expect(plan.changes.map((c) => [c.rule, c.held])).toEqual([
      ['apigateway/stage-cache', 'held: raises the bill: a 0.5 GB stage cache cluster, billed per hour while it exists; a priced increase; pass --include-increases to apply it'],
      [
        'cloudfront/price-class',
        'held: raises the bill: price class PriceClass_100 → PriceClass_All, per-GB and per-request prices of the edge locations used; not priced: usage data needed; pass --include-increases to apply it',
      ],
    ]);

    const applied = await cli(['fix', '--apply', planFile(), '--yes', '--journal', join(dir, 'held.jsonl')]);
    expectClean(applied, 0);
    expect(applied.stderr).toContain('Nothing to apply.');
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('refuses the whole plan when a hold is removed from the file (even with its id recomputed)', async () => {
    const plan = JSON.parse(readFileSync(planFile(), 'utf8')) as Plan;
    delete plan.changes[0].held;
    const edited = { ...plan, id: planContentId(plan) };
    const file = join(dir, 'unheld.json');
    writeFileSync(file, JSON.stringify(edited, null, 2));
    const run = await cli(['fix', '--apply', file, '--yes', '--journal', join(dir, 'unheld.jsonl')]);
    expectClean(run, 2);
    expect(run.stderr).toMatch(/refused, nothing sent: change 1 \(apigateway\/stage-cache .+ CacheCluster\) differs in held: the plan has none, the account gives held: raises the bill/);
    expect(changedKeys(before, await readAccount(f, seeded))).toEqual([]);
  });

  it('--include-increases with --only applies just that increase, read back on the stage; rollback removes it', async () => {
    const journal = join(dir, 'stage-cache.jsonl');
    const run = await cli(['fix', '--env', 'prod', '--only', 'apigateway/stage-cache', '--include-increases', '--apply', '--yes', '--journal', journal]);
    expectClean(run, 0);
    const after = await readAccount(f, seeded);
    expect(changedKeys(before, after)).toEqual([stageKey()]);
    expect(after[stageKey()]).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '0.5' });
    expect(readJournal(journal).outcomes.map((r) => [r.change.rule, r.outcome])).toEqual([['apigateway/stage-cache', 'applied']]);

    const back = await cli(['rollback', journal, '--yes', '--journal', join(dir, 'stage-cache-undo.jsonl')]);
    expectClean(back, 0);
    expect((await readAccount(f, seeded))[stageKey()]).toMatchObject({ cacheClusterEnabled: false });
  });

  it('--apply FILE does not take --include-increases: the plan records its own choice', async () => {
    const run = await cli(['fix', '--apply', planFile(), '--include-increases', '--yes']);
    expectClean(run, 2);
    expect(run.stderr).toMatch(/--apply FILE applies exactly that plan: .*--include-increases/);
  });
});

describe('Aurora auto-pause on dev', () => {
  it('sets MinCapacity 0 with the configured SecondsUntilAutoPause, leaves prod alone, and rollback restores the minimum', async () => {
    const config = join(dir, 'pause.config.json');
    writeFileSync(config, JSON.stringify({ targets: { dev: { aurora: { autoPauseSeconds: 600 } } } }));
    const clusterKey = `aurora:${seeded.dev.cluster}`;
    const before = await readAccount(f, seeded);
    expect(before[clusterKey]).toMatchObject({ scaling: { MinCapacity: 0.5, MaxCapacity: 16 } });

    const planned = await cli(['fix', '--env', 'dev', '--only', 'aurora/auto-pause', '--config', config, '--format', 'json']);
    expectClean(planned, 0);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.changes.map((c) => [c.rule, c.resourceName, c.refused ?? null, c.held ?? null, c.input])).toEqual([
      [
        'aurora/auto-pause',
        seeded.dev.cluster,
        null,
        null,
        { DBClusterIdentifier: seeded.dev.cluster, ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 16, SecondsUntilAutoPause: 600 }, ApplyImmediately: true },
      ],
    ]);
    expect(plan.changes[0].undo.input).toEqual({ DBClusterIdentifier: seeded.dev.cluster, ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 }, ApplyImmediately: true });

    const journal = join(dir, 'pause.jsonl');
    const run = await cli(['fix', '--env', 'dev', '--only', 'aurora/auto-pause', '--config', config, '--apply', '--journal', journal]);
    expectClean(run, 0);
    expect(run.stdout).toMatch(/applied {7}aurora\/auto-pause {2}\S+ {2}AutoPause/);
    const after = await readAccount(f, seeded);
    expect(changedKeys(before, after)).toEqual([clusterKey]);
    expect(after[clusterKey]).toMatchObject({ scaling: { MinCapacity: 0, MaxCapacity: 16, SecondsUntilAutoPause: 600 } });
    // The re-audit finds nothing left to pause.
    const audit = await cli(['audit', '--env', 'dev', '--format', 'json', '--fail-on', 'none', '--config', config]);
    expectClean(audit, 0);
    const findings = (JSON.parse(audit.stdout) as { findings: { rule: string }[] }).findings;
    expect(findings.filter((x) => x.rule === 'aurora/auto-pause')).toEqual([]);

    const back = await cli(['rollback', journal, '--journal', join(dir, 'pause-undo.jsonl')]);
    expectClean(back, 0);
    const restored = await readAccount(f, seeded);
    expect(restored[clusterKey]).toEqual(before[clusterKey]);
  }, 120_000);
});

describe('lambda/consolidation against the account', () => {
  it('groups the patient functions, reads their roles and names the one that differs; no direct money', async () => {
    const role = await createRole(moto.endpoint, 'clinnet-search-role', 'us-east-1');
    await f.lambda().send(
      new CreateFunctionCommand({
        FunctionName: 'clinnet-patient-search-prod',
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: makeZip({ 'index.js': 'exports.handler = async () => ({ statusCode: 200 });' }) },
        MemorySize: 256,
        Tags: { Environment: 'prod' },
      }),
    );
    const run = await cli(['audit', '--env', 'prod', '--rules', 'lambda/consolidation', '--format', 'json', '--fail-on', 'none']);
    expectClean(run, 0);
    const findings = (JSON.parse(run.stdout) as { findings: { rule: string; resourceName: string; fixable: boolean; monthlyDeltaUsd: number | null; current: string[]; message: string }[] }).findings;
    expect(findings.map((x) => [x.rule, x.resourceName, x.fixable, x.current])).toEqual([
      ['lambda/consolidation', 'patient-operations-prod', false, ['clinnet-patients-prod', 'clinnet-patient-search-prod']],
    ]);
    const message = findings[0].message;
    expect(message).toContain('→ one patient function that routes the CRUD operations by method and path');
    expect(message).toContain('runtime nodejs20.x (same)');
    expect(message).toMatch(/role differs \(arn:aws:iam::\d+:role\/clinnet-lambda-role \| arn:aws:iam::\d+:role\/clinnet-search-role\)/);
    expect(message).toContain('VPC none (same)');
    expect(message).toContain('2 log groups become 1');
    expect(findings[0].monthlyDeltaUsd).toBe(0);
  });
});
