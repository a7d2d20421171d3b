/**
 * A ListDistributions summary without behaviours or price class (moto sends only Id, ARN, domain):
 * the collector completes it from GetDistributionConfig instead of inventing defaults; if that read
 * fails, the distribution is a coverage gap, not a snapshot entry with made-up settings.
 */
import { GetDistributionConfigCommand, ListDistributionsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudfront';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Collection } from '../../src/inventory/collectors/context.js';
import { collectDistributions } from '../../src/inventory/collectors/cloudfront.js';
import { Limiter } from '../../src/inventory/collectors/limiter.js';
import { mockAllClients, serviceError, testFactory, type MockedAccount } from './support/mock-clients.js';

let aws: MockedAccount;
beforeEach(() => {
  aws = mockAllClients();
  aws.cloudfront.on(ListDistributionsCommand).resolves({
    DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 1, Items: [{ Id: 'E1', ARN: 'arn:aws:cloudfront::1:distribution/E1', DomainName: 'd1.cloudfront.net' }] as never },
  });
  aws.cloudfront.on(ListTagsForResourceCommand).resolves({ Tags: { Items: [{ Key: 'Environment', Value: 'prod' }] } });
});
afterEach(() => aws.restore());

const collect = async () => {
  const c = new Collection(testFactory(), new Limiter(2));
  return { distributions: await collectDistributions(c), gaps: c.gaps.list() };
};

it('reads the configuration a sparse summary lacks', async () => {
  aws.cloudfront.on(GetDistributionConfigCommand).resolves({
    ETag: 'E',
    DistributionConfig: {
      CallerReference: 'r',
      Comment: 'frontend',
      Enabled: true,
      PriceClass: 'PriceClass_100',
      Origins: { Quantity: 0, Items: [] },
      DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'allow-all', Compress: true, CachePolicyId: 'cp-1' },
    },
  });
  const { distributions, gaps } = await collect();
  expect(gaps).toEqual([]);
  expect(distributions).toEqual([
    expect.objectContaining({ id: 'E1', priceClass: 'PriceClass_100', comment: 'frontend', enabled: true, defaultBehavior: expect.objectContaining({ compress: true, cachePolicyId: 'cp-1' }) }),
  ]);
});

it('leaves the distribution out, with a gap, when its configuration cannot be read', async () => {
  aws.cloudfront.on(GetDistributionConfigCommand).rejects(serviceError('AccessDenied', 403));
  const { distributions, gaps } = await collect();
  expect(distributions).toEqual([]);
  expect(gaps).toEqual([expect.objectContaining({ service: 'cloudfront', operation: 'GetDistributionConfig', kind: 'access-denied' })]);
});
