import { describe, expect, it } from 'vitest';
import type { LifecycleRule } from '../../../src/inventory/snapshot.js';
import { validateLifecycleRules } from '../../../src/rules/s3/lifecycle-constraints.js';
import { SUGGESTED_ABORT_RULE, s3NoLifecycle } from '../../../src/rules/s3/no-lifecycle.js';
import { bucket, ruleCases, snapshotWith } from '../fragments.js';

describe('s3/no-lifecycle suggestion', () => {
  it('is a configuration S3 accepts', () => {
    expect(validateLifecycleRules([SUGGESTED_ABORT_RULE as LifecycleRule])).toEqual([]);
  });
});

ruleCases(s3NoLifecycle, {
  valid: [
    { name: 'a bucket with any lifecycle rule', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-logs-prod', lifecycleRules: [{ ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Days: 90 } }] })] }) },
    { name: 'documents bucket: s3/lifecycle covers it', snapshot: snapshotWith({ buckets: [bucket()] }) },
    { name: 'frontend bucket: s3/intelligent-tiering covers it', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-frontend-prod' })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-logs' })] }) },
  ],
  invalid: [
    {
      name: 'an uncovered bucket without lifecycle',
      snapshot: snapshotWith({ buckets: [bucket({ name: 'clinnet-exports-dev', lifecycleRules: [] })] }),
      expect: [
        {
          resourceName: 'clinnet-exports-dev',
          env: 'dev',
          current: [],
          target: [SUGGESTED_ABORT_RULE],
          fixable: false,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('abandoned multipart-upload parts are kept (and billed) forever'),
        },
      ],
    },
  ],
});
