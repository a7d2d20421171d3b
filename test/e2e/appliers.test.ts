/**
 * The appliers and readers in-process against moto_server: real SDK serialization of every request
 * (XML for S3/CloudFront/EC2/RDS, JSON for the others), where aws-sdk-client-mock would bypass it,
 * including the arm64 redeploy path that the CLI run in moto.test.ts cannot reach (moto's code
 * locations cannot be downloaded, so the plan refuses arm64 there). Gaps: docs/e2e.md.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRestApiCommand, CreateDeploymentCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateRouteTableCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { executeChanges } from '../../src/changes/executor.js';
import { JournalWriter, parseJournal } from '../../src/changes/journal.js';
import { buildPlan } from '../../src/changes/planner.js';
import { rollbackChanges } from '../../src/changes/rollback.js';
import { readerFor, sameState } from '../../src/changes/operations/index.js';
import type { Change } from '../../src/fixers/types.js';
import { emptySnapshot } from '../../src/inventory/snapshot.js';
import { makeZip } from '../support/fake-account/zip-writer.js';
import { finding, noSleep } from '../fixers/support.js';
import { motoEnv, startMoto, type Moto } from './support/moto-server.js';
import { currentArchitectureDistribution } from './support/cloudfront-config.js';

const CODE = makeZip({ 'index.js': 'exports.handler = async () => 1;' });
let moto: Moto;
let saved: NodeJS.ProcessEnv;
let f: ClientFactory;
const ids: Record<string, string> = {};

beforeAll(async () => {
  moto = await startMoto();
  saved = { ...process.env };
  Object.assign(process.env, motoEnv(moto.endpoint));
  f = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
  await f.logs().send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/m-prod' }));
  await f.s3().send(new CreateBucketCommand({ Bucket: 'm-documents-prod' }));
  await f.s3().send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: 'm-documents-prod',
      LifecycleConfiguration: { Rules: [{ ID: 'expire-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } }] },
    }),
  );
  await f.dynamodb().send(
    new CreateTableCommand({
      TableName: 'm-reports-prod',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }),
  );
  const vpc = await f.ec2().send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
  ids.vpc = vpc.Vpc!.VpcId!;
  ids.rtb = (await f.ec2().send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!.RouteTableId!;
  // No IAM client in the project: moto's IAM speaks the query protocol, unsigned requests are fine.
  const roleBody = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: 'm-role', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' });
  const roleXml = await (await fetch(`${moto.endpoint}/`, { method: 'POST', body: roleBody, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x' } })).text();
  const roleArn = /<Arn>([^<]+)<\/Arn>/.exec(roleXml)?.[1] ?? 'arn:aws:iam::123456789012:role/m-role';
  await f.lambda().send(
    new CreateFunctionCommand({
      FunctionName: 'm-patients-prod',
      Runtime: 'nodejs20.x',
      Role: roleArn,
      Handler: 'index.handler',
      Code: { ZipFile: CODE },
      MemorySize: 1024,
      Timeout: 30,
    }),
  );
  await f.rds().send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'm-aurora-prod',
      Engine: 'aurora-mysql',
      MasterUsername: 'admin',
      MasterUserPassword: 'not-a-real-password-1',
      BackupRetentionPeriod: 14,
      ServerlessV2ScalingConfiguration: { MinCapacity: 2, MaxCapacity: 16 },
    }),
  );
  const distribution = await f.cloudfront().send(
    new CreateDistributionCommand({
      DistributionConfig: currentArchitectureDistribution('m-frontend', 'm', 'm-documents-prod'),
    }),
  );
  ids.distribution = distribution.Distribution!.Id!;
  const api = await f.apigateway().send(new CreateRestApiCommand({ name: 'm-api-prod' }));
  ids.api = api.id!;
  const root = (await f.apigateway().send(new GetResourcesCommand({ restApiId: ids.api }))).items![0].id!;
  await f.apigateway().send(new PutMethodCommand({ restApiId: ids.api, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await f.apigateway().send(new PutIntegrationCommand({ restApiId: ids.api, resourceId: root, httpMethod: 'GET', type: 'MOCK' }));
  await f.apigateway().send(new CreateDeploymentCommand({ restApiId: ids.api, stageName: 'prod' }));
}, 120_000);

afterAll(async () => {
  process.env = saved;
  await moto?.stop();
});

async function execute(changes: Change[], name: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'moto-')), name);
  const journal = new JournalWriter(path);
  try {
    const result = await executeChanges(changes, { factory: f, journal, header: { mode: 'apply', account: null, env: 'prod', planId: 'm' }, continueOnError: true, sleep: noSleep, pollMs: 0, maxPolls: 20 });
    return { result, journal: parseJournal(readFileSync(path, 'utf8'), path) };
  } finally {
    journal.close();
  }
}

describe('appliers and readers against moto_server', () => {
  it('applies, reads back and rolls back real SDK requests', async () => {
    const snapshot = emptySnapshot({ account: null, regions: ['us-east-1'] });
    snapshot.network.vpcs = [{ region: 'us-east-1', id: ids.vpc, cidr: '10.1.0.0/16', isDefault: false, tags: {} }];
    // The stage cache is planned with method caching on the API's GET methods: the snapshot lists them.
    snapshot.restApis = [
      {
        region: 'us-east-1',
        id: ids.api,
        name: 'm-api-prod',
        tags: {},
        stages: [{ name: 'prod', cacheClusterEnabled: false, cacheClusterSize: null, methodCaching: {}, tags: {} }],
        methods: [{ resourcePath: '/', httpMethod: 'GET', authorizationType: 'NONE', requestParameters: [], cacheKeyParameters: [] }],
      },
    ];
    const findings = [
      finding('lambda/memory', 'm-patients-prod', 1024, 512),
      finding('lambda/timeout', 'm-patients-prod', 30, 15),
      finding('logs/retention', '/aws/lambda/m-prod', null, 365),
      finding('s3/lifecycle', 'm-documents-prod', [{ ID: 'expire-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } }] as never, [
        { ID: 'DocumentsLifecycle', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 120, StorageClass: 'GLACIER' }] },
      ]),
      finding('dynamodb/on-demand', 'm-reports-prod', 'PROVISIONED', 'PAY_PER_REQUEST'),
      finding('vpc/gateway-endpoints', ids.vpc, { s3: { endpointId: null, routeTableIds: [] } }, { s3: { endpointId: null, routeTableIds: [ids.rtb] } }),
      finding('aurora/backup-retention', 'm-aurora-prod', 14, 7),
      finding('apigateway/stage-cache', `${ids.api}/prod`, { enabled: false, size: null }, { enabled: true, size: '0.5' }),
      finding('lambda/arm64', 'm-patients-prod', ['x86_64'], ['arm64']),
      finding('lambda/reserved-concurrency', 'm-patients-prod', null, 50),
      finding('cloudfront/price-class', ids.distribution, 'PriceClass_100', 'PriceClass_All'),
      finding('cloudfront/compression', ids.distribution, { '*': false }, { '*': true }),
    ];
    snapshot.lambdaFunctions = [
      {
        region: 'us-east-1', name: 'm-patients-prod', arn: 'arn:aws:lambda:us-east-1:123456789012:function:m-patients-prod', runtime: 'nodejs20.x', packageType: 'Zip',
        architectures: ['x86_64'], memoryMb: 1024, timeoutS: 30, reservedConcurrency: null, provisionedConcurrency: [], layers: [],
        logging: { logFormat: 'Text', applicationLogLevel: null, systemLogLevel: null, logGroup: null }, environmentVariableNames: [], tags: {}, codeSizeBytes: 100, invokedByApiGateway: null,
      },
    ];
    snapshot.dynamoTables = [
      { region: 'us-east-1', name: 'm-reports-prod', arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/m-reports-prod', billingMode: 'PROVISIONED', provisioned: { rcu: 5, wcu: 5 }, keySchema: [], attributeDefinitions: [], gsis: [], itemCount: 0, sizeBytes: 0, tags: {} },
    ];
    const plan = await buildPlan(findings, snapshot, {
      allowDrift: false,
      // Every applier is exercised, increases included.
      includeIncreases: true,
      env: 'prod',
      // moto cannot serve code downloads: inspect as if clean so the apply path meets that limit.
      ctx: { now: new Date(), inspectLambdaCode: async () => ({ x86Binaries: [] }) },
    });
    // moto's code locations cannot be downloaded: serve the package it was given, so the redeploy
    // reaches UpdateFunctionCode, which moto accepts without changing Architectures.
    const realFetch = globalThis.fetch;
    const downloads: string[] = [];
    globalThis.fetch = (async (resource: string | URL | Request, init?: RequestInit) => {
      const url = typeof resource === 'string' ? resource : resource instanceof URL ? resource.href : resource.url;
      if (url.startsWith(moto.endpoint)) return realFetch(resource, init);
      downloads.push(url);
      return new Response(new Uint8Array(CODE), { status: 200 });
    }) as typeof fetch;
    let applied;
    try {
      applied = await execute(plan.changes, 'apply.json');
    } finally {
      globalThis.fetch = realFetch;
    }
    const { result, journal } = applied;
    expect(downloads).toHaveLength(1);
    const outcomes = Object.fromEntries(result.results.map((r) => [r.change.rule, r.outcome === 'failed' || r.outcome === 'unknown' ? `${r.outcome}: ${r.error}` : r.outcome]));
    expect(outcomes).toMatchObject({
      'lambda/memory': 'applied',
      'lambda/timeout': 'applied',
      'logs/retention': 'applied',
      's3/lifecycle': 'applied',
      'dynamodb/on-demand': 'applied',
      'vpc/gateway-endpoints': 'applied',
      'aurora/backup-retention': 'applied',
      'apigateway/stage-cache': 'applied',
      'lambda/reserved-concurrency': 'applied',
      'cloudfront/price-class': 'applied',
      'cloudfront/compression': 'applied',
    });
    // UpdateFunctionCode is accepted but the architecture stays: the read-back cannot confirm it, so its outcome is unknown.
    expect(outcomes['lambda/arm64']).toBe('unknown: lambda:UpdateFunctionCode was accepted, but Architectures reads ["x86_64"] (unchanged), not ["arm64"]');
    for (const r of result.results.filter((x) => x.outcome === 'applied')) {
      const read = await readerFor(r.change)!.read(r.change, { factory: f, region: 'us-east-1', sleep: noSleep, pollMs: 0, maxPolls: 5 });
      expect(sameState(r.change.attribute, read, r.change.after), `${r.change.rule}: ${JSON.stringify(read)}`).toBe(true);
    }
    const back = await execute(rollbackChanges(journal), 'rollback.json');
    const failures = back.result.results.filter((r) => r.outcome !== 'applied' && !r.alreadyDone).map((r) => `${r.change.rule}: ${r.error ?? r.detail}`);
    expect(failures).toEqual([]);
  }, 120_000);
});
