/**
 * A Clinnet prod account that misses the design in the ways the fixers address: x86 functions
 * (one with a native x86-64 module, one container image), oversized memory, logs kept forever,
 * a provisioned DynamoDB table, buckets without the design's lifecycle (one with a rule someone
 * else wrote), a CloudFront distribution on PriceClass_100 without compression, private subnets
 * reaching S3/DynamoDB through a NAT gateway, a stage without cache, and a CloudFormation-managed function.
 */
import { makeZip, elfBinary, EM_X86_64, EM_AARCH64 } from './zip-writer.js';
import type { FakeFunction, FakeState } from './state.js';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

function fn(name: string, overrides: Partial<FakeFunction> = {}): FakeFunction {
  return {
    region: REGION,
    name,
    runtime: 'nodejs20.x',
    packageType: 'Zip',
    architectures: ['x86_64'],
    memory: 1024,
    timeout: 30,
    reserved: null,
    code: makeZip({ 'index.js': `exports.handler = async () => ({ statusCode: 200, body: '${name}' });\n`, 'package.json': '{"name":"fn"}' }),
    layers: [],
    logging: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
    environment: { DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db', TABLE: 'x' },
    tags: { Environment: 'prod', Project: 'clinnet' },
    aliases: {},
    versions: [],
    provisioned: {},
    lastModified: '2025-01-10T10:00:00.000+0000',
    updatingReads: 0,
    // Lambda Insights is on: the rules may lower memory and timeouts only on measured figures.
    published: { maxMemoryUsedMb: 180, p99DurationMs: 900, maxDurationMs: 2500, maxConcurrentExecutions: 12 },
    ...overrides,
  };
}

export function seedProdAccount(options: { now?: () => Date } = {}): FakeState {
  const legacyBehavior = {
    TargetOriginId: 'frontend-s3',
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: { Quantity: 2, Items: ['GET', 'HEAD'], CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] } },
    Compress: false,
    ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
    MinTTL: 0,
    DefaultTTL: 86400,
    MaxTTL: 31536000,
  };
  return {
    accountId: ACCOUNT_ID,
    now: options.now ?? (() => new Date('2025-06-01T12:00:00Z')),
    pageSize: 2,
    lambdaSettleReads: 2,
    serveCode: true,
    counter: 100,
    layers: {
      'arn:aws:lambda:us-east-1:123456789012:layer:clinnet-common:4': { compatibleArchitectures: ['x86_64', 'arm64'] },
      'arn:aws:lambda:us-east-1:123456789012:layer:legacy-pdf:2': { compatibleArchitectures: ['x86_64'] },
    },
    functions: [
      fn('clinnet-patients-prod', { aliases: { live: '3' }, versions: ['1', '2', '3'], layers: ['arn:aws:lambda:us-east-1:123456789012:layer:clinnet-common:4'] }),
      fn('clinnet-appointments-prod', { aliases: { live: '7' }, versions: ['7'] }),
      fn('clinnet-reports-prod', {
        memory: 2048,
        timeout: 120,
        published: { maxMemoryUsedMb: 700, p99DurationMs: 20_000, maxDurationMs: 26_000, maxConcurrentExecutions: 4 },
        code: makeZip({ 'index.js': 'module.exports = require("sharp");', 'node_modules/sharp/build/Release/sharp-linux-x64.node': elfBinary(EM_X86_64) }),
      }),
      fn('clinnet-ocr-prod', { memory: 1024, timeout: 60, layers: ['arn:aws:lambda:us-east-1:123456789012:layer:legacy-pdf:2'] }),
      fn('clinnet-health-prod', { memory: 512, timeout: 10, code: makeZip({ 'bootstrap': elfBinary(EM_AARCH64), 'index.js': '' }) }),
      fn('clinnet-billing-prod', {
        packageType: 'Image',
        runtime: null,
        code: null,
        imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/billing:1',
      }),
      fn('clinnet-admin-prod', {
        memory: 1024,
        timeout: 10,
        tags: { Environment: 'prod', 'aws:cloudformation:stack-name': 'clinnet-admin-prod', 'aws:cloudformation:logical-id': 'AdminFunction' },
      }),
    ],
    clusters: [
      {
        region: REGION,
        id: 'clinnet-aurora-prod',
        engine: 'aurora-mysql',
        engineVersion: '8.0.mysql_aurora.3.08.0',
        status: 'available',
        minAcu: 2,
        maxAcu: 16,
        backupRetention: 14,
        multiAz: true,
        instances: [
          { id: 'clinnet-aurora-prod-1', instanceClass: 'db.serverless', az: 'us-east-1a', writer: true },
          { id: 'clinnet-aurora-prod-2', instanceClass: 'db.serverless', az: 'us-east-1b', writer: false },
        ],
        dataApi: true,
        deletionProtection: true,
        tags: { Environment: 'prod' },
        modifyingReads: 0,
      },
    ],
    tables: [
      {
        region: REGION,
        name: 'clinnet-medical_reports-prod',
        billingMode: 'PROVISIONED',
        rcu: 50,
        wcu: 25,
        keySchema: [{ AttributeName: 'reportId', KeyType: 'HASH' }],
        attributes: [
          { AttributeName: 'reportId', AttributeType: 'S' },
          { AttributeName: 'patientId', AttributeType: 'S' },
          { AttributeName: 'reportDate', AttributeType: 'S' },
        ],
        gsis: [
          {
            name: 'PatientDateIndex',
            keySchema: [
              { AttributeName: 'patientId', KeyType: 'HASH' },
              { AttributeName: 'reportDate', KeyType: 'RANGE' },
            ],
            projection: 'KEYS_ONLY',
            rcu: 10,
            wcu: 5,
          },
        ],
        itemCount: 120000,
        sizeBytes: 480000000,
        tags: { Environment: 'prod' },
        switchesToOnDemand: [],
      },
    ],
    buckets: [
      {
        name: 'clinnet-documents-prod',
        region: REGION,
        lifecycle: [{ ID: 'expire-tmp-uploads', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } }],
        intelligentTiering: [],
        tags: { Environment: 'prod' },
      },
      { name: 'clinnet-images-prod', region: REGION, lifecycle: null, intelligentTiering: [], tags: { Environment: 'prod' } },
      { name: 'clinnet-frontend-prod', region: REGION, lifecycle: null, intelligentTiering: [], tags: { Environment: 'prod' } },
    ],
    distributions: [
      {
        id: 'E2CLINNETPROD1',
        etag: 'E3ORIGINAL0001',
        tags: { Environment: 'prod' },
        config: {
          CallerReference: 'clinnet-prod-frontend',
          Aliases: { Quantity: 1, Items: ['app.clinnet.example'] },
          DefaultRootObject: 'index.html',
          Origins: { Quantity: 1, Items: [{ Id: 'frontend-s3', DomainName: 'clinnet-frontend-prod.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] },
          DefaultCacheBehavior: legacyBehavior,
          CacheBehaviors: {
            Quantity: 1,
            Items: [{ ...legacyBehavior, PathPattern: '/api/*', TargetOriginId: 'frontend-s3' }],
          },
          Comment: 'Clinnet prod frontend',
          PriceClass: 'PriceClass_100',
          Enabled: true,
        },
      },
    ],
    network: {
      vpcs: [{ region: REGION, id: 'vpc-0prod', cidr: '10.0.0.0/16', isDefault: false, tags: { Name: 'clinnet-prod', Environment: 'prod' } }],
      subnets: [
        { region: REGION, id: 'subnet-0pub', vpcId: 'vpc-0prod', az: 'us-east-1a', tags: { Name: 'public-a' } },
        { region: REGION, id: 'subnet-0priva', vpcId: 'vpc-0prod', az: 'us-east-1a', tags: { Name: 'private-a' } },
        { region: REGION, id: 'subnet-0privb', vpcId: 'vpc-0prod', az: 'us-east-1b', tags: { Name: 'private-b' } },
      ],
      routeTables: [
        {
          region: REGION,
          id: 'rtb-0public',
          vpcId: 'vpc-0prod',
          main: true,
          subnetIds: ['subnet-0pub'],
          routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
            { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0prod', State: 'active', Origin: 'CreateRoute' },
          ],
          tags: {},
        },
        {
          region: REGION,
          id: 'rtb-0priva',
          vpcId: 'vpc-0prod',
          main: false,
          subnetIds: ['subnet-0priva'],
          routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0prod', State: 'active', Origin: 'CreateRoute' },
            { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-0s3existing', State: 'active', Origin: 'CreateRoute' },
          ],
          tags: {},
        },
        {
          region: REGION,
          id: 'rtb-0privb',
          vpcId: 'vpc-0prod',
          main: false,
          subnetIds: ['subnet-0privb'],
          routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0prod', State: 'active', Origin: 'CreateRoute' },
          ],
          tags: {},
        },
      ],
      natGateways: [{ region: REGION, id: 'nat-0prod', vpcId: 'vpc-0prod', subnetId: 'subnet-0pub', state: 'available', tags: {} }],
      endpoints: [
        { region: REGION, id: 'vpce-0s3existing', vpcId: 'vpc-0prod', serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway', state: 'available', routeTableIds: ['rtb-0priva'], tags: {} },
      ],
    },
    logGroups: [
      { region: REGION, name: '/aws/lambda/clinnet-patients-prod', retention: null, storedBytes: 5_000_000_000 },
      { region: REGION, name: '/aws/lambda/clinnet-reports-prod', retention: 3653, storedBytes: 900_000_000 },
    ],
    restApis: [
      {
        region: REGION,
        id: 'a1b2c3d4e5',
        name: 'clinnet-api-prod',
        tags: { Environment: 'prod' },
        stages: [{ name: 'prod', cacheClusterEnabled: false, tags: { Environment: 'prod' } }],
        resources: [
          { id: 'root1', path: '/', methods: {} },
          { id: 'pat01', path: '/patients', methods: { GET: { uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:clinnet-patients-prod/invocations' } } },
        ],
      },
    ],
  };
}
