import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeChanges } from '../../src/changes/executor.js';
import { JournalWriter, parseJournal } from '../../src/changes/journal.js';
import { buildPlan } from '../../src/changes/planner.js';
import { rollbackChanges } from '../../src/changes/rollback.js';
import { codeInspector } from '../../src/fixers/lambda/code-package.js';
import type { Change } from '../../src/fixers/types.js';
import type { Finding } from '../../src/rules/types.js';
import { awsError } from '../support/fake-account/errors.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { CACHING_OPTIMIZED, prodFindings } from './prod-findings.js';
import { comparableState, factory, finding, noSleep, snapshotOf } from './support.js';

let fake: FakeAccountHandle;
let dir: string;

beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
  dir = mkdtempSync(join(tmpdir(), 'clinnet-fix-'));
});
afterEach(() => fake.restore());

async function planFor(findings: Finding[]) {
  const f = factory();
  // As `fix --include-increases` plans: these tests apply every change (a held one is never sent, below).
  return buildPlan(findings, snapshotOf(fake.state), { allowDrift: false, env: 'prod', includeIncreases: true, ctx: { now: new Date('2025-06-01T12:00:00Z'), inspectLambdaCode: codeInspector(f) } });
}

async function run(changes: Change[], journalName: string, continueOnError = false, mode: 'apply' | 'rollback' = 'apply') {
  const path = join(dir, journalName);
  const writer = new JournalWriter(path);
  try {
    const result = await executeChanges(changes, {
      factory: factory(),
      journal: writer,
      header: { mode, account: '123456789012', env: 'prod', planId: 'test' },
      continueOnError,
      sleep: noSleep,
      pollMs: 0,
    });
    return { result, journal: parseJournal(readFileSync(path, 'utf8'), path), path };
  } finally {
    writer.close();
  }
}

