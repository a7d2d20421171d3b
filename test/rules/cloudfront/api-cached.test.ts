import { expect } from 'vitest';
import type { CacheBehavior, DistributionOrigin } from '../../../src/inventory/snapshot.js';
import { cloudfrontApiCached } from '../../../src/rules/cloudfront/api-cached.js';
import { distribution, ruleCases, snapshotWith } from '../fragments.js';

const OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const UNCOMPRESSED = 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d';
const DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const AMPLIFY = '2e54312d-136d-493c-8eb9-b001f22f67d2';
const CUSTOM = 'aaaaaaaa-1111-2222-3333-444444444444';
const ORIGINS: DistributionOrigin[] = [
  { id: 'frontend', domainName: 'clinnet-frontend-prod.s3.us-east-1.amazonaws.com', kind: 's3' },
  { id: 'api', domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', kind: 'custom' },
];
const behavior = (pathPattern: string, targetOriginId: string, cachePolicyId: string | null, extra: Partial<CacheBehavior> = {}): CacheBehavior => ({
  pathPattern,
  targetOriginId,
  compress: true,
  cachePolicyId,
  ...extra,
});
const dist = (behaviors: CacheBehavior[], defaultBehavior = behavior('*', 'frontend', OPTIMIZED)) =>
  snapshotWith({ distributions: [distribution({ origins: ORIGINS, defaultBehavior, behaviors })] });

ruleCases(cloudfrontApiCached, {
  valid: [
    { name: 'API behavior with CachingDisabled, static default cached', snapshot: dist([behavior('/api/*', 'api', DISABLED)]) },
    { name: 'a managed policy that keys on Authorization (Amplify)', snapshot: dist([behavior('/api/*', 'api', AMPLIFY)]) },
    {
      name: 'a custom policy with Authorization in the cache key',
      snapshot: dist([behavior('/api/*', 'api', CUSTOM, { cachePolicyConfig: { minTtlS: 0, defaultTtlS: 60, maxTtlS: 300, headersInCacheKey: ['authorization'] } })]),
    },
    {
      name: 'a custom policy with TTL 0 (caches only what the origin marks cacheable)',
      snapshot: dist([behavior('/api/*', 'api', CUSTOM, { cachePolicyConfig: { minTtlS: 0, defaultTtlS: 0, maxTtlS: 300, headersInCacheKey: [] } })]),
    },
    { name: 'a custom policy not read: not judged', snapshot: dist([behavior('/api/*', 'api', CUSTOM)]) },
    { name: 'legacy cache settings: not judged (TTLs not collected)', snapshot: dist([behavior('/api/*', 'api', null)]) },
    { name: 'a static path to S3 with CachingOptimized', snapshot: dist([behavior('/assets/*', 'frontend', OPTIMIZED)]) },
  ],
  invalid: [
    {
      name: 'the API behavior under CachingOptimized: fix planned by cloudfront/cache-policy',
      snapshot: dist([behavior('/api/*', 'api', OPTIMIZED)]),
      expect: [
        {
          severity: 'high',
          fixable: false,
          current: { '/api/*': OPTIMIZED },
          target: { '/api/*': DISABLED },
          message: expect.stringMatching(
            /^API responses are cached without the caller in the cache key, so CloudFront serves one caller's answer to the next caller of the same URL: \/api\/\* \(origin a1b2c3d4e5\.execute-api\.us-east-1\.amazonaws\.com\) uses cache policy Managed-CachingOptimized \(658327ea-f89d-4fab-a63d-7e88639e58f6: default TTL 86,400 s, no Authorization in the cache key\): cloudfront\/cache-policy plans CachingDisabled for it/,
          ),
        },
      ],
    },
    {
      name: 'the default behavior pointed at API Gateway, and a custom policy that caches without Authorization',
      snapshot: dist(
        [behavior('/v1/*', 'api', CUSTOM, { cachePolicyConfig: { minTtlS: 0, defaultTtlS: 300, maxTtlS: 3600, headersInCacheKey: ['Accept'] } })],
        behavior('*', 'api', UNCOMPRESSED),
      ),
      expect: [
        {
          current: { '*': UNCOMPRESSED, '/v1/*': CUSTOM },
          message: expect.stringMatching(
            /the default behavior \(origin a1b2c3d4e5\.execute-api\.us-east-1\.amazonaws\.com\) uses cache policy Managed-CachingOptimizedForUncompressedObjects .*add its path to cloudfront\.apiPathPatterns.*\/v1\/\* \(origin .*\) uses cache policy aaaaaaaa-1111-2222-3333-444444444444 \(minimum TTL 0 s, default TTL 300 s, cache key headers Accept: no Authorization\)/,
          ),
        },
      ],
    },
    {
      name: 'an API path to a custom origin that is not API Gateway',
      snapshot: snapshotWith({
        distributions: [
          distribution({
            origins: [...ORIGINS, { id: 'alb', domainName: 'api.clinnet.example', kind: 'custom' }],
            defaultBehavior: behavior('*', 'frontend', OPTIMIZED),
            behaviors: [behavior('/api/*', 'alb', OPTIMIZED)],
          }),
        ],
      }),
      expect: [{ message: expect.stringContaining('/api/* (an API path (cloudfront.apiPathPatterns), origin api.clinnet.example) uses cache policy Managed-CachingOptimized') }],
    },
  ],
});
