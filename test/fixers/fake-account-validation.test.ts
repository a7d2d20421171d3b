/**
 * The fake account rejects what AWS rejects. The fixers' tests lean on it: a fake that accepted
 * anything would let an invalid request pass as "applied". Raw SDK commands, no fixer in between.
 */
import { UpdateDistributionCommand, GetDistributionConfigCommand } from '@aws-sdk/client-cloudfront';
import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutFunctionConcurrencyCommand, PutProvisionedConcurrencyConfigCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { PutBucketLifecycleConfigurationCommand, type LifecycleRule } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { factory } from './support.js';

let fake: FakeAccountHandle;
beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
});
afterEach(() => fake.restore());

async function rejection(send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'accepted';
}

const putLifecycle = (rules: LifecycleRule[]) => () =>
  factory().s3().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'clinnet-images-prod', LifecycleConfiguration: { Rules: rules } }));

describe('the fake account validates requests as AWS does', () => {
  it('S3 lifecycle: minimum days, the transition waterfall, the 30-day gap after IA, expiration after transitions', async () => {
    const rule = (transitions: { Days: number; StorageClass: string }[], extra: Partial<LifecycleRule> = {}): LifecycleRule =>
      ({ ID: 'r', Status: 'Enabled', Filter: {}, Transitions: transitions, ...extra }) as LifecycleRule;
    expect(await rejection(putLifecycle([rule([{ Days: 7, StorageClass: 'STANDARD_IA' }])]))).toMatch(/^InvalidArgument: 'Days' in Transition action must be greater than or equal to 30/);
    // One Zone-IA objects may go on to Glacier Flexible Retrieval or Deep Archive only.
    expect(await rejection(putLifecycle([rule([{ Days: 30, StorageClass: 'ONEZONE_IA' }, { Days: 90, StorageClass: 'GLACIER_IR' }])]))).toMatch(
      /^InvalidArgument: Lifecycle can't transition objects from storageClass 'ONEZONE_IA' to 'GLACIER_IR'/,
    );
    expect(await rejection(putLifecycle([rule([{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 45, StorageClass: 'GLACIER' }])]))).toMatch(/must be 30 days more/);
    expect(await rejection(putLifecycle([rule([{ Days: 30, StorageClass: 'STANDARD_IA' }], { Expiration: { Days: 30 } })]))).toMatch(/Expiration action must be greater/);
    expect(await rejection(putLifecycle([]))).toMatch(/^MalformedXML/);
    expect(fake.state.buckets.find((b) => b.name === 'clinnet-images-prod')!.lifecycle).toBeNull();
    expect(await rejection(putLifecycle([rule([{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 60, StorageClass: 'GLACIER' }])]))).toBe('accepted');
  });

  it('CloudFront: an UpdateDistribution with a stale ETag fails with PreconditionFailed and changes nothing', async () => {
    const client = factory().cloudfront();
    const got = await client.send(new GetDistributionConfigCommand({ Id: 'E2CLINNETPROD1' }));
    const config = { ...got.DistributionConfig!, PriceClass: 'PriceClass_All' as const };
    expect(await client.send(new UpdateDistributionCommand({ Id: 'E2CLINNETPROD1', IfMatch: got.ETag, DistributionConfig: config }))).toBeTruthy();
    // The same ETag again: it went stale with the first update.
    expect(await rejection(() => client.send(new UpdateDistributionCommand({ Id: 'E2CLINNETPROD1', IfMatch: got.ETag, DistributionConfig: { ...config, PriceClass: 'PriceClass_200' } })))).toMatch(
      /^PreconditionFailed/,
    );
    expect((fake.state.distributions[0].config as { PriceClass: string }).PriceClass).toBe('PriceClass_All');
  });

  it('Lambda: one update at a time (ResourceConflictException while LastUpdateStatus is InProgress)', async () => {
    const lambda = factory().lambda();
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'clinnet-patients-prod', Timeout: 20 }));
    expect(await rejection(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'clinnet-patients-prod', MemorySize: 512 })))).toMatch(/^ResourceConflictException: .*update is in progress/);
    expect(fake.state.functions.find((f) => f.name === 'clinnet-patients-prod')).toMatchObject({ timeout: 20, memory: 1024 });
  });

  it('Lambda: provisioned concurrency needs an alias or version, never $LATEST', async () => {
    const lambda = factory().lambda();
    expect(await rejection(() => lambda.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'clinnet-patients-prod', Qualifier: '$LATEST', ProvisionedConcurrentExecutions: 5 })))).toMatch(
      /^InvalidParameterValueException: .*unpublished function versions/,
    );
    expect(await rejection(() => lambda.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'clinnet-patients-prod', Qualifier: 'nope', ProvisionedConcurrentExecutions: 5 })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });

  it('Lambda: reserved concurrency that would leave fewer than 100 unreserved is refused', async () => {
    const lambda = factory().lambda();
    expect(await rejection(() => lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'clinnet-patients-prod', ReservedConcurrentExecutions: 901 })))).toMatch(
      /^InvalidParameterValueException: .*below its minimum value of \[100\]/,
    );
    expect(await rejection(() => lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'clinnet-patients-prod', ReservedConcurrentExecutions: 900 })))).toBe('accepted');
  });

  it('DynamoDB: at most 4 switches to on-demand in 24 hours; provisioned needs throughput for the table and every GSI', async () => {
    const ddb = factory().dynamodb();
    const table = fake.state.tables[0];
    const now = fake.state.now().getTime();
    table.switchesToOnDemand = [1, 2, 3, 4].map((h) => new Date(now - h * 3600_000).toISOString());
    expect(await rejection(() => ddb.send(new UpdateTableCommand({ TableName: table.name, BillingMode: 'PAY_PER_REQUEST' })))).toMatch(/^LimitExceededException/);
    expect(table.billingMode).toBe('PROVISIONED');
    table.switchesToOnDemand = [new Date(now - 25 * 3600_000).toISOString()];
    expect(await rejection(() => ddb.send(new UpdateTableCommand({ TableName: table.name, BillingMode: 'PAY_PER_REQUEST' })))).toBe('accepted');
    expect(await rejection(() => ddb.send(new UpdateTableCommand({ TableName: table.name, BillingMode: 'PROVISIONED' })))).toMatch(/^ValidationException: .*ProvisionedThroughput must be specified/);
    expect(
      await rejection(() => ddb.send(new UpdateTableCommand({ TableName: table.name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }))),
    ).toMatch(/ProvisionedThroughput must be specified for index: PatientDateIndex/);
  });
});
