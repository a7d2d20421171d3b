/** Bucket regions: from ListBuckets' BucketRegion when present, else GetBucketLocation (none → us-east-1, EU → eu-west-1). */
import { GetBucketLifecycleConfigurationCommand, GetBucketLocationCommand, GetBucketTaggingCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { regionFromLocation } from '../../src/inventory/collectors/s3.js';
import { mockAllClients, serviceError, testFactory, type MockedAccount } from './support/mock-clients.js';

let aws: MockedAccount;
beforeEach(() => {
  aws = mockAllClients();
});
afterEach(() => aws.restore());

describe('S3 bucket regions', () => {
  it('maps LocationConstraint values to regions', () => {
    expect(regionFromLocation(undefined)).toBe('us-east-1');
    expect(regionFromLocation(null)).toBe('us-east-1');
    expect(regionFromLocation('')).toBe('us-east-1');
    expect(regionFromLocation('EU')).toBe('eu-west-1');
    expect(regionFromLocation('eu-central-1')).toBe('eu-central-1');
  });

  it('asks GetBucketLocation when the list carries no region, keeps the collected regions only, and reads each bucket in its own region', async () => {
    aws.s3.on(ListBucketsCommand).resolves({ Buckets: ['virginia', 'empty-string', 'legacy-eu', 'frankfurt', 'tokyo'].map((Name) => ({ Name })) });
    const locations: Record<string, string | undefined> = { virginia: undefined, 'empty-string': '', 'legacy-eu': 'EU', frankfurt: 'eu-central-1', tokyo: 'ap-northeast-1' };
    aws.s3.on(GetBucketLocationCommand).callsFake((input: { Bucket: string }) => ({ LocationConstraint: locations[input.Bucket] }));
    const regionsSeen: Record<string, string> = {};
    aws.s3.on(GetBucketTaggingCommand).callsFake(async (input: { Bucket: string }, getClient: () => { config: { region: () => Promise<string> } }) => {
      regionsSeen[input.Bucket] = await getClient().config.region();
      throw serviceError('NoSuchTagSet', 404, 'The TagSet does not exist');
    });
    aws.s3.on(GetBucketLifecycleConfigurationCommand).rejects(serviceError('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist'));

    const snapshot = await collectSnapshot(testFactory(), { regions: ['us-east-1', 'eu-west-1', 'eu-central-1'] });
    expect(snapshot.buckets.map((b) => [b.name, b.region, b.lifecycleRules, b.tags])).toEqual([
      ['virginia', 'us-east-1', null, {}],
      ['empty-string', 'us-east-1', null, {}],
      ['legacy-eu', 'eu-west-1', null, {}],
      ['frankfurt', 'eu-central-1', null, {}],
    ]);
    expect(regionsSeen).toEqual({ virginia: 'us-east-1', 'empty-string': 'us-east-1', 'legacy-eu': 'eu-west-1', frankfurt: 'eu-central-1' });
    expect(snapshot.coverageGaps).toEqual([]);
  });

  it('skips GetBucketLocation when the paged list already names the region', async () => {
    aws.s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'a', BucketRegion: 'eu-west-1' }] });
    const snapshot = await collectSnapshot(testFactory(), { regions: ['eu-west-1'] });
    expect(snapshot.buckets.map((b) => [b.name, b.region])).toEqual([['a', 'eu-west-1']]);
    expect(aws.s3.commandCalls(GetBucketLocationCommand)).toHaveLength(0);
  });
});
