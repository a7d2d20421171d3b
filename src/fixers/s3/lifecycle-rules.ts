/**
 * Lifecycle configurations are replaced whole by PutBucketLifecycleConfiguration, so every change
 * sends the merged set: the rules someone else wrote are kept verbatim, ours are added or replaced
 * by ID. Rules are compared in a canonical form (order by ID, empty filters ignored).
 */
import type { LifecycleRule } from '../../inventory/snapshot.js';
import type { JsonValue } from '../../rules/types.js';
import type { AwsCall } from '../types.js';

export function ruleKey(rule: LifecycleRule, index: number): string {
  return rule.ID ?? `#${index}`;
}

/** `ours` plus every rule of `existing` whose ID `ours` does not carry. */
export function mergeLifecycleRules(existing: readonly LifecycleRule[] | null, ours: readonly LifecycleRule[] | null): LifecycleRule[] {
  const merged = [...(ours ?? [])];
  const ids = new Set(merged.map((r, i) => ruleKey(r, i)));
  (existing ?? []).forEach((rule, index) => {
    if (!ids.has(ruleKey(rule, index))) merged.push(rule);
  });
  return merged;
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The rules as compared by the drift guard: sorted by ID, `Filter: {}` / `Filter: {Prefix: ''}` / no filter alike. */
export function canonicalLifecycle(rules: unknown): JsonValue {
  if (!Array.isArray(rules) || rules.length === 0) return null;
  const normalized = rules.map((raw) => {
    const rule = canonical(raw) as Record<string, unknown>;
    const filter = rule.Filter as Record<string, unknown> | undefined;
    if (filter && (Object.keys(filter).length === 0 || (Object.keys(filter).length === 1 && filter.Prefix === ''))) delete rule.Filter;
    if (rule.Prefix === '') delete rule.Prefix;
    return rule;
  });
  normalized.sort((a, b) => String(a.ID ?? '').localeCompare(String(b.ID ?? '')));
  return normalized as JsonValue;
}

export function putOrDeleteLifecycle(bucket: string, rules: readonly LifecycleRule[] | null): AwsCall {
  if (!rules || rules.length === 0) return { operation: 's3:DeleteBucketLifecycle', input: { Bucket: bucket } };
  return { operation: 's3:PutBucketLifecycleConfiguration', input: { Bucket: bucket, LifecycleConfiguration: { Rules: rules as unknown as JsonValue[] } } };
}
