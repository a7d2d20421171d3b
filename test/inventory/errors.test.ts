/** What cannot be read becomes a coverage gap, and the rest of the account is still collected. */
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { DescribeDBEngineVersionsCommand } from '@aws-sdk/client-rds';
import { afterEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { awsError } from '../support/fake-account/errors.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { mockAllClients, serviceError, testFactory, type MockedAccount } from './support/mock-clients.js';

let fake: FakeAccountHandle | undefined;
let aws: MockedAccount | undefined;
afterEach(() => {
  fake?.restore();
  aws?.restore();
  fake = aws = undefined;
});

function install(fault: (service: string, operation: string, input: Record<string, unknown>) => void) {
  const state = seedProdAccount();
  state.beforeRequest = fault;
  fake = installFakeAccount(state);
  return fake;
}

const collect = (concurrency = 4) => collectSnapshot(testFactory(), { regions: ['us-east-1'], env: 'prod', concurrency });

describe('coverage gaps', () => {
  it('turns AccessDenied on a whole service into a gap and still collects the other services', async () => {
    install((service, operation) => {
      if (service === 'lambda' && operation === 'ListFunctions') throw awsError('lambda', 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: lambda:ListFunctions', 403);
    });
    const snapshot = await collect();
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot.coverageGaps).toEqual([
      { service: 'lambda', region: 'us-east-1', operation: 'ListFunctions', kind: 'access-denied', error: expect.stringContaining('not authorized to perform: lambda:ListFunctions') },
    ]);
    expect(snapshot.lambdaFunctions).toEqual([]);
    expect(snapshot.lambdaAccountSettings).toHaveLength(1);
    expect(snapshot.auroraClusters).toHaveLength(1);
    expect(snapshot.dynamoTables).toHaveLength(1);
    expect(snapshot.buckets).toHaveLength(3);
    expect(snapshot.distributions).toHaveLength(1);
    expect(snapshot.network.vpcs).toHaveLength(1);
    expect(snapshot.logGroups).toHaveLength(2);
    expect(snapshot.restApis).toHaveLength(1);
  });

  it("records EC2's UnauthorizedOperation per list and keeps the lists it could read", async () => {
    install((service, operation) => {
      if (service === 'ec2' && operation === 'DescribeNatGateways') throw awsError('ec2', 'UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    });
    const snapshot = await collect();
    expect(snapshot.coverageGaps).toEqual([expect.objectContaining({ service: 'ec2', operation: 'DescribeNatGateways', kind: 'access-denied' })]);
    expect(snapshot.network.natGateways).toEqual([]);
    expect(snapshot.network.routeTables).toHaveLength(3);
  });

  it('leaves out a bucket whose lifecycle cannot be read instead of reporting it as having none, in one aggregated gap', async () => {
    install((service, operation, input) => {
      if (service === 's3' && operation === 'GetBucketLifecycleConfiguration' && input.Bucket !== 'clinnet-frontend-prod') throw awsError('s3', 'AccessDenied', 'Access Denied', 403);
    });
    const snapshot = await collect();
    expect(snapshot.buckets.map((b) => b.name)).toEqual(['clinnet-frontend-prod']);
    expect(snapshot.coverageGaps).toEqual([
      { service: 's3', region: 'us-east-1', operation: 'GetBucketLifecycleConfiguration', kind: 'access-denied', resource: 'clinnet-documents-prod', error: 'AccessDenied: Access Denied (and 1 more like it)' },
    ]);
  });

  it('marks invokedByApiGateway unknown (null) when API Gateway could not be read', async () => {
    install((service, operation) => {
      if (service === 'apigateway' && operation === 'GetResources') throw awsError('apigateway', 'AccessDeniedException', 'denied', 403);
    });
    const snapshot = await collect();
    expect(snapshot.restApis).toHaveLength(1);
    expect(new Set(snapshot.lambdaFunctions.map((f) => f.invokedByApiGateway))).toEqual(new Set([null]));
  });

  it('keeps a function whose provisioned concurrency cannot be listed, with the gap, and drops nothing else', async () => {
    install((service, operation) => {
      if (operation === 'ListProvisionedConcurrencyConfigs') throw awsError('lambda', 'ServiceException', 'internal error', 500);
    });
    const snapshot = await collect();
    expect(snapshot.lambdaFunctions).toHaveLength(7);
    expect(snapshot.coverageGaps).toEqual([expect.objectContaining({ service: 'lambda', operation: 'ListProvisionedConcurrencyConfigs', kind: 'error', error: expect.stringContaining('and 6 more') })]);
  });

  it('skips a resource deleted between the list and its read, without a gap', async () => {
    install((service, operation, input) => {
      if (service === 'dynamodb' && operation === 'DescribeTable' && input.TableName === 'clinnet-medical_reports-prod') {
        throw awsError('dynamodb', 'ResourceNotFoundException', 'Requested resource not found', 400);
      }
    });
    const snapshot = await collect();
    expect(snapshot.dynamoTables).toEqual([]);
    expect(snapshot.coverageGaps).toEqual([]);
  });

  it('propagates missing credentials instead of recording a gap', async () => {
    install(() => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    });
    await expect(collect()).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });

  it('propagates missing credentials that appear after collection started, and stops the queue', async () => {
    const f = install((service) => {
      if (service !== 'sts') throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    });
    await expect(collect(1)).rejects.toMatchObject({ name: 'CredentialsProviderError' });
    // With one request at a time, the first failure stops what was still queued.
    expect(f.calls.length).toBeLessThan(10);
  });
});

describe('Aurora engine support', () => {
  it('is a gap with null fields when DescribeDBEngineVersions is not implemented (as in moto)', async () => {
    aws = mockAllClients();
    aws.rds.on(DescribeDBEngineVersionsCommand).rejects(serviceError('NotImplemented', 501, 'The describe_db_engine_versions action has not been implemented'));
    aws.rds.onAnyCommand().callsFake((input: Record<string, unknown>) => {
      if ('Engine' in input) throw serviceError('NotImplemented', 501);
      return {
        DBClusters: [
          { DBClusterIdentifier: 'a', DBClusterArn: 'arn:aws:rds:us-east-1:111122223333:cluster:a', Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.08.0', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 }, BackupRetentionPeriod: 1 },
          { DBClusterIdentifier: 'b', DBClusterArn: 'arn:aws:rds:us-east-1:111122223333:cluster:b', Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.08.0', BackupRetentionPeriod: 1 },
          { DBClusterIdentifier: 'neptune', Engine: 'neptune', EngineVersion: '1.3' },
        ],
        DBInstances: [],
      };
    });
    aws.apigateway.on(GetRestApisCommand).resolves({ items: [] });
    const snapshot = await collect();
    expect(snapshot.auroraClusters.map((c) => [c.id, c.engineMinAcuSupported, c.engineMaxAcuSupported, c.serverlessV2])).toEqual([
      ['a', null, null, { minAcu: 0.5, maxAcu: 4, secondsUntilAutoPause: null }],
      ['b', null, null, null],
    ]);
    // One engine version, read (and failed) once.
    expect(aws.rds.commandCalls(DescribeDBEngineVersionsCommand)).toHaveLength(1);
    expect(snapshot.coverageGaps).toEqual([
      { service: 'rds', region: 'us-east-1', operation: 'DescribeDBEngineVersions', kind: 'not-enabled', resource: 'aurora-mysql 8.0.mysql_aurora.3.08.0', error: expect.stringContaining('NotImplemented') },
    ]);
  });
});
