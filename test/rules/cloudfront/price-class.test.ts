import { describe, expect, it } from 'vitest';
import { cloudfrontPriceClass } from '../../../src/rules/cloudfront/price-class.js';
import { distribution, ruleCases, snapshotWith } from '../fragments.js';
import { GIB, onlyFinding } from '../s3/traceable.js';

const usage = (bytesOutsidePriceClass100Fraction?: number) => ({
  source: 'manual' as const,
  bytesOutPerMonth: 500 * GIB,
  requestsPerMonth: 10_000_000,
  ...(bytesOutsidePriceClass100Fraction === undefined ? {} : { bytesOutsidePriceClass100Fraction }),
});

ruleCases(cloudfrontPriceClass, {
  valid: [
    { name: 'prod already PriceClass_All', snapshot: snapshotWith({ distributions: [distribution({ priceClass: 'PriceClass_All' })] }) },
    { name: 'dev already PriceClass_100', snapshot: snapshotWith({ distributions: [distribution({ id: 'EDEV', comment: 'clinnet-frontend-dev' })] }) },
    { name: 'staging: the design sets no price class', snapshot: snapshotWith({ distributions: [distribution({ comment: 'clinnet-frontend-staging', priceClass: 'PriceClass_200' })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ distributions: [distribution({ comment: 'clinnet-frontend' })] }) },
  ],
  invalid: [
    {
      name: "prod to the design's PriceClass_All without usage",
      snapshot: snapshotWith({ distributions: [distribution()] }),
      expect: [
        {
          resource: 'arn:aws:cloudfront::123456789012:distribution/E2CLINNETPROD1',
          resourceName: 'E2CLINNETPROD1',
          region: null,
          env: 'prod',
          current: 'PriceClass_100',
          target: 'PriceClass_All',
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('a cost INCREASE'),
          metricsUsed: ['AWS/CloudFront BytesDownloaded Sum: no data', 'usage.bytesOutsidePriceClass100Fraction (not a CloudWatch metric): no data'],
        },
      ],
    },
  ],
});

describe('cloudfront/price-class money', () => {
  it("prices the design's PriceClass_All as an increase from the share of bytes sent outside North America and Europe", () => {
    const finding = onlyFinding(cloudfrontPriceClass, { snapshot: snapshotWith({ distributions: [distribution({ usage: usage(0.1) })] }) });
    // 10% of 500 GB = 50 GB: -50 × $0.085 + 50 × $0.120.
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([
      [-50, 0.085],
      [50, 0.12],
    ]);
    expect(finding.monthlyDeltaUsd).toBe(1.75);
    expect(finding.message).toContain('at most +$1.75/month for the 10% of 500.0 GB/month');
  });

  it('without the viewers\' geography, stays unpriced but gives the bound', () => {
    const finding = onlyFinding(cloudfrontPriceClass, { snapshot: snapshotWith({ distributions: [distribution({ usage: usage() })] }) });
    expect(finding.monthlyDeltaUsd).toBeNull();
    expect(finding.message).toContain('at most +$17.50/month if every one of the 500.0 GB went to such viewers');
    expect(finding.message).toContain('usage data needed: usage.bytesOutsidePriceClass100Fraction');
  });

  it('narrowing dev from PriceClass_All to PriceClass_100 saves', () => {
    const snapshot = snapshotWith({ distributions: [distribution({ id: 'EDEV', comment: 'clinnet-frontend-dev', priceClass: 'PriceClass_All', usage: usage(0.2) })] });
    const finding = onlyFinding(cloudfrontPriceClass, { snapshot });
    expect(finding).toMatchObject({ current: 'PriceClass_All', target: 'PriceClass_100', monthlyDeltaUsd: -3.5 });
    expect(finding.message).toContain('a saving');
  });
});
