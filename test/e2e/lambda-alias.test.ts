/**
 * Lambda changes reach the traffic: the built CLI against moto_server, the account read back
 * through the API. A function API Gateway invokes through alias `live` gets its change on the
 * version that alias serves (update $LATEST, publish, move the alias), and rollback moves the alias
 * back; an alias in a canary is refused naming the weights; a package above the 50 MB direct-upload
 * limit is refused without --code-bucket and planned through S3 with it.
 * Run `npm run build` first: this test spawns dist/ through bin/.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ClientFactory } from '../../src/aws/clients.js';
import { parseJournal } from '../../src/changes/journal.js';
import type { Plan } from '../../src/changes/plan.js';
import { makeZip } from '../support/fake-account/zip-writer.js';
import { createRole } from './support/moto-iam.js';
import { motoEnv, startMoto, type Moto } from './support/moto-server.js';

const BIN = resolve(import.meta.dirname, '../../bin/clinnet-opt');
const LIVE = ['--env', 'prod', '--region', 'us-east-1'];
if (!existsSync(resolve(import.meta.dirname, '../../dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');

const ACCOUNT = '123456789012';
const ALIASED = 'e2e-patients-prod';
const CANARY = 'e2e-appointments-prod';
const BIG = 'e2e-bigpkg-prod';
const CODE_BUCKET = 'e2e-code-prod';

let moto: Moto;
let env: NodeJS.ProcessEnv;
let dir: string;
let bigSha256Hex: string;
let apiId: string;

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 300_000 });
  expect(run.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|TypeError|ReferenceError/);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The SDK against moto, for seeding and for reading the account back. */
function aws(): ClientFactory {
  return new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
}

async function withMotoEnv<T>(work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, motoEnv(moto.endpoint));
  try {
    return await work();
  } finally {
    process.env = saved;
  }
}

