import { describe, expect, it } from 'vitest';
import type { LifecycleRule } from '../../../src/inventory/snapshot.js';
import { s3Lifecycle } from '../../../src/rules/s3/lifecycle.js';
import { validateLifecycleRules } from '../../../src/rules/s3/lifecycle-constraints.js';
import { bucket, ruleCases, snapshotWith } from '../fragments.js';
import { GIB, onlyFinding } from './traceable.js';

const DOCUMENTS: LifecycleRule = {
  ID: 'DocumentsLifecycle',
  Status: 'Enabled',
  Filter: {},
  Transitions: [
    { Days: 30, StorageClass: 'STANDARD_IA' },
    { Days: 90, StorageClass: 'GLACIER' },
    { Days: 365, StorageClass: 'DEEP_ARCHIVE' },
  ],
};
const IMAGES_VALID: LifecycleRule = {
  ID: 'ImagesLifecycle',
  Status: 'Enabled',
  Filter: {},
  Transitions: [
    { Days: 30, StorageClass: 'STANDARD_IA' },
    { Days: 60, StorageClass: 'GLACIER' },
  ],
};
const FOREIGN: LifecycleRule = { ID: 'expire-tmp-uploads', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } };

ruleCases(s3Lifecycle, {
  valid: [
    { name: 'documents rule already there, next to a foreign rule', snapshot: snapshotWith({ buckets: [bucket({ lifecycleRules: [FOREIGN, DOCUMENTS] })] }) },
    { name: 'images rule at the valid 30/60 days', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-images-prod', lifecycleRules: [IMAGES_VALID] })] }) },
    {
      name: 'same transitions under another ID, on the whole bucket',
      snapshot: snapshotWith({ buckets: [bucket({ lifecycleRules: [{ ...DOCUMENTS, ID: 'cfn-generated-1', Filter: { Prefix: '' } }] })] }),
    },
    { name: 'a bucket no lifecycle target names', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-frontend-prod' })] }) },
    { name: 'environment unknown: skipped', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-documents' })] }) },
  ],
  invalid: [
    {
      name: 'documents bucket without our rule: added, foreign rule kept',
      snapshot: snapshotWith({ buckets: [bucket({ lifecycleRules: [FOREIGN] })] }),
      expect: [
        {
          resource: 'arn:aws:s3:::clinnet-documents-prod',
          env: 'prod',
          current: [FOREIGN],
          target: [FOREIGN, DOCUMENTS],
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('usage data needed'),
        },
      ],
    },
    {
      name: "images bucket: the design's day 7 is moved to day 30, GLACIER to day 60",
      snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-images-dev', lifecycleRules: null })] }),
      expect: [
        {
          env: 'dev',
          current: null,
          target: [IMAGES_VALID],
          fixable: true,
          message: expect.stringMatching(/STANDARD_IA at day 7 → day 30: S3 rejects it .*greater than or equal to 30 for storageClass 'STANDARD_IA'.*GLACIER at day 30 → day 60/),
        },
      ],
    },
  ],
});

describe('s3/lifecycle', () => {
  it('prices the steady state from bytes in STANDARD and their ages, with one-off transitions beside it', () => {
    const snapshot = snapshotWith({
      buckets: [
        bucket({
          lifecycleRules: [FOREIGN],
          usage: { source: 'manual', bytesByClass: { StandardStorage: 100 * GIB }, objectCount: 200_000, largeObjectFraction: 0.5, ageFractions: { '30': 0.8, '90': 0.6, '365': 0.2 } },
        }),
      ],
    });
    const finding = onlyFinding(s3Lifecycle, { snapshot });
    // 20 GB in STANDARD_IA, 40 GB in GLACIER, 20 GB in DEEP_ARCHIVE, all out of STANDARD at $0.023.
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([
      [-20, 0.023],
      [20, 0.0125],
      [-40, 0.023],
      [40, 0.0036],
      [-20, 0.023],
      [20, 0.00099],
    ]);
    expect(finding.monthlyDeltaUsd).toBe(-1.43);
    expect(finding.message).toContain('-$1.43/month');
    // One-off: 40k/80k/40k objects × 50% at or above 128 KiB = 20k × $0.01 + 40k × $0.03 + 20k × $0.05 per 1000.
    expect(finding.message).toContain(
      'one-off transition requests for objects already old enough: +$2.40 (20000 objects × $0.01/1000 to STANDARD_IA, 40000 objects × $0.03/1000 to GLACIER, 20000 objects × $0.05/1000 to DEEP_ARCHIVE)',
    );
    expect(finding.message).toContain('minimum storage durations (STANDARD_IA 30 days, GLACIER 90 days, DEEP_ARCHIVE 180 days)');
    expect(finding.message).toContain('1 existing rule(s) kept as they are (expire-tmp-uploads)');
  });

  it('says which ages it lacks rather than guessing (images need the share older than 60 days)', () => {
    const snapshot = snapshotWith({
      buckets: [bucket({ name: 'clinnet-images-prod', usage: { source: 'manual', bytesByClass: { StandardStorage: GIB }, ageFractions: { '30': 0.5, '90': 0.2 } } })],
    });
    const finding = onlyFinding(s3Lifecycle, { snapshot });
    expect(finding.monthlyDeltaUsd).toBeNull();
    expect(finding.message).toContain('usage data needed: usage.ageFractions for days 60');
  });

  it('replaces a disabled rule of ours in place, keeping its other actions, and the result passes S3 constraints', () => {
    const disabled: LifecycleRule = { ID: 'ImagesLifecycle', Status: 'Disabled', Filter: { Prefix: 'scans/' }, Transitions: [{ Days: 7, StorageClass: 'STANDARD_IA' }], Expiration: { Days: 3650 } };
    const snapshot = snapshotWith({ buckets: [bucket({ name: 'clinnet-images-prod', lifecycleRules: [disabled, FOREIGN] })] });
    const finding = onlyFinding(s3Lifecycle, { snapshot });
    const target = finding.target as LifecycleRule[];
    expect(target).toEqual([{ ...IMAGES_VALID, Filter: { Prefix: 'scans/' }, Expiration: { Days: 3650 } }, FOREIGN]);
    expect(validateLifecycleRules(target)).toEqual([]);
    expect(finding.message).toContain('replace rule ImagesLifecycle');
  });

  it('is not fixable when S3 would reject the merged configuration (1000 rules already)', () => {
    const many = Array.from({ length: 1000 }, (_, i): LifecycleRule => ({ ID: `r${i}`, Status: 'Enabled', Filter: { Prefix: `p${i}/` }, Expiration: { Days: 1 } }));
    const finding = onlyFinding(s3Lifecycle, { snapshot: snapshotWith({ buckets: [bucket({ lifecycleRules: many })] }) });
    expect(finding.fixable).toBe(false);
    expect(finding.message).toContain('S3 would reject the result');
    expect(finding.message).toContain('exceeds the allowed limit of 1000 rules');
  });
});
