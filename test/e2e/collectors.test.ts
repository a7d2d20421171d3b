/**
 * Smoke test against moto_server: real SDK serialization (XML for S3/EC2/RDS/CloudFront, JSON for
 * the rest) through the collectors. Skipped, with a message, when moto_server is not on PATH.
 * moto lacks some read APIs (Lambda account settings and provisioned concurrency, RDS engine
 * versions): those must come back as coverage gaps, never as a crash.
 */
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { motoEnv, startMoto, type Moto } from './support/moto-server.js';
import { makeZip } from '../support/fake-account/zip-writer.js';
import { createRole } from './support/moto-iam.js';

const SECRET = 'moto-secret-value-7d1e';
let moto: Moto;
let saved: NodeJS.ProcessEnv;
let f: ClientFactory;
const ids: Record<string, string> = {};

describe('collectors against moto_server', () => {
  beforeAll(async () => {
    moto = await startMoto();
    saved = { ...process.env };
    Object.assign(process.env, motoEnv(moto.endpoint));
    f = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
    await f.lambda().send(
      new CreateFunctionCommand({
        FunctionName: 'c-patients-prod',
        Runtime: 'nodejs20.x',
        Role: await createRole(moto.endpoint, 'c-role'),
        Handler: 'index.handler',
        Code: { ZipFile: makeZip({ 'index.js': 'exports.handler = async () => 1;' }) },
        MemorySize: 512,
        Timeout: 15,
        Architectures: ['arm64'],
        Environment: { Variables: { DB_PASSWORD: SECRET } },
        Tags: { Environment: 'prod' },
      }),
    );
    await f.s3().send(new CreateBucketCommand({ Bucket: 'c-documents-prod' }));
    await f.s3().send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: 'c-documents-prod',
        LifecycleConfiguration: { Rules: [{ ID: 'to-ia', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] }] },
      }),
    );
    await f.s3().send(new PutBucketTaggingCommand({ Bucket: 'c-documents-prod', Tagging: { TagSet: [{ Key: 'Environment', Value: 'prod' }] } }));
    await f.s3().send(new CreateBucketCommand({ Bucket: 'c-untagged' }));
    await f.dynamodb().send(
      new CreateTableCommand({
        TableName: 'c-reports-prod',
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        Tags: [{ Key: 'Environment', Value: 'prod' }],
      }),
    );
    const ec2 = f.ec2();
    ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }))).Vpc!.VpcId!;
    ids.subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: '10.2.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    ids.nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: ids.subnet, AllocationId: eip.AllocationId }))).NatGateway!.NatGatewayId!;
    ids.rtb = (await ec2.send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: ids.rtb, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ids.nat }));
    await f.rds().send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'c-aurora-prod',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.08.0',
        MasterUsername: 'admin',
        MasterUserPassword: 'not-a-real-password-1',
        BackupRetentionPeriod: 7,
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
      }),
    );
    await f.logs().send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/c-patients-prod' }));
    await f.logs().send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/c-patients-prod', retentionInDays: 30 }));
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  it('collects what was seeded into a valid snapshot, with gaps for what moto does not implement', async () => {
    const snapshot = await collectSnapshot(f, { regions: ['us-east-1'], env: 'prod', concurrency: 4 });
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot.account).toBe('123456789012');
    expect(JSON.stringify(snapshot)).not.toContain(SECRET);

    const fn = snapshot.lambdaFunctions.find((x) => x.name === 'c-patients-prod');
    expect(fn).toMatchObject({ memoryMb: 512, timeoutS: 15, architectures: ['arm64'], runtime: 'nodejs20.x', environmentVariableNames: ['DB_PASSWORD'], tags: { Environment: 'prod' } });

    const bucket = snapshot.buckets.find((b) => b.name === 'c-documents-prod');
    expect(bucket).toMatchObject({ region: 'us-east-1', tags: { Environment: 'prod' } });
    expect(bucket?.lifecycleRules).toEqual([expect.objectContaining({ ID: 'to-ia', Status: 'Enabled', Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] })]);
    expect(snapshot.buckets.find((b) => b.name === 'c-untagged')).toMatchObject({ lifecycleRules: null, tags: {} });

    expect(snapshot.dynamoTables.find((t) => t.name === 'c-reports-prod')).toMatchObject({ billingMode: 'PROVISIONED', provisioned: { rcu: 5, wcu: 3 }, tags: { Environment: 'prod' } });

    expect(snapshot.network.vpcs.map((v) => v.id)).toContain(ids.vpc);
    expect(snapshot.network.natGateways.find((n) => n.id === ids.nat)).toMatchObject({ vpcId: ids.vpc, subnetId: ids.subnet });
    expect(snapshot.network.routeTables.find((t) => t.id === ids.rtb)?.routes).toEqual(expect.arrayContaining([expect.objectContaining({ destination: '0.0.0.0/0', natGatewayId: ids.nat })]));

    expect(snapshot.auroraClusters.find((c) => c.id === 'c-aurora-prod')).toMatchObject({ engine: 'aurora-mysql', serverlessV2: { minAcu: 0.5, maxAcu: 8 }, backupRetentionDays: 7 });

    expect(snapshot.logGroups.find((g) => g.name === '/aws/lambda/c-patients-prod')).toMatchObject({ retentionDays: 30 });

    // Every gap is about an operation moto lacks, never about what was seeded.
    const gapOps = snapshot.coverageGaps.map((g) => `${g.service}:${g.operation}`);
    for (const op of gapOps) expect(['lambda:GetAccountSettings', 'lambda:ListProvisionedConcurrencyConfigs', 'rds:DescribeDBEngineVersions']).toContain(op);
    // Engine support unknown exactly when it could not be read: null, not a guess.
    const cluster = snapshot.auroraClusters.find((c) => c.id === 'c-aurora-prod');
    expect(cluster?.engineMinAcuSupported === null).toBe(gapOps.includes('rds:DescribeDBEngineVersions'));
  });
});
