/** The collectors against the stateful fake account (aws-sdk-client-mock, AWS-shaped answers, pages of 2). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';

const SECRET = 'pa55w0rd-SHOULD-NEVER-APPEAR-8f3a';
let fake: FakeAccountHandle;

beforeEach(() => {
  const state = seedProdAccount();
  state.functions[0].environment = { ...state.functions[0].environment, DB_PASSWORD: SECRET };
  fake = installFakeAccount(state);
});
afterEach(() => fake.restore());

const factory = () => new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });

describe('collectSnapshot against the fake account', () => {
  it('reads every service into a snapshot that validates, with every read handled', async () => {
    const progress: string[] = [];
    const snapshot = await collectSnapshot(factory(), { regions: ['us-east-1'], env: 'prod', concurrency: 3, onProgress: (e) => progress.push(`${e.service}:${e.done}`) });
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(fake.unhandled).toEqual([]);
    expect(snapshot.coverageGaps).toEqual([]);
    expect(snapshot).toMatchObject({ account: '123456789012', env: 'prod', regions: ['us-east-1'] });
    expect(snapshot.lambdaFunctions.map((f) => f.name)).toEqual([
      'clinnet-patients-prod',
      'clinnet-appointments-prod',
      'clinnet-reports-prod',
      'clinnet-ocr-prod',
      'clinnet-health-prod',
      'clinnet-billing-prod',
      'clinnet-admin-prod',
    ]);
    expect(snapshot.auroraClusters).toHaveLength(1);
    expect(snapshot.dynamoTables).toHaveLength(1);
    expect(snapshot.buckets.map((b) => b.name)).toEqual(['clinnet-documents-prod', 'clinnet-frontend-prod', 'clinnet-images-prod']);
    expect(snapshot.distributions).toHaveLength(1);
    expect(snapshot.network.routeTables).toHaveLength(3);
    expect(snapshot.logGroups).toHaveLength(2);
    expect(snapshot.restApis).toHaveLength(1);
    for (const service of ['sts', 'lambda', 'rds', 'dynamodb', 'ec2', 'logs', 'apigateway', 's3', 'cloudfront']) {
      expect(progress).toEqual(expect.arrayContaining([`${service}:false`, `${service}:true`]));
    }
  });

  it('keeps environment variable names and never their values', async () => {
    const snapshot = await collectSnapshot(factory(), { regions: ['us-east-1'] });
    const patients = snapshot.lambdaFunctions.find((f) => f.name === 'clinnet-patients-prod')!;
    expect(patients.environmentVariableNames).toEqual(['DB_PASSWORD', 'DB_SECRET_ARN', 'TABLE']);
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('arn:aws:secretsmanager:us-east-1:123456789012:secret:db');
    expect(snapshot.env).toBeNull();
  });

  it('records what the fixers need: aliases, provisioned concurrency, layers, reserved concurrency, tags, logging', async () => {
    fake.state.functions[1].provisioned = { live: 5 };
    fake.state.functions[2].reserved = 50;
    fake.state.functions[3].layers.push('arn:aws:lambda:us-east-1:999999999999:layer:vendor:1');
    const snapshot = await collectSnapshot(factory(), { regions: ['us-east-1'] });
    const byName = Object.fromEntries(snapshot.lambdaFunctions.map((f) => [f.name, f]));
    expect(byName['clinnet-patients-prod']).toMatchObject({
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:clinnet-patients-prod',
      runtime: 'nodejs20.x',
      packageType: 'Zip',
      architectures: ['x86_64'],
      memoryMb: 1024,
      timeoutS: 30,
      reservedConcurrency: null,
      aliases: ['live'],
      layers: [{ arn: 'arn:aws:lambda:us-east-1:123456789012:layer:clinnet-common:4', compatibleArchitectures: ['x86_64', 'arm64'] }],
      logging: { logFormat: 'Text', applicationLogLevel: null, systemLogLevel: null, logGroup: '/aws/lambda/clinnet-patients-prod' },
      tags: { Environment: 'prod', Project: 'clinnet' },
      invokedByApiGateway: true,
    });
    expect(byName['clinnet-patients-prod'].codeSizeBytes).toBeGreaterThan(0);
    expect(byName['clinnet-appointments-prod'].provisionedConcurrency).toEqual([{ qualifier: 'live', requested: 5, allocated: 5, status: 'READY' }]);
    expect(byName['clinnet-appointments-prod'].invokedByApiGateway).toBe(false);
    expect(byName['clinnet-reports-prod'].reservedConcurrency).toBe(50);
    expect(byName['clinnet-reports-prod'].aliases).toEqual([]);
    // A layer in another account that cannot be read: architectures unknown, and said so.
    expect(byName['clinnet-ocr-prod'].layers).toEqual([
      { arn: 'arn:aws:lambda:us-east-1:123456789012:layer:legacy-pdf:2', compatibleArchitectures: ['x86_64'] },
      { arn: 'arn:aws:lambda:us-east-1:999999999999:layer:vendor:1', compatibleArchitectures: null },
    ]);
    expect(byName['clinnet-billing-prod']).toMatchObject({ packageType: 'Image', runtime: null });
    expect(byName['clinnet-admin-prod'].tags['aws:cloudformation:logical-id']).toBe('AdminFunction');
    expect(snapshot.lambdaAccountSettings).toEqual([{ region: 'us-east-1', concurrencyLimit: 1000, unreservedConcurrency: 950, codeSizeZipped: 52_428_800 }]);
    // Each alias with the version it serves and that version's configuration; which qualifier callers invoke.
    expect(byName['clinnet-patients-prod'].aliasDetails).toEqual([
      {
        name: 'live',
        functionVersion: '3',
        additionalVersionWeights: {},
        versionConfig: { version: '3', memoryMb: 1024, timeoutS: 30, architectures: ['x86_64'], logFormat: 'Text', applicationLogLevel: null, codeSha256: byName['clinnet-patients-prod'].codeSha256 },
      },
    ]);
    expect(byName['clinnet-patients-prod'].invokedQualifiers).toEqual([{ source: 'apigateway', id: expect.any(String), qualifier: '$LATEST' }]);
    expect(byName['clinnet-reports-prod'].invokedQualifiers).toEqual([]);
  });

  it('reads each distinct layer version once, however many functions use it', async () => {
    for (const f of fake.state.functions) f.layers = ['arn:aws:lambda:us-east-1:123456789012:layer:clinnet-common:4'];
    await collectSnapshot(factory(), { regions: ['us-east-1'] });
    expect(fake.calls.filter((call) => call.operation === 'GetLayerVersionByArn')).toHaveLength(1);
  });

  it('records Aurora scaling, engine support, members; DynamoDB capacity and keys; S3 lifecycle; CloudFront behaviours', async () => {
    const snapshot = await collectSnapshot(factory(), { regions: ['us-east-1'] });
    expect(snapshot.auroraClusters[0]).toMatchObject({
      id: 'clinnet-aurora-prod',
      arn: 'arn:aws:rds:us-east-1:123456789012:cluster:clinnet-aurora-prod',
      engine: 'aurora-mysql',
      serverlessV2: { minAcu: 2, maxAcu: 16 },
      engineMinAcuSupported: 0,
      engineMaxAcuSupported: 256,
      backupRetentionDays: 14,
      multiAz: true,
      dataApiEnabled: true,
      deletionProtection: true,
      tags: { Environment: 'prod' },
      instances: [
        { id: 'clinnet-aurora-prod-1', instanceClass: 'db.serverless', availabilityZone: 'us-east-1a', isWriter: true },
        { id: 'clinnet-aurora-prod-2', instanceClass: 'db.serverless', availabilityZone: 'us-east-1b', isWriter: false },
      ],
    });
    expect(snapshot.dynamoTables[0]).toMatchObject({
      name: 'clinnet-medical_reports-prod',
      billingMode: 'PROVISIONED',
      provisioned: { rcu: 50, wcu: 25 },
      keySchema: [{ name: 'reportId', type: 'HASH' }],
      gsis: [{ name: 'PatientDateIndex', projectionType: 'KEYS_ONLY', provisioned: { rcu: 10, wcu: 5 } }],
      itemCount: 120000,
      tags: { Environment: 'prod' },
    });
    const docs = snapshot.buckets.find((b) => b.name === 'clinnet-documents-prod')!;
    expect(docs).toMatchObject({ region: 'us-east-1', lifecycleRules: [{ ID: 'expire-tmp-uploads', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } }], intelligentTiering: [], tags: { Environment: 'prod' } });
    expect(snapshot.buckets.find((b) => b.name === 'clinnet-images-prod')!.lifecycleRules).toBeNull();
    expect(snapshot.distributions[0]).toMatchObject({
      id: 'E2CLINNETPROD1',
      aliases: ['app.clinnet.example'],
      priceClass: 'PriceClass_100',
      enabled: true,
      defaultBehavior: { pathPattern: '*', compress: false, cachePolicyId: null },
      behaviors: [{ pathPattern: '/api/*', compress: false }],
      tags: { Environment: 'prod' },
    });
    expect(snapshot.network.natGateways).toEqual([{ region: 'us-east-1', id: 'nat-0prod', vpcId: 'vpc-0prod', subnetId: 'subnet-0pub', state: 'available', tags: {} }]);
    expect(snapshot.network.routeTables.find((t) => t.id === 'rtb-0public')).toMatchObject({ isMain: true, subnetIds: ['subnet-0pub'] });
    expect(snapshot.network.vpcEndpoints[0]).toMatchObject({ serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway', routeTableIds: ['rtb-0priva'] });
    expect(snapshot.logGroups.map((g) => [g.name, g.retentionDays, g.storedBytes])).toEqual([
      ['/aws/lambda/clinnet-patients-prod', null, 5_000_000_000],
      ['/aws/lambda/clinnet-reports-prod', 3653, 900_000_000],
    ]);
    expect(snapshot.restApis[0]).toMatchObject({
      id: 'a1b2c3d4e5',
      stages: [{ name: 'prod', cacheClusterEnabled: false, cacheClusterSize: null }],
      lambdaIntegrations: ['arn:aws:lambda:us-east-1:123456789012:function:clinnet-patients-prod'],
    });
  });

  it('records what reaches each CloudFront origin and what decides whether an API method may be cached', async () => {
    const config = fake.state.distributions[0].config as Record<string, unknown>;
    (config.Origins as { Items: unknown[]; Quantity: number }).Items.push({ Id: 'api', DomainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } });
    const api = (config.CacheBehaviors as { Items: Record<string, unknown>[] }).Items[0];
    Object.assign(api, { TargetOriginId: 'api', ForwardedValues: { QueryString: true, Cookies: { Forward: 'none' }, Headers: { Quantity: 1, Items: ['Authorization'] } } });
    const rest = fake.state.restApis[0];
    rest.resources[1].methods.GET = { ...rest.resources[1].methods.GET, authorizationType: 'COGNITO_USER_POOLS', requestParameters: { 'method.request.header.Authorization': true }, cacheKeyParameters: ['method.request.header.Authorization'] };
    rest.stages[0].methodSettings = { '~1patients/GET': { cachingEnabled: true, cacheTtlInSeconds: 120 } };

    const snapshot = await collectSnapshot(factory(), { regions: ['us-east-1'], env: 'prod', concurrency: 3 });
    expect(snapshot.distributions[0].origins).toEqual([
      { id: 'frontend-s3', domainName: 'clinnet-frontend-prod.s3.amazonaws.com', kind: 's3' },
      { id: 'api', domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', kind: 'custom' },
    ]);
    expect(snapshot.distributions[0].defaultBehavior.forwardedValues).toEqual({ queryString: false, headers: [], cookies: 'none' });
    expect(snapshot.distributions[0].behaviors[0]).toMatchObject({ targetOriginId: 'api', forwardedValues: { queryString: true, headers: ['Authorization'], cookies: 'none' } });
    expect(snapshot.restApis[0].methods).toEqual([
      { resourcePath: '/patients', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', requestParameters: ['method.request.header.Authorization'], cacheKeyParameters: ['method.request.header.Authorization'] },
    ]);
    expect(snapshot.restApis[0].stages[0].methodCaching).toEqual({ '~1patients/GET': { cachingEnabled: true, cacheTtlSeconds: 120 } });
  });

  it('leaves buckets in regions that were not asked for out', async () => {
    fake.state.buckets[0].region = 'eu-west-1';
    const snapshot = await collectSnapshot(factory(), { regions: ['us-east-1'] });
    expect(snapshot.buckets.map((b) => b.name)).not.toContain('clinnet-documents-prod');
    expect(fake.calls.filter((c) => c.input.Bucket === 'clinnet-documents-prod')).toEqual([]);
  });
});
