/**
 * S3 Intelligent-Tiering: the lifecycle transition into INTELLIGENT_TIERING (merged like any lifecycle
 * change) and, where the target has them, archive-tier configurations (Put/Delete per Id).
 */
import type { IntelligentTieringConfig } from '../../inventory/snapshot.js';
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { mergeLifecycleChanges } from './lifecycle-merge.js';
import { bucketOf } from '../lookup.js';
import type { AwsCall, ChangeDraft } from '../types.js';
import { canonicalLifecycle, mergeLifecycleRules } from './lifecycle-rules.js';
import { lifecycleDraft, S3_LIFECYCLE_PERMISSIONS } from './lifecycle.js';

const put = (bucket: string, config: IntelligentTieringConfig): AwsCall => ({
  operation: 's3:PutBucketIntelligentTieringConfiguration',
  input: { Bucket: bucket, Id: config.Id, IntelligentTieringConfiguration: config as unknown as JsonValue },
});
const remove = (bucket: string, id: string): AwsCall => ({ operation: 's3:DeleteBucketIntelligentTieringConfiguration', input: { Bucket: bucket, Id: id } });

export const s3IntelligentTieringFixer = defineFixer({
  rule: 's3/intelligent-tiering',
  combine: mergeLifecycleChanges,
  permissions: [...S3_LIFECYCLE_PERMISSIONS, 's3:GetIntelligentTieringConfiguration', 's3:PutIntelligentTieringConfiguration'],
  billedEffect: () => ({
    direction: 'depends',
    quantity: 'storage GB-month in cheaper tiers against a monitoring fee per object of 128 KB or more',
  }),
  async plan(finding, snapshot) {
    const bucket = bucketOf(snapshot, finding)?.name ?? finding.resourceName;
    const drafts: ChangeDraft[] = [];
    const currentRules = finding.current.lifecycleRules;
    const merged = mergeLifecycleRules(currentRules, finding.target.lifecycleRules);
    if (JSON.stringify(canonicalLifecycle(merged)) !== JSON.stringify(canonicalLifecycle(currentRules))) {
      drafts.push(lifecycleDraft(bucket, (currentRules ?? null) as JsonValue, merged));
    }
    for (const config of finding.target.intelligentTiering) {
      const existing = finding.current.intelligentTiering.find((c) => c.Id === config.Id) ?? null;
      if (existing && JSON.stringify(existing) === JSON.stringify(config)) continue;
      drafts.push({
        attribute: 'IntelligentTieringConfiguration',
        ...put(bucket, config),
        before: existing as JsonValue,
        after: config as unknown as JsonValue,
        undo: existing ? put(bucket, existing) : remove(bucket, config.Id),
        templateProperty: 'AWS::S3::Bucket.IntelligentTieringConfigurations',
      });
    }
    return drafts;
  },
});