describe('executor against the fake account', () => {
  it('applies every fixer\'s change, the account ends at the targets, and rollback restores it exactly', async () => {
    const original = comparableState(fake.state);
    const plan = await planFor(prodFindings());
    expect(plan.changes.filter((c) => c.refused)).toEqual([]);
    const { result, journal } = await run(plan.changes, 'apply.json');
    expect(result.results.filter((r) => r.outcome !== 'applied').map((r) => [r.change.rule, r.error ?? r.detail])).toEqual([]);
    expect(result.counts.applied).toBe(plan.changes.length);

    const s = fake.state;
    const patients = s.functions.find((f) => f.name === 'clinnet-patients-prod')!;
    expect(patients).toMatchObject({ memory: 512, timeout: 15, architectures: ['arm64'], reserved: 100, provisioned: { live: 10 } });
    expect(patients.logging).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'WARN', LogGroup: '/aws/lambda/clinnet-patients-prod' });
    expect(s.clusters[0]).toMatchObject({ minAcu: 0.5, maxAcu: 8, backupRetention: 7 });
    expect(s.tables[0].billingMode).toBe('PAY_PER_REQUEST');
    const documents = s.buckets.find((b) => b.name === 'clinnet-documents-prod')!;
    expect(documents.lifecycle!.map((r) => r.ID).sort()).toEqual(['DocumentsLifecycle', 'expire-tmp-uploads']);
    expect(s.buckets.find((b) => b.name === 'clinnet-frontend-prod')!.lifecycle![0].ID).toBe('IntelligentTiering');
    const config = s.distributions[0].config as { PriceClass: string; DefaultCacheBehavior: Record<string, unknown> };
    expect(config.PriceClass).toBe('PriceClass_All');
    expect(config.DefaultCacheBehavior).toMatchObject({ Compress: true, CachePolicyId: CACHING_OPTIMIZED });
    expect(config.DefaultCacheBehavior.ForwardedValues).toBeUndefined();
    const endpoints = s.network.endpoints.map((e) => [e.serviceName, [...e.routeTableIds].sort()]);
    expect(endpoints).toEqual([
      ['com.amazonaws.us-east-1.s3', ['rtb-0priva', 'rtb-0privb']],
      ['com.amazonaws.us-east-1.dynamodb', ['rtb-0priva', 'rtb-0privb']],
    ]);
    expect(s.logGroups[0].retention).toBe(365);
    expect(s.restApis[0].stages[0]).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '0.5' });

    // Every change has a begin before its end, and the journal is complete.
    expect(journal.finished).toBe(true);
    expect(journal.records.every((r) => r.outcome === 'applied')).toBe(true);
    // Three updates to one function in a row: each waited for the previous one to settle, no conflicts.
    expect(fake.calls.filter((c) => c.error === 'ResourceConflictException')).toEqual([]);

    const back = await run(rollbackChanges(journal), 'rollback.json', false, 'rollback');
    expect(back.result.results.filter((r) => r.outcome !== 'applied').map((r) => [r.change.rule, r.error ?? r.detail])).toEqual([]);
    expect(back.journal.header.mode).toBe('rollback');
    expect(comparableState(fake.state)).toEqual(original);
  });

  it('skips a change whose resource drifted since the plan and sends nothing for it', async () => {
    const plan = await planFor([finding('lambda/memory', 'clinnet-patients-prod', 1024, 512)]);
    fake.state.functions[0].memory = 2048; // someone changed it after the plan
    const { result, journal } = await run(plan.changes, 'drift.json');
    expect(result.results[0]).toMatchObject({ outcome: 'skipped-drift', found: 2048 });
    expect(fake.state.functions[0].memory).toBe(2048);
    expect(fake.mutations()).toEqual([]);
    expect(journal.records[0].end).toMatchObject({ outcome: 'skipped-drift', found: 2048 });
  });

  it('refuses a value outside the service limits when planning, and never sends it', async () => {
    const plan = await planFor([finding('logs/retention', '/aws/lambda/clinnet-patients-prod', null, 42)]); // not a value CloudWatch Logs accepts
    expect(plan.changes[0].refused).toMatch(/outside the service's limits: retentionInDays 42 is not one of 1, 3, 5/);
    // A change that reaches the executor with such a value anyway (built by hand) is not sent either.
    const { result } = await run([{ ...plan.changes[0], refused: undefined }], 'limits.json');
    expect(result.results[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^not sent: retentionInDays 42/) });
    expect(fake.mutations()).toEqual([]);
  });

  it('never sends a change held for raising the bill, whichever path brought it to the executor', async () => {
    const plan = await planFor([finding('logs/retention', '/aws/lambda/clinnet-patients-prod', null, 30)]);
    expect(plan.changes[0].refused).toBeUndefined();
    const held = 'held: raises the bill (+$1.00/month); pass --include-increases to apply it';
    const { result, journal } = await run([{ ...plan.changes[0], held }], 'held.json');
    expect(result.results[0]).toMatchObject({ outcome: 'refused', detail: held });
    expect(result.counts.refused).toBe(1);
    expect(fake.mutations()).toEqual([]);
    // Journaled as not attempted: nothing to roll back.
    expect(journal.records).toHaveLength(1);
    expect(journal.records[0]).toMatchObject({ outcome: 'refused' });
    expect(journal.records[0].undo).toBeUndefined();
  });

  it('stops at a change AWS refuses, and the journal says what did and did not change', async () => {
    fake.state.beforeRequest = (service, operation) => {
      if (operation === 'PutRetentionPolicy') throw awsError('logs', 'InvalidParameterException', 'retentionInDays is not valid for this log group');
    };
    const plan = await planFor([
      finding('lambda/memory', 'clinnet-patients-prod', 1024, 512),
      finding('logs/retention', '/aws/lambda/clinnet-patients-prod', null, 30),
      finding('aurora/backup-retention', 'clinnet-aurora-prod', 14, 7),
    ]);
    const { result, journal } = await run(plan.changes, 'fail.json');
    expect(result.failed).toBe(true);
    expect(result.results.map((r) => r.outcome)).toEqual(['applied', 'failed', 'not-attempted']);
    expect(result.results[1].error).toMatch(/InvalidParameterException.*retentionInDays/);
    expect(journal.records.map((r) => [r.change.rule, r.outcome])).toEqual([
      ['lambda/memory', 'applied'],
      ['logs/retention', 'failed'],
      ['aurora/backup-retention', 'not-attempted'],
    ]);
    expect(fake.state.functions[0].memory).toBe(512);
    expect(fake.state.clusters[0].backupRetention).toBe(14);

    // Rollback undoes only what was applied.
    const back = await run(rollbackChanges(journal), 'fail-rollback.json', false, 'rollback');
    expect(back.result.results.map((r) => [r.change.rule, r.outcome])).toEqual([['lambda/memory', 'applied']]);
    expect(fake.state.functions[0].memory).toBe(1024);
  });

  it('goes on after a failure with continueOnError', async () => {
    fake.state.beforeRequest = (service, operation) => {
      if (operation === 'PutRetentionPolicy') throw awsError('logs', 'InvalidParameterException', 'retentionInDays is not valid for this log group');
    };
    const plan = await planFor([
      finding('logs/retention', '/aws/lambda/clinnet-patients-prod', null, 30),
      finding('aurora/backup-retention', 'clinnet-aurora-prod', 14, 7),
    ]);
    const { result } = await run(plan.changes, 'continue.json', true);
    expect(result.results.map((r) => r.outcome)).toEqual(['failed', 'applied']);
    expect(fake.state.clusters[0].backupRetention).toBe(7);
  });

  it('counts a request AWS accepted whose attribute does not read back as planned as unknown, not applied', async () => {
    // An endpoint that accepts LoggingConfig and drops it (as moto does): the read-back catches it.
    fake.state.beforeRequest = (_service, operation, input) => {
      if (operation === 'UpdateFunctionConfiguration') delete input.LoggingConfig;
    };
    const plan = await planFor([
      finding('lambda/log-level', 'clinnet-patients-prod', { logFormat: 'Text', applicationLogLevel: null }, { logFormat: 'JSON', applicationLogLevel: 'WARN' }),
      finding('aurora/backup-retention', 'clinnet-aurora-prod', 14, 7),
    ]);
    const { result, journal } = await run(plan.changes, 'no-effect.json');
    expect(result.results.map((r) => r.outcome)).toEqual(['unknown', 'not-attempted']);
    expect(result.results[0].error).toBe(
      'lambda:UpdateFunctionConfiguration was accepted, but LoggingConfig reads {"logFormat":"Text","applicationLogLevel":null} (unchanged), not {"logFormat":"JSON","applicationLogLevel":"WARN"}',
    );
    expect(journal.records[0].end).toMatchObject({ outcome: 'unknown', found: { logFormat: 'Text', applicationLogLevel: null } });
    expect(fake.state.clusters[0].backupRetention).toBe(14);
    // The rollback reads the function: it is at its before-state, so nothing is sent.
    fake.state.beforeRequest = undefined;
    const back = await run(rollbackChanges(journal), 'no-effect-rollback.json', false, 'rollback');
    expect(back.result.results.map((r) => [r.outcome, r.alreadyDone])).toEqual([['skipped-drift', true]]);
    expect(fake.mutations().filter((c) => c.operation === 'UpdateFunctionConfiguration')).toHaveLength(1);
  });

  it('waits out a function update in progress (ResourceConflictException) and retries', async () => {
    let injected = false;
    fake.state.beforeRequest = (service, operation) => {
      if (service === 'lambda' && operation === 'UpdateFunctionConfiguration' && !injected) {
        injected = true;
        fake.state.functions[0].updatingReads = 1; // a deployment started elsewhere
      }
    };
    const plan = await planFor([finding('lambda/timeout', 'clinnet-patients-prod', 30, 15)]);
    const { result } = await run(plan.changes, 'conflict.json');
    expect(result.results[0].outcome).toBe('applied');
    expect(fake.calls.filter((c) => c.error === 'ResourceConflictException')).toHaveLength(1);
    expect(fake.state.functions[0].timeout).toBe(15);
  });

  it('fails a CloudFront change whose ETag went stale between read and write (PreconditionFailed)', async () => {
    fake.state.beforeRequest = (service, operation) => {
      if (service === 'cloudfront' && operation === 'UpdateDistribution') fake.state.distributions[0].etag = 'E-SOMEONE-ELSE';
    };
    const plan = await planFor([finding('cloudfront/price-class', 'E2CLINNETPROD1', 'PriceClass_100', 'PriceClass_All')]);
    const { result } = await run(plan.changes, 'etag.json');
    expect(result.results[0]).toMatchObject({ outcome: 'failed' });
    expect(result.results[0].error).toMatch(/PreconditionFailed/);
    expect((fake.state.distributions[0].config as { PriceClass: string }).PriceClass).toBe('PriceClass_100');
  });

  it('records a failed arm64 change, not a crash, when the code package cannot be downloaded', async () => {
    const plan = await planFor([finding('lambda/arm64', 'clinnet-patients-prod', ['x86_64'], ['arm64'])]);
    fake.state.serveCode = false;
    const { result, journal } = await run(plan.changes, 'nocode.json');
    expect(result.results[0].outcome).toBe('failed');
    expect(result.results[0].error).toMatch(/cannot download the function's code package \(HTTP 403\)/);
    expect(journal.finished).toBe(true);
    expect(fake.state.functions[0].architectures).toEqual(['x86_64']);
  });

  it('rolls back an in-doubt change (begun, no outcome) only if it was made', async () => {
    const plan = await planFor([
      finding('lambda/memory', 'clinnet-patients-prod', 1024, 512),
      finding('aurora/backup-retention', 'clinnet-aurora-prod', 14, 7),
    ]);
    const { path } = await run(plan.changes, 'killed.json');
    // Simulate a kill: keep the header and both begins, drop the 'end' lines, cut the last line mid-write.
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const kept = lines.filter((l) => !l.includes('"type":"end"') && !l.includes('"type":"finished"'));
    const text = `${kept.join('\n')}\n{"type":"end","at":"2025-06-01T`;
    const journal = parseJournal(text, 'killed.json');
    expect(journal.truncated).toBe(true);
    expect(journal.records.map((r) => r.outcome)).toEqual([undefined, undefined]);
    fake.state.clusters[0].backupRetention = 14; // pretend the second change never reached AWS
    const back = await run(rollbackChanges(journal), 'killed-rollback.json', false, 'rollback');
    expect(back.result.results.map((r) => [r.change.rule, r.outcome])).toEqual([
      ['aurora/backup-retention', 'skipped-drift'],
      ['lambda/memory', 'applied'],
    ]);
    expect(back.result.results[0].detail).toMatch(/already as wanted/);
    expect(fake.state.functions[0].memory).toBe(1024);
  });

  it('a second apply of the same changes sends nothing: every change is already as wanted', async () => {
    const plan = await planFor([finding('logs/retention', '/aws/lambda/clinnet-patients-prod', null, 365)]);
    await run(plan.changes, 'first.json');
    const before = fake.mutations().length;
    const { result } = await run(plan.changes, 'second.json');
    expect(result.results[0]).toMatchObject({ outcome: 'skipped-drift', detail: expect.stringMatching(/already as wanted/) });
    expect(fake.mutations().length).toBe(before);
  });

  it('lets AWS refuse a fifth switch to on-demand within 24 hours: a failed change', async () => {
    const now = fake.state.now().getTime();
    fake.state.tables[0].switchesToOnDemand = [1, 2, 3, 4].map((h) => new Date(now - h * 3600_000).toISOString());
    const plan = await planFor([finding('dynamodb/on-demand', 'clinnet-medical_reports-prod', 'PROVISIONED', 'PAY_PER_REQUEST')]);
    expect(plan.changes[0].notes?.join(' ')).toMatch(/4 such switches per 24 hours/);
    const { result } = await run(plan.changes, 'ddb.json');
    expect(result.results[0].error).toMatch(/LimitExceededException/);
  });
});
