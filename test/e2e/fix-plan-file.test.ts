/**
 * The built CLI (bin/clinnet-opt, as a user runs it) against moto_server: plan, apply, re-audit,
 * a second fix, rollback, and a run killed between two steps. Where moto cannot judge a change
 * (docs/e2e.md lists each gap), the tool must meet the gap as it would a real API error: a failed
 * change in the journal with exit 4, a refusal in the plan, or a coverage gap; never a crash.
 * Run `npx tsc -p tsconfig.build.json` first: this test spawns dist/ through bin/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { parseJournal } from '../../src/changes/journal.js';
import { parsePlan } from '../../src/changes/plan-file.js';
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { motoEnv, startMoto, type Moto } from './support/moto-server.js';
import { FOREIGN_RULE, seedProdAccount, type SeededIds } from './support/fix-seed.js';

const BIN = resolve(import.meta.dirname, '../../bin/clinnet-opt');
const LIVE = ['--env', 'prod', '--region', 'us-east-1'];
// `npm test` builds first; a missing build is an error here, never a silent skip.
if (!existsSync(resolve(import.meta.dirname, '../../dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');

/** moto accepts a Lambda LoggingConfig but does not store it: the read-back fails the change (docs/e2e.md). */
const NOT_STORED = 'lambda/log-level';

