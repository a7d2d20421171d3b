/** S3 lifecycle: the bucket's whole configuration, merged (never dropping a foreign rule) and checked against S3's constraints. */
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { mergeLifecycleChanges } from './lifecycle-merge.js';
import { bucketOf } from '../lookup.js';
import type { ChangeDraft } from '../types.js';
import { lifecycleProblems } from './lifecycle-check.js';
import { mergeLifecycleRules, putOrDeleteLifecycle } from './lifecycle-rules.js';

export const S3_LIFECYCLE_PERMISSIONS = ['s3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'] as const;

export function lifecycleDraft(bucket: string, current: ChangeDraft['before'], merged: ReturnType<typeof mergeLifecycleRules>): ChangeDraft {
  const previous = (current ?? null) as Parameters<typeof putOrDeleteLifecycle>[1];
  const draft: ChangeDraft = {
    attribute: 'LifecycleConfiguration',
    ...putOrDeleteLifecycle(bucket, merged),
    before: (previous ?? null) as JsonValue,
    after: merged as JsonValue[],
    undo: putOrDeleteLifecycle(bucket, previous),
    templateProperty: 'AWS::S3::Bucket.LifecycleConfiguration',
  };
  const problems = lifecycleProblems(merged);
  if (problems.length) draft.refused = `S3 would reject the lifecycle configuration: ${problems.join('; ')}`;
  return draft;
}

export const s3LifecycleFixer = defineFixer({
  rule: 's3/lifecycle',
  combine: mergeLifecycleChanges,
  permissions: [...S3_LIFECYCLE_PERMISSIONS],
  billedEffect: () => ({ direction: 'lowers', quantity: 'storage GB-month moved to cheaper classes (one-time transition requests are billed)' }),
  async plan(finding, snapshot) {
    const bucket = bucketOf(snapshot, finding)?.name ?? finding.resourceName;
    return [lifecycleDraft(bucket, finding.current as JsonValue, mergeLifecycleRules(finding.current, finding.target))];
  },
});
