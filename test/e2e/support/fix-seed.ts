/**
 * A small prod account in moto_server, seeded with real SDK requests: one of each resource a
 * fixable rule looks at, each off its design target, plus what someone else wrote (a lifecycle
 * rule on the documents bucket) that a fix must keep.
 */
import { CreateDeploymentCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { CreateDistributionWithTagsCommand } from '@aws-sdk/client-cloudfront';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, AssociateRouteTableCommand } from '@aws-sdk/client-ec2';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../../../src/aws/clients.js';
import { makeZip } from '../../support/fake-account/zip-writer.js';
import { createRole } from './moto-iam.js';
import { currentArchitectureDistribution } from './cloudfront-config.js';

export const PROD = { Key: 'Environment', Value: 'prod' };
export const FOREIGN_RULE = { ID: 'expire-tmp', Status: 'Enabled' as const, Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } };

export interface SeededIds {
  vpc: string;
  routeTable: string;
  distribution: string;
  api: string;
}

export async function seedProdAccount(f: ClientFactory, endpoint: string): Promise<SeededIds> {
  const role = await createRole(endpoint, 'e2e-role');
  await f.lambda().send(
    new CreateFunctionCommand({
      FunctionName: 'e2e-patients-prod',
      Runtime: 'nodejs20.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: makeZip({ 'index.js': 'exports.handler = async () => 1;' }) },
      MemorySize: 1024,
      // Below the tier's 15 s: raising a timeout needs no measured duration. Lowering one does, and moto
      // cannot answer GetMetricData's percentile statistics (p95/p99 fail with data present), so no Duration is seeded.
      Timeout: 10,
      Tags: { Environment: 'prod' },
    }),
  );
  await f.logs().send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/e2e-patients-prod', tags: { Environment: 'prod' } }));
  // Lambda Insights: 180 MB used of 1024 MB, so lowering memory to the tier's 512 MB is measured, not blind.
  await f.cloudwatch().send(
    new PutMetricDataCommand({
      Namespace: 'LambdaInsights',
      MetricData: [{ MetricName: 'used_memory_max', Dimensions: [{ Name: 'function_name', Value: 'e2e-patients-prod' }], Value: 180, Unit: 'Megabytes', Timestamp: new Date(Date.now() - 2 * 3600_000) }],
    }),
  );
  // ConcurrentExecutions peaked at 12, so capping concurrency (reserved 100) is measured, not blind.
  await f.cloudwatch().send(
    new PutMetricDataCommand({
      Namespace: 'AWS/Lambda',
      MetricData: [{ MetricName: 'ConcurrentExecutions', Dimensions: [{ Name: 'FunctionName', Value: 'e2e-patients-prod' }], Value: 12, Unit: 'Count', Timestamp: new Date(Date.now() - 2 * 3600_000) }],
    }),
  );

  await f.s3().send(new CreateBucketCommand({ Bucket: 'e2e-documents-prod' }));
  await f.s3().send(new PutBucketTaggingCommand({ Bucket: 'e2e-documents-prod', Tagging: { TagSet: [PROD] } }));
  await f.s3().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'e2e-documents-prod', LifecycleConfiguration: { Rules: [FOREIGN_RULE] } }));
  await f.s3().send(new CreateBucketCommand({ Bucket: 'e2e-frontend-prod' }));
  await f.s3().send(new PutBucketTaggingCommand({ Bucket: 'e2e-frontend-prod', Tagging: { TagSet: [PROD] } }));

  await f.dynamodb().send(
    new CreateTableCommand({
      TableName: 'e2e-medical_reports-prod',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      KeySchema: [
        { AttributeName: 'patientId', KeyType: 'HASH' },
        { AttributeName: 'reportDate', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'patientId', AttributeType: 'S' },
        { AttributeName: 'reportDate', AttributeType: 'S' },
      ],
      Tags: [PROD],
    }),
  );

  const ec2 = f.ec2();
  const tags = [{ ResourceType: 'vpc' as const, Tags: [PROD] }];
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16', TagSpecifications: tags }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.3.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: eip.AllocationId }))).NatGateway!.NatGatewayId!;
  const routeTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTable, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTable, SubnetId: subnet }));

  await f.rds().send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'e2e-aurora-prod',
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.08.0',
      MasterUsername: 'admin',
      MasterUserPassword: 'not-a-real-password-1',
      BackupRetentionPeriod: 14,
      // Only the floor is off target (the design's 0.5): lowering the ceiling would need the measured peak ACU,
      // which moto cannot give (ServerlessDatabaseCapacity p99 fails with data present).
      ServerlessV2ScalingConfiguration: { MinCapacity: 2, MaxCapacity: 8 },
      Tags: [PROD],
    }),
  );

  const distribution = await f.cloudfront().send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: {
        Tags: { Items: [PROD] },
        DistributionConfig: currentArchitectureDistribution('e2e-frontend', 'e2e-frontend-prod', 'e2e-frontend-prod'),
      },
    }),
  );

  const api = (await f.apigateway().send(new CreateRestApiCommand({ name: 'e2e-api-prod', tags: { Environment: 'prod' } }))).id!;
  const root = (await f.apigateway().send(new GetResourcesCommand({ restApiId: api }))).items![0].id!;
  await f.apigateway().send(new PutMethodCommand({ restApiId: api, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await f.apigateway().send(new PutIntegrationCommand({ restApiId: api, resourceId: root, httpMethod: 'GET', type: 'MOCK' }));
  await f.apigateway().send(new CreateDeploymentCommand({ restApiId: api, stageName: 'prod' }));

  return { vpc, routeTable, distribution: distribution.Distribution!.Id!, api };
}
