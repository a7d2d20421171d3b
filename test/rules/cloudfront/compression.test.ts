import { describe, expect, it } from 'vitest';
import { cloudfrontCompression } from '../../../src/rules/cloudfront/compression.js';
import { distribution, ruleCases, snapshotWith } from '../fragments.js';
import { GIB, onlyFinding } from '../s3/traceable.js';

const on = { pathPattern: '*', targetOriginId: 'frontend', compress: true, cachePolicyId: null };
const api = (compress: boolean) => ({ pathPattern: '/api/*', targetOriginId: 'api', compress, cachePolicyId: null });
const usage = { source: 'manual' as const, bytesOutPerMonth: 1000 * GIB, requestsPerMonth: 5_000_000, compressibleFraction: 0.5 };

ruleCases(cloudfrontCompression, {
  valid: [
    { name: 'every behavior compresses', snapshot: snapshotWith({ distributions: [distribution({ defaultBehavior: on, behaviors: [api(true)] })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ distributions: [distribution({ comment: 'frontend' })] }) },
  ],
  invalid: [
    {
      name: 'default and API behaviors uncompressed, no usage',
      snapshot: snapshotWith({ distributions: [distribution({ behaviors: [api(false)] })] }),
      expect: [
        {
          current: { '*': false, '/api/*': false },
          target: { '*': true, '/api/*': true },
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('usage data needed: usage.bytesOutPerMonth and usage.compressibleFraction'),
          metricsUsed: ['AWS/CloudFront BytesDownloaded Sum: no data', 'usage.compressibleFraction (not a CloudWatch metric): no data'],
        },
      ],
    },
    {
      name: 'only the API behavior: bytes per behavior needed',
      snapshot: snapshotWith({ distributions: [distribution({ defaultBehavior: on, behaviors: [api(false)], usage })] }),
      expect: [{ current: { '/api/*': false }, target: { '/api/*': true }, monthlyDeltaUsd: null, message: expect.stringContaining('bytes out per behavior') }],
    },
  ],
});

describe('cloudfront/compression money', () => {
  it('prices the bytes compression removes at the distribution price class rate, an upper bound when API paths are uncached', () => {
    const finding = onlyFinding(cloudfrontCompression, { snapshot: snapshotWith({ distributions: [distribution({ behaviors: [api(false)], usage })] }) });
    // 1000 GB × 50% compressible × 70% smaller = 350 GB × $0.085.
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([[-350, 0.085]]);
    expect(finding.monthlyDeltaUsd).toBe(-29.75);
    expect(finding.message).toContain('at most -$29.75/month');
    expect(finding.message).toContain('under CachingDisabled (/api/*) CloudFront does not compress');
  });

  it('is a plain figure when every uncompressed behavior will be cached', () => {
    const finding = onlyFinding(cloudfrontCompression, { snapshot: snapshotWith({ distributions: [distribution({ usage })] }) });
    expect(finding.monthlyDeltaUsd).toBe(-29.75);
    expect(finding.message).toContain('(-$29.75/month, assuming compressible text shrinks by 70%)');
  });
});