let moto: Moto;
let ids: SeededIds;
let env: NodeJS.ProcessEnv;
let dir: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Run {
  // stdin is a pipe, not a terminal: what a CI job or a cron run looks like.
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 300_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function noCrash(run: Run): void {
  expect(run.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|TypeError|ReferenceError/);
}

function snapshot(name: string): AccountSnapshot {
  const file = join(dir, name);
  const run = cli('snapshot', ...LIVE, '--out', file);
  noCrash(run);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(readFileSync(file, 'utf8')) as AccountSnapshot;
}

/** The configuration a fix changes, without what changes on every read (times, ETags). */
function configuration(s: AccountSnapshot): unknown {
  return {
    functions: s.lambdaFunctions.map((f) => [f.name, f.memoryMb, f.timeoutS, f.reservedConcurrency, f.architectures, f.logging.logFormat, f.logging.applicationLogLevel]),
    clusters: s.auroraClusters.map((c) => [c.id, c.serverlessV2, c.backupRetentionDays]),
    tables: s.dynamoTables.map((t) => [t.name, t.billingMode, t.provisioned]),
    buckets: s.buckets.map((b) => [b.name, b.lifecycleRules, b.intelligentTiering]),
    endpoints: s.network.vpcEndpoints.filter((e) => !/^deleted/i.test(e.state ?? '')).map((e) => [e.serviceName, e.routeTableIds]),
    logs: s.logGroups.map((g) => [g.name, g.retentionDays]),
    stages: s.restApis.map((a) => a.stages.map((st) => [st.name, st.cacheClusterEnabled, st.cacheClusterSize])),
  };
}

interface JsonFinding {
  rule: string;
  resourceName: string;
  fixable: boolean;
}

function fixableLeft(): string[] {
  const run = cli('audit', ...LIVE, '--format', 'json', '--fail-on', 'none');
  noCrash(run);
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  return report.findings.filter((f) => f.fixable).map((f) => f.rule).sort();
}

describe('the built CLI against moto_server', () => {
  beforeAll(async () => {
    moto = await startMoto();
    env = { ...process.env, ...motoEnv(moto.endpoint), NO_COLOR: '1' };
    delete env.AWS_PROFILE;
    const saved = { ...process.env };
    Object.assign(process.env, motoEnv(moto.endpoint));
    try {
      ids = await seedProdAccount(new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 }), moto.endpoint);
    } finally {
      process.env = saved;
    }
    dir = mkdtempSync(join(tmpdir(), 'clinnet-moto-cli-'));
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('plans every fixable finding, with refusals and their reasons, and changes nothing without --apply', () => {
    const before = configuration(snapshot('s-before-plan.json'));
    const table = cli('fix', ...LIVE);
    noCrash(table);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Plan [0-9a-f]+ for prod \(account 123456789012\): \d+ change\(s\) to apply, 2 held \(they raise the bill\), \d+ refused/);
    expect(table.stdout).toMatch(/lambda\/memory {2}e2e-patients-prod \(us-east-1, prod\)\n {2}MemorySize: 1024 → 512 {3}[^\n]*\n {2}sends lambda:UpdateFunctionConfiguration\n {4}FunctionName: "e2e-patients-prod"\n {4}MemorySize: 512\n/);
    expect(table.stdout).toMatch(/\nTotal: [-+±]\$\d+\.\d\d\/mo/);

    const json = cli('fix', ...LIVE, '--format', 'json');
    const plan = JSON.parse(json.stdout) as { changes: { rule: string; refused?: string; held?: string }[]; total: { monthlyDeltaUsd: number } };
    const refused = Object.fromEntries(plan.changes.filter((c) => c.refused).map((c) => [c.rule, c.refused]));
    // moto's code locations cannot be downloaded: the package is not inspected, so arm64 is refused, with why.
    expect(refused['lambda/arm64']).toMatch(/^the code package could not be inspected: cannot download the function's code package/);
    expect(refused['lambda/provisioned-concurrency']).toMatch(/no alias "live"/);
    // Changes that raise the bill are held without --include-increases, each saying so.
    const held = plan.changes.filter((c) => c.held && !c.refused);
    expect(held.map((c) => c.rule).sort()).toEqual(['apigateway/stage-cache', 'cloudfront/price-class']);
    for (const c of held) expect(c.held).toMatch(/raises the bill.*pass --include-increases to apply it$/);
    expect(plan.changes.filter((c) => !c.refused && !c.held).map((c) => c.rule).sort()).toEqual([
      'aurora/acu-range',
      'aurora/backup-retention',
      'cloudfront/cache-policy',
      'cloudfront/compression',
      'dynamodb/on-demand',
      'lambda/log-level',
      'lambda/memory',
      'lambda/reserved-concurrency',
      'lambda/timeout',
      'logs/retention',
      's3/intelligent-tiering',
      's3/lifecycle',
      'vpc/gateway-endpoints',
      'vpc/gateway-endpoints',
    ]);
    expect(configuration(snapshot('s-after-plan.json'))).toEqual(before);
  });

  it('narrows the plan with --only and --resource', () => {
    const run = cli('fix', ...LIVE, '--only', 'lambda,logs', '--resource', '*patients*', '--format', 'json');
    expect(run.status, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: { rule: string; resourceName: string }[] };
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(plan.changes.every((c) => /^(lambda|logs)\//.test(c.rule) && c.resourceName.includes('patients'))).toBe(true);
    const bad = cli('fix', ...LIVE, '--only', 'ec2/nothing');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--only: "ec2\/nothing" is not a fixable rule/);
  });

  it('refuses to apply to prod without a terminal unless --yes is given', () => {
    const before = configuration(snapshot('s-before-refusal.json'));
    const run = cli('fix', ...LIVE, '--apply');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/refusing to change prod without confirmation .*add --yes/);
    expect(configuration(snapshot('s-after-refusal.json'))).toEqual(before);
  });

  it('plan file → apply exactly that plan → re-audit → second fix → rollback restores the original', () => {
    const original = snapshot('s0.json');
    const planFile = join(dir, 'plan.json');
    expect(cli('fix', ...LIVE, '--include-increases', '--plan-out', planFile).status).toBe(0);
    const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);

    const journalFile = join(dir, 'apply.json');
    const apply = cli('fix', '--apply', planFile, '--yes', '--continue-on-error', '--journal', journalFile, '--format', 'json');
    noCrash(apply);
    // The one change moto does not store cannot be confirmed by its read-back: outcome unknown, exit 4.
    expect(apply.status, apply.stderr).toBe(4);
    expect(apply.stderr).toContain(`clinnet-opt rollback ${journalFile}`);
    const output = JSON.parse(apply.stdout) as {
      plan: { id: string };
      apply: { results: { change: { id: string; rule: string }; outcome: string; error?: string }[] };
      verification: { before: unknown[]; after: JsonFinding[] };
    };
    expect(output.plan.id).toBe(plan.id);
    // Exactly the saved plan's changes, in its order, each derived again from the account and equal to the record.
    expect(output.apply.results.map((r) => r.change.id)).toEqual(plan.changes.map((c) => c.id));
    const outcomes = output.apply.results.map((r) => [r.change.rule, r.outcome]);
    expect(outcomes.filter(([, o]) => o === 'unknown' || o === 'failed')).toEqual([[NOT_STORED, 'unknown']]);
    expect(output.apply.results.find((r) => r.change.rule === NOT_STORED)?.error).toMatch(
      /^lambda:UpdateFunctionConfiguration was accepted, but LoggingConfig reads .* \(unchanged\), not .*$/,
    );
    expect(outcomes.filter(([, o]) => o !== 'unknown' && o !== 'refused').every(([, o]) => o === 'applied')).toBe(true);

    // The journal says exactly what did and did not change.
    const journal = parseJournal(readFileSync(journalFile, 'utf8'), journalFile);
    expect(journal.finished).toBe(true);
    expect(journal.records.map((r) => [r.change.rule, r.outcome])).toEqual(outcomes);

    // Re-audit: what is left is the refused changes and moto's gaps, nothing else.
    const refusedRules = plan.changes.filter((c) => c.refused).map((c) => c.rule);
    const explained = new Set([...refusedRules, NOT_STORED]);
    expect(fixableLeft().filter((rule) => !explained.has(rule))).toEqual([]);
    const after = snapshot('s1.json');
    expect(after.distributions.find((d) => d.id === ids.distribution)).toMatchObject({ defaultBehavior: { compress: true } });
    const bucket = after.buckets.find((b) => b.name === 'e2e-documents-prod');
    expect(bucket?.lifecycleRules?.map((r) => r.ID).sort()).toEqual(['DocumentsLifecycle', FOREIGN_RULE.ID]);
    expect(after.network.vpcEndpoints.filter((e) => e.vpcId === ids.vpc).map((e) => e.routeTableIds)).toEqual([[ids.routeTable], [ids.routeTable]]);

    // A second fix --apply plans only what moto did not store, and that ends unknown again: nothing is applied.
    const second = cli('fix', ...LIVE, '--include-increases', '--apply', '--yes', '--journal', join(dir, 'second.json'), '--format', 'json');
    noCrash(second);
    const again = JSON.parse(second.stdout) as { plan: { changes: { rule: string; refused?: string }[] }; apply: { results: { change: { rule: string }; outcome: string }[] } | null };
    expect(again.plan.changes.filter((c) => !c.refused).map((c) => c.rule)).toEqual([NOT_STORED]);
    expect((again.apply?.results ?? []).filter((r) => !r.change.rule.startsWith('lambda/') || r.outcome === 'applied')).toEqual([]);
    expect(second.status).toBe(4);

    // Rollback restores every attribute the first run changed.
    const back = cli('rollback', journalFile, '--yes', '--journal', join(dir, 'rollback.json'));
    noCrash(back);
    expect(back.status, back.stdout + back.stderr).toBe(0);
    expect(configuration(snapshot('s2.json'))).toEqual(configuration(original));
  }, 300_000);

  it('leaves a readable journal when killed between two steps, and rollback restores what it did', async () => {
    const original = configuration(snapshot('k0.json'));
    const journalFile = join(dir, 'killed.json');
    const child = spawn(process.execPath, [BIN, 'fix', ...LIVE, '--apply', '--yes', '--continue-on-error', '--journal', journalFile], { cwd: dir, env, stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // Kill it once the journal shows a completed change, while later changes are still to come.
    let ended = false;
    while (!ended && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
      ended = existsSync(journalFile) && readFileSync(journalFile, 'utf8').includes('"type":"end"');
    }
    child.kill('SIGKILL');
    await exited;
    const journal = parseJournal(readFileSync(journalFile, 'utf8'), journalFile);
    expect(journal.header.mode).toBe('apply');
    expect(journal.records.some((r) => r.outcome === 'applied')).toBe(true);

    const back = cli('rollback', journalFile, '--yes', '--journal', join(dir, 'killed-rollback.json'));
    noCrash(back);
    expect(back.status, back.stdout + back.stderr).toBe(0);
    expect(configuration(snapshot('k1.json'))).toEqual(original);
  }, 300_000);

  it('prints least-privilege policies generated from the declarations', () => {
    const actions = (purpose: string): string[] =>
      (JSON.parse(cli('iam-policy', '--for', purpose).stdout) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
    const audit = actions('audit');
    expect(actions('fix')).toEqual(expect.arrayContaining([...audit, 'lambda:UpdateFunctionConfiguration', 'cloudfront:UpdateDistribution']));
    expect(audit.some((a) => /:(Update|Put|Create|Delete|Modify)/.test(a))).toBe(false);
  });
});
