/** S3's own constraints on lifecycle rules, checked before a configuration is planned or sent. */
import type { LifecycleRule } from '../../inventory/snapshot.js';
import { validateLifecycleRules } from '../../rules/s3/lifecycle-constraints.js';

export function lifecycleProblems(rules: readonly LifecycleRule[] | null): string[] {
  if (!rules || rules.length === 0) return [];
  return validateLifecycleRules([...rules]).map((problem: unknown) =>
    typeof problem === 'string' ? problem : String((problem as { message?: unknown }).message ?? JSON.stringify(problem)),
  );
}
