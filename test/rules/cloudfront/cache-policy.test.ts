import { describe, expect, it } from 'vitest';
import { cloudfrontCachePolicy } from '../../../src/rules/cloudfront/cache-policy.js';
import { distribution, ruleCases, snapshotWith } from '../fragments.js';
import { onlyFinding } from '../s3/traceable.js';

const OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const behavior = (pathPattern: string, cachePolicyId: string | null, originRequestPolicyId: string | null = null) => ({
  pathPattern,
  targetOriginId: 'o',
  compress: true,
  cachePolicyId,
  originRequestPolicyId,
});

ruleCases(cloudfrontCachePolicy, {
  valid: [
    {
      name: 'prod: static optimized, API disabled',
      snapshot: snapshotWith({ distributions: [distribution({ defaultBehavior: behavior('*', OPTIMIZED), behaviors: [behavior('/api/*', DISABLED)] })] }),
    },
    {
      name: 'dev: everything CachingDisabled',
      snapshot: snapshotWith({ distributions: [distribution({ comment: 'clinnet-frontend-dev', defaultBehavior: behavior('*', DISABLED), behaviors: [behavior('/api/*', DISABLED)] })] }),
    },
    { name: 'environment unknown', snapshot: snapshotWith({ distributions: [distribution({ comment: 'frontend' })] }) },
  ],
  invalid: [
    {
      name: 'prod with legacy settings everywhere',
      snapshot: snapshotWith({ distributions: [distribution({ behaviors: [behavior('/api/*', null)] })] }),
      expect: [
        {
          current: { '*': null, '/api/*': null },
          target: { '*': OPTIMIZED, '/api/*': DISABLED },
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('/api/* (API): legacy cache settings → CachingDisabled'),
        },
      ],
    },
    {
      name: 'an API path cached in staging, nested under /api/',
      snapshot: snapshotWith({
        distributions: [distribution({ comment: 'clinnet-frontend-staging', defaultBehavior: behavior('*', OPTIMIZED), behaviors: [behavior('/api/v1/*', OPTIMIZED, 'b689b0a8-53d0-40ab-baf2-68738e2966ac')] })],
      }),
      expect: [{ env: 'staging', current: { '/api/v1/*': OPTIMIZED }, target: { '/api/v1/*': DISABLED } }],
    },
  ],
});

describe('cloudfront/cache-policy', () => {
  it('gives dev static content CachingDisabled, as the design asks', () => {
    const finding = onlyFinding(cloudfrontCachePolicy, { snapshot: snapshotWith({ distributions: [distribution({ comment: 'clinnet-frontend-dev', defaultBehavior: behavior('*', OPTIMIZED) })] }) });
    expect(finding).toMatchObject({ env: 'dev', current: { '*': OPTIMIZED }, target: { '*': DISABLED } });
    expect(finding.message).toContain('dev static content is not cached');
  });

  it('warns when an API behavior has no origin request policy, and says why it is not priced', () => {
    const finding = onlyFinding(cloudfrontCachePolicy, { snapshot: snapshotWith({ distributions: [distribution({ defaultBehavior: behavior('*', OPTIMIZED), behaviors: [behavior('/api/*', OPTIMIZED)] })] }) });
    expect(finding.message).toContain('/api/* has no origin request policy');
    expect(finding.message).toContain('Authorization header');
    expect(finding.message).toContain('Not priced');
  });
});
