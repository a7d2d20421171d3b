/**
 * The lifecycle fixers' own step over the whole plan: PutBucketLifecycleConfiguration replaces the
 * whole set, so two lifecycle changes for one bucket (s3/lifecycle and s3/intelligent-tiering) would
 * overwrite each other. The later is folded into the earlier as one configuration.
 */
import type { LifecycleRule } from '../../inventory/snapshot.js';
import type { JsonValue } from '../../rules/types.js';
import type { Change } from '../types.js';
import { lifecycleProblems } from './lifecycle-check.js';
import { mergeLifecycleRules, putOrDeleteLifecycle } from './lifecycle-rules.js';

export function mergeLifecycleChanges(changes: readonly Change[]): Change[] {
  const out: Change[] = [];
  const byBucket = new Map<string, Change>();
  for (const change of changes) {
    const key = `${change.resource}|${change.attribute}`;
    const first = change.attribute === 'LifecycleConfiguration' ? byBucket.get(key) : undefined;
    if (!first || first.refused || change.refused) {
      if (change.attribute === 'LifecycleConfiguration' && !byBucket.has(key)) byBucket.set(key, change);
      out.push(change);
      continue;
    }
    const bucket = String(first.input.Bucket ?? first.resourceName);
    // The later change's own rules: those it adds or alters relative to its before-state.
    const laterBefore = (change.before ?? []) as LifecycleRule[];
    const laterOwn = ((change.after ?? []) as LifecycleRule[]).filter(
      (rule) => !laterBefore.some((b) => b.ID === rule.ID && JSON.stringify(b) === JSON.stringify(rule)),
    );
    const firstOwn = mergeLifecycleRules(first.after as LifecycleRule[] | null, laterOwn);
    const forward = putOrDeleteLifecycle(bucket, firstOwn);
    first.operation = forward.operation;
    first.input = forward.input;
    first.after = firstOwn as JsonValue[];
    first.notes = [...(first.notes ?? []), `also carries the lifecycle rules of ${change.rule} (one configuration per bucket)`];
    if (change.monthlyDeltaUsd !== null) first.monthlyDeltaUsd = (first.monthlyDeltaUsd ?? 0) + change.monthlyDeltaUsd;
    const problems = lifecycleProblems(firstOwn);
    if (problems.length) first.refused = `S3 would reject the merged lifecycle configuration: ${problems.join('; ')}`;
  }
  return out;
}
