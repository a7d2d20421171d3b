/**
 * A change to a function served through an alias reaches the version the alias serves: $LATEST is
 * updated, published (guarded by CodeSha256 and RevisionId) and the alias moved; the journal holds
 * the alias's old version before it moves and rollback moves it back. Against the fake account,
 * which models versions, aliases with weights and PublishVersion's guards (moto does not).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeChanges } from '../../../src/changes/executor.js';
import { collectSnapshot } from '../../../src/inventory/collect.js';
import { JournalWriter, parseJournal } from '../../../src/changes/journal.js';
import { buildPlan } from '../../../src/changes/planner.js';
import { rollbackChanges } from '../../../src/changes/rollback.js';
import { RELEASE_CODE, RELEASE_CONFIG } from '../../../src/fixers/lambda/alias-route.js';
import { codeInspector } from '../../../src/fixers/lambda/code-package.js';
import type { Change } from '../../../src/fixers/types.js';
import type { Finding } from '../../../src/rules/types.js';
import { installFakeAccount, type FakeAccountHandle } from '../../support/fake-account/index.js';
import { seedProdAccount } from '../../support/fake-account/seed.js';
import type { FakeFunction } from '../../support/fake-account/state.js';
import { makeZip } from '../../support/fake-account/zip-writer.js';
import { factory, finding, noSleep, snapshotOf } from '../support.js';

const NAME = 'clinnet-patients-prod';
const ARN = `arn:aws:lambda:us-east-1:123456789012:function:${NAME}`;
let fake: FakeAccountHandle;
let dir: string;
let fn: FakeFunction;

beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
  dir = mkdtempSync(join(tmpdir(), 'clinnet-alias-'));
  fn = fake.state.functions.find((f) => f.name === NAME)!;
  fn.layers = [];
  // API Gateway invokes the alias, as a staged deployment does.
  for (const api of fake.state.restApis) {
    for (const r of api.resources) for (const m of Object.values(r.methods)) if (m.uri?.includes(`function:${NAME}/`)) m.uri = m.uri.replace(`function:${NAME}/`, `function:${NAME}:live/`);
  }
});
afterEach(() => fake.restore());

async function plan(findings: Finding[], codeBucket?: string) {
  return buildPlan(findings, snapshotOf(fake.state), {
    allowDrift: false,
    env: 'prod',
    ctx: { now: new Date('2025-06-01T12:00:00Z'), inspectLambdaCode: codeInspector(factory()), ...(codeBucket ? { codeBucket } : {}) },
  });
}

async function run(changes: Change[], name: string, mode: 'apply' | 'rollback' = 'apply') {
  const path = join(dir, name);
  const writer = new JournalWriter(path);
  try {
    const result = await executeChanges(changes, { factory: factory(), journal: writer, header: { mode, account: '123456789012', env: 'prod', planId: 't' }, continueOnError: false, sleep: noSleep, pollMs: 0 });
    return { result, journal: parseJournal(readFileSync(path, 'utf8'), path) };
  } finally {
    writer.close();
  }
}

const memory = (from = 1024, to = 512) => finding('lambda/memory', NAME, from, to, { resource: ARN });

describe('a change to a function served through an alias', () => {
  it('updates $LATEST, publishes it, moves the alias; the plan says which alias and version; rollback moves the alias back', async () => {
    const p = await plan([memory()]);
    const change = p.changes[0];
    expect(change.refused).toBeUndefined();
    expect(change.operation).toBe(RELEASE_CONFIG);
    expect(change.input).toEqual({ FunctionName: NAME, MemorySize: 512, PublishVersion: { CodeSha256: expect.any(String) }, UpdateAlias: { Name: 'live', FromVersion: '3' } });
    expect(change.notes?.[0]).toMatch(/^reaches alias live \(version 3; invoked by API Gateway \w+\): updates \$LATEST, publishes it as a new version .* moves live from version 3 to it/);

    const { result, journal } = await run(p.changes, 'apply.json');
    expect(result.results.map((r) => [r.outcome, r.detail])).toEqual([['applied', 'updated $LATEST, published version 4 and moved alias live from version 3 to 4']]);
    // Where the traffic flows: the alias serves version 4 with the new memory; version 3 is unchanged.
    expect(fn.aliases.live).toBe('4');
    expect(fn.versionConfigs?.['4']?.memory).toBe(512);
    expect(fn.versionConfigs?.['3']?.memory).toBe(1024);
    expect(fn.memory).toBe(512);
    // The old version was journaled before the alias moved.
    const record = journal.records[0];
    expect(record.undo).toEqual({ operation: 'lambda:UpdateFunctionConfiguration+UpdateAlias', input: { FunctionName: NAME, MemorySize: 1024, UpdateAlias: { Name: 'live', FunctionVersion: '3' } } });
    const publish = fake.calls.findIndex((c) => c.operation === 'PublishVersion');
    const move = fake.calls.findIndex((c) => c.operation === 'UpdateAlias');
    expect(fake.calls[publish].input).toMatchObject({ FunctionName: NAME, CodeSha256: change.input.PublishVersion && (change.input.PublishVersion as { CodeSha256: string }).CodeSha256, RevisionId: expect.any(String) });
    expect(fake.calls[move].input).toMatchObject({ FunctionName: NAME, Name: 'live', FunctionVersion: '4', RevisionId: expect.any(String) });
    expect(publish).toBeLessThan(move);

    const back = await run(rollbackChanges(journal), 'rollback.json', 'rollback');
    expect(back.result.results.map((r) => r.outcome)).toEqual(['applied']);
    expect(fn.aliases.live).toBe('3');
    expect(fn.memory).toBe(1024);
  });

  it('refuses an alias with weighted routing (a canary), naming the weights', async () => {
    fn.versions.push('4');
    fn.aliasWeights = { live: { '4': 0.1 } };
    const p = await plan([memory()]);
    expect(p.changes[0].refused).toBe('alias live routes 10 % to version 4 and 90 % to version 3 (a canary in progress): finish or cancel it, then plan again');
  });

  it('refuses when $LATEST holds code the alias does not serve (publishing would release it)', async () => {
    fn.versionConfigs = { '3': { memory: 1024, timeout: 30, architectures: ['x86_64'], logging: { ...fn.logging }, code: makeZip({ 'index.js': 'old' }) } };
    const p = await plan([memory()]);
    expect(p.changes[0].refused).toMatch(/^\$LATEST differs from version 3 that alias live serves \(the code on \$LATEST \(CodeSha256 .*\) is not the code of version 3/);
  });

  it('refuses a version invoked directly, and keeps $LATEST-only behaviour for unqualified callers', async () => {
    const api = fake.state.restApis[0];
    const method = Object.values(api.resources.find((r) => r.path === '/patients')!.methods)[0];
    method.uri = method.uri!.replace(':live/', ':3/');
    expect((await plan([memory()])).changes[0].refused).toMatch(/^version 3 is invoked directly \(API Gateway \w+\): a published version cannot change/);
    method.uri = method.uri.replace(':3/', '/');
    const p = await plan([memory()]);
    expect(p.changes[0]).toMatchObject({ operation: 'lambda:UpdateFunctionConfiguration', input: { FunctionName: NAME, MemorySize: 512 } });
    expect(p.changes[0].notes).toEqual([expect.stringMatching(/aliases live \(version 3\) are not invoked .*: only \$LATEST changes/)]);
  });

  it('collects the qualifier an event source mapping invokes, and a mapping on the alias routes the change through it', async () => {
    for (const api of fake.state.restApis) for (const r of api.resources) for (const m of Object.values(r.methods)) if (m.uri) m.uri = m.uri.replace(':live/', '/');
    fake.state.eventSourceMappings = [{ region: 'us-east-1', uuid: 'esm-1', functionArn: `${ARN}:live`, eventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:visits' }];
    const snapshot = await collectSnapshot(factory(), { regions: ['us-east-1'], env: 'prod', concurrency: 2, metricsDays: false });
    const collected = snapshot.lambdaFunctions.find((f) => f.name === NAME)!;
    expect(collected.invokedQualifiers).toEqual([
      { source: 'apigateway', id: fake.state.restApis[0].id, qualifier: '$LATEST' },
      { source: 'event-source-mapping', id: 'esm-1', qualifier: 'live' },
    ]);
    const p = await buildPlan([memory()], snapshot, { allowDrift: false, env: 'prod', ctx: { now: new Date('2025-06-01T12:00:00Z') } });
    expect(p.changes[0].operation).toBe(RELEASE_CONFIG);
    expect(p.changes[0].notes?.[0]).toMatch(/^reaches alias live \(version 3; invoked by event source mapping esm-1\)/);
  });

  it('sends nothing when the alias moved since the plan', async () => {
    const p = await plan([memory()]);
    fn.versions.push('4');
    fn.aliases.live = '4';
    const { result } = await run(p.changes, 'apply.json');
    expect(result.results[0].outcome).toBe('failed');
    expect(result.results[0].error).toMatch(/alias live serves version 4, not version 3 as planned: nothing sent/);
    expect(fake.mutations()).toEqual([]);
  });

  it('a publish AWS refuses after $LATEST was updated is an unknown outcome that rollback restores', async () => {
    const p = await plan([memory()]);
    fake.state.beforeRequest = (_service, operation) => {
      if (operation === 'PublishVersion') throw Object.assign(new Error('The Revision Id provided does not match'), { name: 'PreconditionFailedException', $fault: 'client', $metadata: { httpStatusCode: 412 } });
    };
    const { result, journal } = await run(p.changes, 'apply.json');
    expect(result.results[0].outcome).toBe('unknown');
    expect(fn.memory).toBe(512);
    expect(fn.aliases.live).toBe('3');
    fake.state.beforeRequest = undefined;
    const back = await run(rollbackChanges(journal), 'rollback.json', 'rollback');
    expect(back.result.results[0].outcome).toBe('applied');
    expect(fn.memory).toBe(1024);
    expect(fn.aliases.live).toBe('3');
  });
});

describe('arm64 for a package above the direct-upload limit', () => {
  const arm64 = () => finding('lambda/arm64', NAME, ['x86_64'], ['arm64'], { resource: ARN });
  beforeEach(() => {
    // 51 MB of stored (incompressible) bytes: above the 50 MB ZipFile limit.
    fn.code = makeZip({ 'index.js': 'exports.handler = async () => 1;', 'data.bin': randomBytes(51 * 1024 * 1024) });
    for (const api of fake.state.restApis) for (const r of api.resources) for (const m of Object.values(r.methods)) if (m.uri) m.uri = m.uri.replace(':live/', '/');
  });

  it('is refused with the reason without --code-bucket', async () => {
    const p = await plan([arm64()]);
    expect(p.changes[0].refused).toMatch(/^the package is 51\.0 MB, above Lambda's 50\.0 MB limit for a package uploaded directly \(ZipFile\): pass --code-bucket BUCKET \(in us-east-1\)/);
  });

  it('goes through S3 with --code-bucket: the same bytes at clinnet-opt/<function>/<sha256>.zip, then UpdateFunctionCode S3Bucket/S3Key', async () => {
    const p = await plan([arm64()], 'clinnet-documents-prod');
    const change = p.changes[0];
    expect(change.refused).toBeUndefined();
    expect(change.input).toEqual({ FunctionName: NAME, Architectures: ['arm64'], Publish: false, S3Bucket: 'clinnet-documents-prod', S3Key: expect.stringMatching(new RegExp(`^clinnet-opt/${NAME}/[0-9a-f]{64}\\.zip$`)) });
    const { result } = await run(p.changes, 'apply.json');
    expect(result.results[0].outcome).toBe('applied');
    const stored = fake.state.objects?.['clinnet-documents-prod']?.[String(change.input.S3Key)];
    expect(stored?.equals(fn.code!)).toBe(true);
    expect(fn.architectures).toEqual(['arm64']);
    const update = fake.calls.find((c) => c.operation === 'UpdateFunctionCode')!;
    expect(update.input).toMatchObject({ S3Bucket: 'clinnet-documents-prod', S3Key: change.input.S3Key });
    expect(update.input.ZipFile).toBeUndefined();
  });

  it('through an alias: redeployed, published and the alias moved', async () => {
    for (const api of fake.state.restApis) for (const r of api.resources) for (const m of Object.values(r.methods)) if (m.uri?.includes(`function:${NAME}/`)) m.uri = m.uri.replace(`function:${NAME}/`, `function:${NAME}:live/`);
    const p = await plan([arm64()], 'clinnet-documents-prod');
    expect(p.changes[0].operation).toBe(RELEASE_CODE);
    expect(p.changes[0].refused).toBeUndefined();
    const { result } = await run(p.changes, 'apply.json');
    expect(result.results[0]).toMatchObject({ outcome: 'applied' });
    expect(fn.versionConfigs?.[fn.aliases.live]?.architectures).toEqual(['arm64']);
  });
});
