/**
 * Advisory, beyond the document: a bucket the design gives no lifecycle rule, with no lifecycle
 * configuration at all, keeps abandoned multipart-upload parts (billed, invisible in listings) and
 * every object forever. Suggests the one rule that is safe everywhere.
 */
import { matchesAny } from '../../targets/glob.js';
import type { Rule, RuleMeta } from '../types.js';
import { bucketFinding, bucketsInScope } from './shared.js';

const meta: RuleMeta = {
  id: 's3/no-lifecycle',
  service: 's3',
  title: 'Buckets without any lifecycle configuration',
  rationale: 'beyond the document: the design names lifecycle rules only for documents and images; S3 Lifecycle Management applied to the other buckets.',
  severity: 'low',
  fixable: false,
  description:
    'A bucket with no lifecycle configuration keeps the parts of abandoned multipart uploads forever: they are billed as storage but do not appear ' +
    'in object listings. An AbortIncompleteMultipartUpload rule (for example after 7 days) is safe on any bucket; decide per bucket whether old objects ' +
    'should also expire or transition.',
};

export const SUGGESTED_ABORT_RULE = { ID: 'abort-incomplete-multipart-uploads', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } };

export const s3NoLifecycle: Rule = {
  meta,
  check(context) {
    return bucketsInScope(context).flatMap((scope) => {
      const { bucket, targets } = scope;
      if (bucket.lifecycleRules && bucket.lifecycleRules.length > 0) return [];
      const designed = targets.lifecycle.some((t) => matchesAny(bucket.name, t.bucketPatterns)) || matchesAny(bucket.name, targets.intelligentTiering.bucketPatterns);
      if (designed) return [];
      return [
        bucketFinding(meta, scope, {
          current: bucket.lifecycleRules === null ? null : [],
          target: [SUGGESTED_ABORT_RULE],
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            'no lifecycle configuration: abandoned multipart-upload parts are kept (and billed) forever, unseen in listings; consider an AbortIncompleteMultipartUpload rule ' +
            '(7 days) and, per bucket, expiring or transitioning old objects. Not priced: S3 does not report the size of incomplete uploads in the snapshot\'s usage',
        }),
      ];
    });
  },
};
