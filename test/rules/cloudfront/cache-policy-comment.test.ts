import { describe, expect, it } from 'vitest';
import type { CacheBehavior } from '../../../src/inventory/snapshot.js';
import { cloudfrontCachePolicyComment } from '../../../src/rules/cloudfront/cache-policy-comment.js';
import { policiesNamedIn } from '../../../src/rules/cloudfront/managed-cache-policies.js';
import { distribution, ruleCases, snapshotWith } from '../fragments.js';

const OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CUSTOM = 'aaaaaaaa-1111-2222-3333-444444444444';
const behavior = (pathPattern: string, cachePolicyId: string | null, cachePolicyComment: string | null): CacheBehavior => ({
  pathPattern,
  targetOriginId: 'frontend',
  compress: true,
  cachePolicyId,
  cachePolicyComment,
});
const dist = (behaviors: CacheBehavior[], defaultBehavior = behavior('*', OPTIMIZED, '# Managed-CachingOptimized')) =>
  snapshotWith({ distributions: [distribution({ defaultBehavior, behaviors })] });

describe('policiesNamedIn', () => {
  it('reads managed names however they are written, longest first', () => {
    expect(policiesNamedIn('# Managed-CachingOptimizedForUncompressedObjects').map((p) => p.name)).toEqual(['CachingOptimizedForUncompressedObjects']);
    expect(policiesNamedIn('caching optimized').map((p) => p.name)).toEqual(['CachingOptimized']);
    expect(policiesNamedIn('# cache for a day')).toEqual([]);
  });
});

ruleCases(cloudfrontCachePolicyComment, {
  valid: [
    { name: 'ID and comment agree', snapshot: dist([behavior('/api/*', DISABLED, '# Managed-CachingDisabled')]) },
    { name: 'no comment (a live snapshot)', snapshot: dist([behavior('/assets/*', DISABLED, null)], behavior('*', OPTIMIZED, null)) },
    { name: 'a comment naming no policy', snapshot: dist([behavior('/assets/*', DISABLED, '# static assets')]) },
    { name: 'a custom policy ID: not a known managed policy', snapshot: dist([behavior('/assets/*', CUSTOM, '# CachingOptimized clone')]) },
    { name: 'the comment names the ID\'s own policy among others', snapshot: dist([behavior('/api/*', DISABLED, '# CachingDisabled (not CachingOptimized: per-user data)')]) },
  ],
  invalid: [
    {
      name: "the team's static-asset behaviors: CachingDisabled ID beside a CachingOptimized comment",
      snapshot: dist([behavior('/assets/*', DISABLED, '# CachingOptimized'), behavior('/images/*', DISABLED, '# Managed-CachingOptimized')]),
      expect: [
        {
          severity: 'medium',
          fixable: false,
          current: { '/assets/*': DISABLED, '/images/*': DISABLED },
          message: expect.stringMatching(
            /^\/assets\/\*: CachePolicyId 4135ea2d-6df8-44a3-9df3-4b5a84be39ad is Managed-CachingDisabled, so nothing is cached, but the comment beside it \("# CachingOptimized"\) names Managed-CachingOptimized \(658327ea-f89d-4fab-a63d-7e88639e58f6\); \/images\/\*: .*Only the ID takes effect/,
          ),
        },
      ],
    },
    {
      name: 'the reverse: a caching ID beside a CachingDisabled comment on the default behavior',
      snapshot: dist([], behavior('*', OPTIMIZED, '# CachingDisabled')),
      expect: [
        {
          current: { '*': OPTIMIZED },
          message: expect.stringContaining(
            'the default behavior: CachePolicyId 658327ea-f89d-4fab-a63d-7e88639e58f6 is Managed-CachingOptimized, so responses are cached (default TTL 86,400 s), but the comment beside it ("# CachingDisabled") names Managed-CachingDisabled (4135ea2d-6df8-44a3-9df3-4b5a84be39ad)',
          ),
        },
      ],
    },
  ],
});
