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

  it('an API path already under a managed policy moves to CachingDisabled with nothing to add: its origin received only the path', () => {
    const finding = onlyFinding(cloudfrontCachePolicy, { snapshot: snapshotWith({ distributions: [distribution({ defaultBehavior: behavior('*', OPTIMIZED), behaviors: [behavior('/api/*', OPTIMIZED)] })] }) });
    expect(finding.target).toEqual({ '/api/*': DISABLED });
    expect(finding.message).not.toContain('left as it is');
    expect(finding.message).toContain('Not priced');
  });
});

const S3 = { id: 'frontend', domainName: 'clinnet-frontend-prod.s3.amazonaws.com', kind: 's3' as const };
const APIGW = { id: 'api', domainName: 'abc123.execute-api.us-east-1.amazonaws.com', kind: 'custom' as const };
const ALB = { id: 'alb', domainName: 'clinnet-alb-123.us-east-1.elb.amazonaws.com', kind: 'custom' as const };
const legacy = (pathPattern: string, targetOriginId: string, headers: string[], queryString: boolean, cookies = 'none') => ({
  pathPattern,
  targetOriginId,
  compress: true,
  cachePolicyId: null,
  originRequestPolicyId: null,
  forwardedValues: { queryString, headers, cookies },
});
const withApi = (api: ReturnType<typeof legacy>, origins = [S3, APIGW, ALB]) =>
  snapshotWith({ distributions: [distribution({ defaultBehavior: { ...legacy('*', 'frontend', [], false) }, behaviors: [api], origins })] });

describe('cloudfront/cache-policy: what an API origin keeps receiving', () => {
  it('an API Gateway origin that got Authorization and the query string gets AllViewerExceptHostHeader', () => {
    const finding = onlyFinding(cloudfrontCachePolicy, { snapshot: withApi(legacy('/api/*', 'api', ['Authorization'], true)) });
    expect(finding.target).toMatchObject({ '/api/*': DISABLED });
    expect(finding.message).toContain('/api/* (origin abc123.execute-api.us-east-1.amazonaws.com) forwarded header Authorization, the query string: AllViewerExceptHostHeader');
    expect(finding.message).toContain('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    expect(finding.message).not.toContain('left as it is');
  });

  it('another custom origin that got the Host header (or every header) gets AllViewer', () => {
    for (const headers of [['Host', 'Authorization'], ['*']]) {
      const finding = onlyFinding(cloudfrontCachePolicy, { snapshot: withApi(legacy('/api/*', 'alb', headers, false)) });
      expect(finding.message).toContain('216adef6-5c7f-47e4-b989-5492eafa07d3');
      expect(finding.message).toMatch(/AllViewer keeps sending every viewer header \(Host too\)/);
    }
  });

  it('a specific header list to another custom origin is left as it is, saying why (Authorization cannot be listed)', () => {
    const finding = onlyFinding(cloudfrontCachePolicy, { snapshot: withApi(legacy('/api/*', 'alb', ['Authorization', 'X-Tenant'], true)) });
    expect(finding.message).toContain('left as it is: /api/* (origin clinnet-alb-123.us-east-1.elb.amazonaws.com) forwards only headers Authorization, X-Tenant, the query string');
    expect(finding.message).toContain('a custom origin request policy cannot list Authorization (CloudFront answers 400)');
  });

  it('a behavior that forwards per-caller values is never given CachingOptimized', () => {
    const snapshot = snapshotWith({ distributions: [distribution({ defaultBehavior: legacy('*', 'alb', [], false, 'all'), origins: [ALB] })] });
    const finding = onlyFinding(cloudfrontCachePolicy, { snapshot });
    expect(finding.target).toEqual({ '*': OPTIMIZED });
    expect(finding.message).toContain("left as it is: * (origin clinnet-alb-123.us-east-1.elb.amazonaws.com) forwards every cookie, so its responses depend on the caller");
  });

  it('a snapshot without origins (an older version) is not guessed from', () => {
    const finding = onlyFinding(cloudfrontCachePolicy, { snapshot: snapshotWith({ distributions: [distribution({ behaviors: [behavior('/api/*', null)] })] }) });
    expect(finding.message).toContain('left as it is: the snapshot does not record the origins and forwarded values of *');
  });
});
