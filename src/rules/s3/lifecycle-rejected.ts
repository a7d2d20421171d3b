/**
 * A bucket's lifecycle configuration that S3 would reject, e.g. a template's TransitionInDays 7 to
 * STANDARD_IA (S3 wants 30 days in Standard first): the stack update fails on it. The checks are
 * lifecycle-constraints.ts, the same ones every planned or sent configuration passes.
 */
import type { LifecycleRule } from '../../inventory/snapshot.js';
import type { JsonValue, Rule, RuleMeta } from '../types.js';
import { validateLifecycleRules } from './lifecycle-constraints.js';
import { bucketFinding, bucketsInScope } from './shared.js';

export const LIFECYCLE_CONSTRAINTS_SOURCE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html';

const meta: RuleMeta = {
  id: 's3/lifecycle-rejected',
  service: 's3',
  title: 'S3 lifecycle configuration is one S3 accepts',
  rationale:
    'Design document, "S3 Lifecycle Management": its ImagesLifecycle moves objects to STANDARD_IA at day 7, which S3 rejects; a template that copies it fails to deploy ' +
    `(S3 User Guide, "Constraints and considerations for transitions": ${LIFECYCLE_CONSTRAINTS_SOURCE}).`,
  severity: 'high',
  fixable: false,
  description:
    'PutBucketLifecycleConfiguration (and so a CloudFormation stack update of AWS::S3::Bucket LifecycleConfiguration) is refused as a whole when one rule breaks ' +
    "S3's constraints: STANDARD_IA and ONEZONE_IA need at least 30 days after creation (Days / TransitionInDays ≥ 30), and at least 30 days in an IA class before the " +
    'next transition; transitions follow the storage-class waterfall (ONEZONE_IA goes only to GLACIER or DEEP_ARCHIVE, nothing leaves DEEP_ARCHIVE) in increasing days, ' +
    'one per class; Expiration comes after the last transition; Days and Date are not mixed; noncurrent-version transitions and expirations follow the same rules; ' +
    'IDs are unique and at most 255 characters; at most 1,000 rules. Each problem is reported in S3\'s own words with the rule and values it concerns. ' +
    "Advisory: change the template (or the configuration) to valid days; for the design's rules s3/lifecycle plans the nearest valid configuration.",
};

function describeRule(rule: LifecycleRule): string {
  const transitions = (rule.Transitions ?? []).map((t) => `${t.StorageClass} at ${t.Days !== undefined ? `day ${t.Days}` : `date ${t.Date ?? '?'}`}`);
  const expiration = rule.Expiration as { Days?: unknown; Date?: unknown } | undefined;
  if (expiration && typeof expiration.Days === 'number') transitions.push(`expiration at day ${expiration.Days}`);
  return transitions.length ? ` (${transitions.join(', ')})` : '';
}

export const s3LifecycleRejected: Rule = {
  meta,
  check(context) {
    return bucketsInScope(context).flatMap((scope) => {
      const rules = scope.bucket.lifecycleRules ?? [];
      const problems = validateLifecycleRules(rules);
      if (problems.length === 0) return [];
      const byRule = new Map<string | null, string[]>();
      for (const problem of problems) byRule.set(problem.ruleId, [...(byRule.get(problem.ruleId) ?? []), problem.message]);
      const parts = [...byRule].map(([ruleId, messages]) => {
        const rule = ruleId === null ? undefined : rules.find((r) => r.ID === ruleId);
        const label = ruleId === null ? 'the configuration' : `rule ${ruleId}${rule ? describeRule(rule) : ''}`;
        return `${label}: ${messages.join('; ')}`;
      });
      return [
        bucketFinding(meta, scope, {
          current: rules as unknown as JsonValue,
          target: null,
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            `S3 rejects this lifecycle configuration (PutBucketLifecycleConfiguration fails, and so does a stack update that sets it): ${parts.join('. ')}. ` +
            `Limits: STANDARD_IA/ONEZONE_IA at day 30 or later, 30 days in an IA class before the next transition, expiration after the last transition (${LIFECYCLE_CONSTRAINTS_SOURCE}). ` +
            'In a template these are TransitionInDays / ExpirationInDays',
        }),
      ];
    });
  },
};
