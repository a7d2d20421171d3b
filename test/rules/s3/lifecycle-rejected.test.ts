import { expect } from 'vitest';
import type { LifecycleRule } from '../../../src/inventory/snapshot.js';
import { s3LifecycleRejected } from '../../../src/rules/s3/lifecycle-rejected.js';
import { bucket, ruleCases, snapshotWith } from '../fragments.js';

const IMAGES = 'clinnet-images-prod';
const rule = (r: Partial<LifecycleRule> & { ID: string }): LifecycleRule => ({ Status: 'Enabled', Filter: {}, ...r });

ruleCases(s3LifecycleRejected, {
  valid: [
    { name: 'no lifecycle configuration', snapshot: snapshotWith({ buckets: [bucket({ name: IMAGES })] }) },
    {
      name: 'STANDARD_IA at day 30, GLACIER at day 60, expiration after',
      snapshot: snapshotWith({
        buckets: [
          bucket({
            name: IMAGES,
            lifecycleRules: [
              rule({ ID: 'ImagesLifecycle', Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 60, StorageClass: 'GLACIER' }], Expiration: { Days: 2555 } }),
            ],
          }),
        ],
      }),
    },
    {
      name: 'GLACIER_IR at day 0 (no 30-day minimum outside the IA classes)',
      snapshot: snapshotWith({ buckets: [bucket({ name: IMAGES, lifecycleRules: [rule({ ID: 'ir', Transitions: [{ Days: 0, StorageClass: 'GLACIER_IR' }] })] })] }),
    },
  ],
  invalid: [
    {
      name: "the team's template: TransitionInDays 7 to STANDARD_IA",
      snapshot: snapshotWith({
        buckets: [
          bucket({
            name: IMAGES,
            lifecycleRules: [rule({ ID: 'ImagesLifecycle', Transitions: [{ Days: 7, StorageClass: 'STANDARD_IA' }, { Days: 30, StorageClass: 'GLACIER' }] })],
          }),
        ],
      }),
      expect: [
        {
          severity: 'high',
          fixable: false,
          resourceName: IMAGES,
          target: null,
          message: expect.stringMatching(
            /rule ImagesLifecycle \(STANDARD_IA at day 7, GLACIER at day 30\): 'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'; 'Days' in the Transition action for StorageClass 'GLACIER' must be 30 days more than 'Days' in the Transition action for StorageClass 'STANDARD_IA'.*lifecycle-transition-general-considerations\.html/,
          ),
        },
      ],
    },
    {
      name: 'IA → GLACIER_IR 10 days later, and an expiration before the last transition',
      snapshot: snapshotWith({
        buckets: [
          bucket({
            name: IMAGES,
            lifecycleRules: [
              rule({ ID: 'ir', Transitions: [{ Days: 30, StorageClass: 'ONEZONE_IA' }, { Days: 40, StorageClass: 'GLACIER' }] }),
              rule({ ID: 'exp', Transitions: [{ Days: 90, StorageClass: 'GLACIER' }], Expiration: { Days: 60 } }),
            ],
          }),
        ],
      }),
      expect: [
        {
          message: expect.stringMatching(
            /rule ir \(ONEZONE_IA at day 30, GLACIER at day 40\): 'Days' in the Transition action for StorageClass 'GLACIER' must be 30 days more than 'Days' in the Transition action for StorageClass 'ONEZONE_IA'\. rule exp \(GLACIER at day 90, expiration at day 60\): 'Days' in the Expiration action must be greater than 'Days' in the Transition action/,
          ),
        },
      ],
    },
    {
      name: 'a transition S3 has no path for (ONEZONE_IA → GLACIER_IR)',
      snapshot: snapshotWith({
        buckets: [bucket({ name: IMAGES, lifecycleRules: [rule({ ID: 'w', Transitions: [{ Days: 30, StorageClass: 'ONEZONE_IA' }, { Days: 90, StorageClass: 'GLACIER_IR' }] })] })],
      }),
      expect: [{ message: expect.stringContaining("Lifecycle can't transition objects from storageClass 'ONEZONE_IA' to 'GLACIER_IR'") }],
    },
  ],
});
