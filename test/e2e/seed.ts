/**
 * A Clinnet-like account in the emulator, in the design's "current architecture", for dev and prod,
 * seeded through the AWS SDK (real serialization). It holds the cases that break naive tools: a
 * CloudFormation-managed function, a layer without arm64, a secret in an environment variable,
 * resources whose environment shows only in their name, an S3 gateway endpoint already attached to
 * some route tables, and a lifecycle rule someone else wrote.
 *
 * Also run by scripts/demo-live.mjs (compiled on the fly): imports only src/, node and the zip writer.
 */
import { CreateDeploymentCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { CreateDistributionWithTagsCommand } from '@aws-sdk/client-cloudfront';
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { CreateFunctionCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, PutBucketTaggingCommand, type LifecycleRule } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../../src/aws/clients.js';
import { makeZip } from '../support/fake-account/zip-writer.js';
import { createRole } from './support/moto-iam.js';
import { currentArchitectureDistribution } from './support/cloudfront-config.js';

export const REGION = 'us-east-1';
/** The value of a database password set in a function's environment: it must never leave the account. */
export const SECRET_VALUE = 'e2e-Sup3rS3cret-7f3a9c';
/** The lifecycle rule someone else wrote on the prod documents bucket: a fix must keep it verbatim. */
export const FOREIGN_RULE: LifecycleRule = { ID: 'expire-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } };
export const CFN_STACK = 'clinnet-prod';

export type SeedEnv = 'dev' | 'prod';

export interface EnvResources {
  functions: string[];
  logGroups: string[];
  cluster: string;
  tables: string[];
  buckets: { documents: string; images: string; frontend: string };
  vpc: string;
  /** Private route tables whose default route goes through the NAT gateway. */
  natRouteTables: string[];
  publicRouteTable: string;
  natGateway: string;
  distribution: string;
}

export interface SeededAccount {
  dev: EnvResources;
  prod: EnvResources;
  /** prod: tagged aws:cloudformation:stack-name. */
  cfnFunction: string;
  /** prod: its layer lists x86_64 only. */
  layerFunction: string;
  /** prod: DB_PASSWORD=SECRET_VALUE in its environment. */
  secretFunction: string;
  /** Resources with no Environment tag: their environment is only in their name. */
  nameOnly: string[];
  /** prod: the S3 gateway endpoint that was there before the tool, on the first NAT route table only. */
  existingS3Endpoint: string;
  restApi: { id: string; stage: string };
  /** Metrics put into CloudWatch (PutMetricData), per resource. */
  metrics: { invocationsFunction: string; invocationsPerHour: number; hours: number; tableWithReads: string; readUnitsPerHour: number };
}

const envTag = (env: SeedEnv) => ({ Key: 'Environment', Value: env });

export interface FunctionSpec {
  name: string;
  tags?: Record<string, string>;
  layers?: string[];
  environment?: Record<string, string>;
}

export async function seedFunctions(f: ClientFactory, role: string, specs: FunctionSpec[]): Promise<void> {
  const code = makeZip({ 'index.js': 'exports.handler = async () => ({ statusCode: 200 });' });
  for (const spec of specs) {
    await f.lambda().send(
      new CreateFunctionCommand({
        FunctionName: spec.name,
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: code },
        Architectures: ['x86_64'],
        MemorySize: 256,
        Timeout: 30,
        Tags: spec.tags,
        Layers: spec.layers,
        Environment: spec.environment ? { Variables: spec.environment } : undefined,
      }),
    );
    await f.logs().send(new CreateLogGroupCommand({ logGroupName: `/aws/lambda/${spec.name}`, tags: spec.tags?.Environment ? { Environment: spec.tags.Environment } : undefined }));
  }
}

async function seedNetwork(f: ClientFactory, env: SeedEnv, cidr: number, privateSubnets: number) {
  const ec2 = f.ec2();
  const tags = (type: 'vpc' | 'subnet' | 'route-table' | 'natgateway'): { ResourceType: typeof type; Tags: Tag[] }[] => [{ ResourceType: type, Tags: [envTag(env)] }];
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${cidr}.0.0/16`, TagSpecifications: tags('vpc') }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const publicSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.${cidr}.0.0/24`, AvailabilityZone: `${REGION}a`, TagSpecifications: tags('subnet') }))).Subnet!.SubnetId!;
  const publicRouteTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, TagSpecifications: tags('route-table') }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRouteTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTable, SubnetId: publicSubnet }));
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const natGateway = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId: eip.AllocationId, TagSpecifications: tags('natgateway') }))).NatGateway!.NatGatewayId!;
  const natRouteTables: string[] = [];
  for (let i = 0; i < privateSubnets; i++) {
    const az = `${REGION}${'abc'[i % 3]}`;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.${cidr}.${i + 1}.0/24`, AvailabilityZone: az, TagSpecifications: tags('subnet') }))).Subnet!.SubnetId!;
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, TagSpecifications: tags('route-table') }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateway }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnet }));
    natRouteTables.push(table);
  }
  return { vpc, natRouteTables, publicRouteTable, natGateway };
}

async function seedDistribution(f: ClientFactory, env: SeedEnv, bucket: string): Promise<string> {
  const created = await f.cloudfront().send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: {
        Tags: { Items: [envTag(env)] },
        DistributionConfig: currentArchitectureDistribution(`clinnet-frontend-${env}`, `clinnet frontend ${env}`, bucket),
      },
    }),
  );
  return created.Distribution!.Id!;
}

/**
 * One environment's "current architecture" in the account `f` signs for: the shared account below
 * holds dev and prod side by side; test/e2e/support/org-seed.ts points it at a member account each.
 * `tagged`: whether the cluster, tables and buckets carry the Environment tag (else only their name tells).
 */
export async function seedEnv(f: ClientFactory, role: string, env: SeedEnv, functions: FunctionSpec[], tagged: boolean, cidr: number, privateSubnets: number): Promise<EnvResources> {
  await seedFunctions(f, role, functions);
  const tags = tagged ? [envTag(env)] : undefined;

  const cluster = `clinnet-aurora-${env}`;
  await f.rds().send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: cluster,
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.08.0',
      MasterUsername: 'clinnet',
      MasterUserPassword: 'not-a-real-password-1',
      BackupRetentionPeriod: 14,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
      Tags: tags,
    }),
  );

  const tables = ['services', 'users', 'medical_reports'].map((t) => `clinnet-${t}-${env}`);
  for (const table of tables) {
    await f.dynamodb().send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        Tags: tags,
      }),
    );
  }

  const buckets = { documents: `clinnet-documents-${env}`, images: `clinnet-images-${env}`, frontend: `clinnet-frontend-${env}` };
  for (const bucket of Object.values(buckets)) {
    await f.s3().send(new CreateBucketCommand({ Bucket: bucket }));
    if (tags) await f.s3().send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags } }));
  }
  const network = await seedNetwork(f, env, cidr, privateSubnets);
  const distribution = await seedDistribution(f, env, buckets.frontend);
  return { functions: functions.map((s) => s.name), logGroups: functions.map((s) => `/aws/lambda/${s.name}`), cluster, tables, buckets, ...network, distribution };
}

/**
 * AWS/… metrics as the services would publish them. Only metrics the tool reads with plain statistics
 * (Sum, Average, Maximum): moto fails GetMetricData with HTTP 500 on a percentile over real data.
 */
async function seedMetrics(f: ClientFactory, account: Omit<SeededAccount, 'metrics'>): Promise<SeededAccount['metrics']> {
  const hours = 24;
  const end = Math.floor(Date.now() / 3600_000) * 3600_000;
  const at = (h: number) => new Date(end - (h + 1) * 3600_000);
  const series = (metric: string, dimensions: Record<string, string>, value: (h: number) => number, unit: MetricDatum['Unit']): MetricDatum[] =>
    Array.from({ length: hours }, (_, h) => ({ MetricName: metric, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })), Timestamp: at(h), Value: value(h), Unit: unit }));
  const fn = account.prod.functions[0];
  const table = account.prod.tables[2];
  const invocationsPerHour = 3000;
  const readUnitsPerHour = 7200;
  const put = (namespace: string, data: MetricDatum[]) => f.cloudwatch().send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
  await put('AWS/Lambda', [
    ...series('Invocations', { FunctionName: fn }, () => invocationsPerHour, 'Count'),
    ...series('ConcurrentExecutions', { FunctionName: fn }, (h) => (h === 5 ? 40 : 12), 'Count'),
  ]);
  // The CloudFormation-managed function's peak too: its reservation is then refused for its stack alone.
  await put('AWS/Lambda', series('ConcurrentExecutions', { FunctionName: account.cfnFunction }, () => 6, 'Count'));
  await put('AWS/DynamoDB', [
    ...series('ConsumedReadCapacityUnits', { TableName: table }, () => readUnitsPerHour, 'Count'),
    ...series('ConsumedWriteCapacityUnits', { TableName: table }, () => readUnitsPerHour / 4, 'Count'),
  ]);
  await put('AWS/RDS', [
    ...series('ACUUtilization', { DBClusterIdentifier: account.prod.cluster }, () => 20, 'Percent'),
    ...series('VolumeBytesUsed', { DBClusterIdentifier: account.prod.cluster }, () => 20 * 1024 ** 3, 'Bytes'),
  ]);
  await put('AWS/S3', series('BucketSizeBytes', { BucketName: account.prod.buckets.documents, StorageType: 'StandardStorage' }, () => 500 * 1024 ** 3, 'Bytes'));
  return { invocationsFunction: fn, invocationsPerHour, hours, tableWithReads: table, readUnitsPerHour };
}

export async function seedAccount(f: ClientFactory, endpoint: string): Promise<SeededAccount> {
  const role = await createRole(endpoint, 'clinnet-lambda-role', REGION);
  const layer = await f.lambda().send(
    new PublishLayerVersionCommand({ LayerName: 'clinnet-sharp', Content: { ZipFile: makeZip({ 'nodejs/sharp.js': 'module.exports = {};' }) }, CompatibleArchitectures: ['x86_64'], CompatibleRuntimes: ['nodejs20.x'] }),
  );
  const prodTag = { Environment: 'prod' };
  const cfnFunction = 'clinnet-billing-prod';
  // One function carries three breakers: no Environment tag, a secret in its environment, an x86_64-only layer.
  const reportsFunction = 'clinnet-medical-reports-prod';
  const prod = await seedEnv(
    f,
    role,
    'prod',
    [
      { name: 'clinnet-patients-prod', tags: prodTag },
      { name: reportsFunction, layers: [layer.LayerVersionArn!], environment: { DB_HOST: 'clinnet-aurora-prod.cluster', DB_PASSWORD: SECRET_VALUE } },
      { name: cfnFunction, tags: { ...prodTag, 'aws:cloudformation:stack-name': CFN_STACK, 'aws:cloudformation:logical-id': 'BillingFunction' } },
    ],
    true,
    10,
    3,
  );
  const dev = await seedEnv(f, role, 'dev', [{ name: 'clinnet-patients-dev', tags: { Environment: 'dev' } }, { name: 'clinnet-health-dev' }], false, 20, 1);

  // Someone else's lifecycle rule on the prod documents bucket, and an S3 endpoint on one route table.
  await f.s3().send(new PutBucketLifecycleConfigurationCommand({ Bucket: prod.buckets.documents, LifecycleConfiguration: { Rules: [FOREIGN_RULE] } }));
  const endpointCreated = await f.ec2().send(
    new CreateVpcEndpointCommand({ VpcId: prod.vpc, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway', RouteTableIds: [prod.natRouteTables[0]] }),
  );

  const api = (await f.apigateway().send(new CreateRestApiCommand({ name: 'clinnet-api-prod', tags: prodTag }))).id!;
  const root = (await f.apigateway().send(new GetResourcesCommand({ restApiId: api }))).items![0].id!;
  await f.apigateway().send(new PutMethodCommand({ restApiId: api, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await f.apigateway().send(new PutIntegrationCommand({ restApiId: api, resourceId: root, httpMethod: 'GET', type: 'MOCK' }));
  await f.apigateway().send(new CreateDeploymentCommand({ restApiId: api, stageName: 'prod' }));

  const nameOnly = [reportsFunction, `/aws/lambda/${reportsFunction}`, 'clinnet-health-dev', '/aws/lambda/clinnet-health-dev', dev.cluster, ...dev.tables, ...Object.values(dev.buckets)];
  const seeded = { dev, prod, cfnFunction, layerFunction: reportsFunction, secretFunction: reportsFunction, nameOnly, existingS3Endpoint: endpointCreated.VpcEndpoint!.VpcEndpointId!, restApi: { id: api, stage: 'prod' } };
  return { ...seeded, metrics: await seedMetrics(f, seeded) };
}