const integrationUri = (fn: string, qualifier: string) =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn}:${qualifier}/invocations`;

async function seed(): Promise<void> {
  const f = aws();
  const role = await createRole(moto.endpoint, 'e2e-alias-role');
  const create = (name: string, code: { ZipFile: Uint8Array } | { S3Bucket: string; S3Key: string }) =>
    f.lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: role, Handler: 'index.handler', Code: code, MemorySize: 512, Timeout: 10, Tags: { Environment: 'prod' } }));
  // Served through alias live on version 1; 10 s is below the high-frequency tier's 15 s.
  await create(ALIASED, { ZipFile: makeZip({ 'index.js': 'exports.handler = async () => 1;' }) });
  await f.lambda().send(new PublishVersionCommand({ FunctionName: ALIASED }));
  await f.lambda().send(new CreateAliasCommand({ FunctionName: ALIASED, Name: 'live', FunctionVersion: '1' }));
  // A canary: live serves version 1 and sends 10 % to version 2.
  await create(CANARY, { ZipFile: makeZip({ 'index.js': 'exports.handler = async () => 2;' }) });
  await f.lambda().send(new PublishVersionCommand({ FunctionName: CANARY }));
  await f.lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: CANARY, Description: 'next release' }));
  await f.lambda().send(new PublishVersionCommand({ FunctionName: CANARY }));
  await f.lambda().send(new CreateAliasCommand({ FunctionName: CANARY, Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } }));
  // 51 MB of incompressible bytes: deployed from S3, as a package this size must be.
  const big = makeZip({ 'index.js': 'exports.handler = async () => 3;', 'model.bin': randomBytes(51 * 1024 * 1024) });
  bigSha256Hex = createHash('sha256').update(big).digest('hex');
  await f.s3().send(new CreateBucketCommand({ Bucket: CODE_BUCKET }));
  await f.s3().send(new PutObjectCommand({ Bucket: CODE_BUCKET, Key: 'seed/bigpkg.zip', Body: big }));
  await create(BIG, { S3Bucket: CODE_BUCKET, S3Key: 'seed/bigpkg.zip' });
  // API Gateway invokes both small functions through their alias.
  apiId = (await f.apigateway().send(new CreateRestApiCommand({ name: 'e2e-alias-api', tags: { Environment: 'prod' } }))).id!;
  const root = (await f.apigateway().send(new GetResourcesCommand({ restApiId: apiId }))).items![0].id!;
  for (const [path, fn] of [['patients', ALIASED], ['appointments', CANARY]] as const) {
    const resource = (await f.apigateway().send(new CreateResourceCommand({ restApiId: apiId, parentId: root, pathPart: path }))).id!;
    await f.apigateway().send(new PutMethodCommand({ restApiId: apiId, resourceId: resource, httpMethod: 'GET', authorizationType: 'NONE' }));
    await f.apigateway().send(
      new PutIntegrationCommand({ restApiId: apiId, resourceId: resource, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: integrationUri(fn, 'live') }),
    );
  }
  await f.apigateway().send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
}

/** What serves traffic: each alias's version and the timeout through the alias, and $LATEST's. */
async function readBack() {
  return withMotoEnv(async () => {
    const lambda = aws().lambda();
    const state: Record<string, unknown> = {};
    for (const name of [ALIASED, CANARY]) {
      const alias = await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
      const viaAlias = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: 'live' }));
      const latest = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      state[name] = { aliasVersion: alias.FunctionVersion, weights: alias.RoutingConfig?.AdditionalVersionWeights ?? {}, timeoutViaAlias: viaAlias.Timeout, timeoutLatest: latest.Timeout };
    }
    return state;
  });
}

function planJson(...args: string[]): Plan {
  const run = cli('fix', ...LIVE, ...args, '--format', 'json');
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Plan;
}

describe('Lambda aliases and large packages, the built CLI against moto_server', () => {
  beforeAll(async () => {
    moto = await startMoto();
    env = { ...process.env, ...motoEnv(moto.endpoint), NO_COLOR: '1' };
    delete env.AWS_PROFILE;
    await withMotoEnv(seed);
    dir = mkdtempSync(join(tmpdir(), 'clinnet-moto-alias-'));
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('snapshot records each alias with its version and weights, and the qualifier API Gateway invokes', () => {
    const run = cli('snapshot', ...LIVE, '--out', join(dir, 'snap.json'));
    expect(run.status, run.stderr).toBe(0);
    const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as { lambdaFunctions: { name: string; aliasDetails?: unknown; invokedQualifiers?: unknown }[] };
    const byName = Object.fromEntries(snap.lambdaFunctions.map((f) => [f.name, f]));
    expect(byName[ALIASED].aliasDetails).toEqual([{ name: 'live', functionVersion: '1', additionalVersionWeights: {}, versionConfig: expect.objectContaining({ version: '1', timeoutS: 10, memoryMb: 512 }) }]);
    expect(byName[ALIASED].invokedQualifiers).toEqual([{ source: 'apigateway', id: apiId, qualifier: 'live' }]);
    expect(byName[CANARY].aliasDetails).toEqual([expect.objectContaining({ name: 'live', functionVersion: '1', additionalVersionWeights: { '2': 0.1 } })]);
  });

  it('plans the change on the alias, refuses the canary naming its weights, and changes nothing without --apply', async () => {
    const before = await readBack();
    const plan = planJson('--only', 'lambda/timeout');
    const aliased = plan.changes.find((c) => c.resourceName === ALIASED)!;
    expect(aliased).toMatchObject({
      operation: 'lambda:UpdateFunctionConfiguration+PublishVersion+UpdateAlias',
      input: { FunctionName: ALIASED, Timeout: 15, PublishVersion: { CodeSha256: expect.any(String) }, UpdateAlias: { Name: 'live', FromVersion: '1' } },
      before: 10,
      after: 15,
      undo: { operation: 'lambda:UpdateFunctionConfiguration+UpdateAlias', input: { FunctionName: ALIASED, Timeout: 10, UpdateAlias: { Name: 'live', FunctionVersion: '1' } } },
    });
    expect(aliased.refused).toBeUndefined();
    expect(aliased.notes?.[0]).toMatch(new RegExp(`^reaches alias live \\(version 1; invoked by API Gateway ${apiId}\\): updates \\$LATEST, publishes it as a new version`));
    const canary = plan.changes.find((c) => c.resourceName === CANARY)!;
    expect(canary.refused).toBe('alias live routes 10 % to version 2 and 90 % to version 1 (a canary in progress): finish or cancel it, then plan again');
    // The table shows the same, field by field.
    const table = cli('fix', ...LIVE, '--only', 'lambda/timeout');
    expect(table.stdout).toContain('sends lambda:UpdateFunctionConfiguration+PublishVersion+UpdateAlias');
    expect(table.stdout).toContain('    UpdateAlias: {"Name":"live","FromVersion":"1"}');
    expect(await readBack()).toEqual(before);
  });

  it('apply reaches the alias (read back through the alias), and rollback moves the alias back', async () => {
    const journal = join(dir, 'alias-journal.json');
    const run = cli('fix', ...LIVE, '--only', 'lambda/timeout', '--apply', '--yes', '--journal', journal);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/applied {7}lambda\/timeout {2}e2e-patients-prod {2}Timeout {2}updated \$LATEST, published version 2 and moved alias live from version 1 to 2/);
    expect(run.stdout).toMatch(/refused {7}lambda\/timeout {2}e2e-appointments-prod/);
    expect(await readBack()).toEqual({
      [ALIASED]: { aliasVersion: '2', weights: {}, timeoutViaAlias: 15, timeoutLatest: 15 },
      [CANARY]: { aliasVersion: '1', weights: { '2': 0.1 }, timeoutViaAlias: 10, timeoutLatest: 10 },
    });
    // The alias's old version was journaled before it moved.
    const record = parseJournal(readFileSync(journal, 'utf8'), journal).records.find((r) => r.change.resourceName === ALIASED)!;
    expect(record.undo).toEqual({ operation: 'lambda:UpdateFunctionConfiguration+UpdateAlias', input: { FunctionName: ALIASED, Timeout: 10, UpdateAlias: { Name: 'live', FunctionVersion: '1' } } });

    const back = cli('rollback', journal, '--yes');
    expect(back.status, `${back.stdout}\n${back.stderr}`).toBe(0);
    expect(await readBack()).toEqual({
      [ALIASED]: { aliasVersion: '1', weights: {}, timeoutViaAlias: 10, timeoutLatest: 10 },
      [CANARY]: { aliasVersion: '1', weights: { '2': 0.1 }, timeoutViaAlias: 10, timeoutLatest: 10 },
    });
  });

  it('a package above the 50 MB direct-upload limit: refused without --code-bucket, planned through S3 with it', () => {
    const without = planJson('--only', 'lambda/arm64', '--resource', BIG).changes[0];
    expect(without.refused).toMatch(/^the package is 51\.0 MB, above Lambda's 50\.0 MB limit for a package uploaded directly \(ZipFile\): pass --code-bucket BUCKET \(in us-east-1\) to redeploy it through S3$/);
    const withBucket = planJson('--only', 'lambda/arm64', '--resource', BIG, '--code-bucket', CODE_BUCKET).changes[0];
    expect(withBucket.input).toEqual({ FunctionName: BIG, Architectures: ['arm64'], Publish: false, S3Bucket: CODE_BUCKET, S3Key: `clinnet-opt/${BIG}/${bigSha256Hex}.zip` });
    expect(withBucket.notes).toContain(`the package is 51.0 MB, above Lambda's 50.0 MB limit for a package uploaded directly (ZipFile): the same bytes are uploaded to s3://${CODE_BUCKET}/clinnet-opt/${BIG}/${bigSha256Hex}.zip (PutObject) and deployed from there; the object stays for the rollback`);
    // moto's GetFunction code location cannot be downloaded, so the x86-64 scan cannot run: still refused, with that reason (docs/e2e.md).
    expect(withBucket.refused).toMatch(/^the code package could not be inspected: cannot download the function's code package/);
  });
});
