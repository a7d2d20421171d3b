import { describe, expect, it } from 'vitest';
import type { LifecycleRule } from '../../../src/inventory/snapshot.js';
import { s3IntelligentTiering } from '../../../src/rules/s3/intelligent-tiering.js';
import { bucket, ruleCases, snapshotWith } from '../fragments.js';
import { GIB, onlyFinding } from './traceable.js';

const IT_RULE: LifecycleRule = { ID: 'IntelligentTiering', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }] };
const FOREIGN: LifecycleRule = { ID: 'abort-mpu', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } };
const frontend = (overrides: Parameters<typeof bucket>[0] = {}) => bucket({ name: 'clinnet-frontend-prod', ...overrides });

ruleCases(s3IntelligentTiering, {
  valid: [
    { name: 'already transitioned by an enabled rule', snapshot: snapshotWith({ buckets: [frontend({ lifecycleRules: [FOREIGN, IT_RULE] })] }) },
    { name: 'not a frontend bucket', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-documents-prod' })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-frontend' })] }) },
  ],
  invalid: [
    {
      name: 'no usage: fixable, unpriced, says what it needs',
      snapshot: snapshotWith({ buckets: [frontend({ lifecycleRules: [FOREIGN] })] }),
      expect: [
        {
          current: { lifecycleRules: [FOREIGN], intelligentTiering: [] },
          target: { lifecycleRules: [FOREIGN, IT_RULE], intelligentTiering: [] },
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('usage data needed: usage.bytesByClass.StandardStorage, usage.objectCount, usage.largeObjectFraction'),
          metricsUsed: [
            'AWS/S3 BucketSizeBytes StandardStorage Average: no data',
            'AWS/S3 NumberOfObjects Average: no data',
            'usage.largeObjectFraction (not a CloudWatch metric): no data',
            'usage.ageFractions (not a CloudWatch metric): no data',
          ],
        },
      ],
    },
    {
      name: 'a disabled rule of ours is replaced, not duplicated',
      snapshot: snapshotWith({ buckets: [frontend({ lifecycleRules: [{ ...IT_RULE, Status: 'Disabled' }] })] }),
      expect: [{ current: { lifecycleRules: [{ ...IT_RULE, Status: 'Disabled' }], intelligentTiering: [] }, target: { lifecycleRules: [IT_RULE], intelligentTiering: [] } }],
    },
  ],
});

describe('s3/intelligent-tiering money', () => {
  it('shows the increase for many small, hot objects (a typical CDN origin)', () => {
    const snapshot = snapshotWith({
      buckets: [
        frontend({
          usage: { source: 'manual', bytesByClass: { StandardStorage: 5 * GIB }, objectCount: 500_000, largeObjectFraction: 0.2, ageFractions: { '30': 0.4, '90': 0.1 } },
        }),
      ],
    });
    const finding = onlyFinding(s3IntelligentTiering, { snapshot });
    // 100,000 monitored objects × $0.0025/1000 = $0.25; best case 1.5 GB to Infrequent, 0.5 GB to Archive Instant.
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([
      [100, 0.0025],
      [-1.5, 0.023],
      [1.5, 0.0125],
      [-0.5, 0.023],
      [0.5, 0.004],
    ]);
    expect(finding.monthlyDeltaUsd).toBe(0.22);
    expect(finding.message).toContain('a cost INCREASE of +$0.22/month even if every byte older than 30 days went unread');
    expect(finding.message).toContain('80% of its objects are under 128 KiB');
    expect(finding.message).toContain('one-off $1.00 to transition 100000 objects');
  });

  it('shows a best-case saving for few large, old objects', () => {
    const snapshot = snapshotWith({
      buckets: [frontend({ usage: { source: 'manual', bytesByClass: { StandardStorage: 100 * GIB }, objectCount: 1000, largeObjectFraction: 1, ageFractions: { '30': 0.5 } } })],
    });
    const finding = onlyFinding(s3IntelligentTiering, { snapshot });
    expect(finding.monthlyDeltaUsd).toBe(-0.52);
    expect(finding.message).toContain('at best -$0.52/month');
  });
});
