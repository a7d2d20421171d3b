/** Helpers shared by the S3 rules (not a rule: rules are the other files in this folder). */
import type { Bucket, LifecycleRule } from '../../inventory/snapshot.js';
import type { PriceKey } from '../../pricing/estimator.js';
import type { EnvTargets } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import { buildFinding, inScope, type FindingFields } from '../finding.js';
import type { Finding, RuleContext, RuleMeta } from '../types.js';
import { monthlyText } from '../money-text.js';
import { bucketSubject } from '../../targets/environment-resolver.js';

export interface BucketScope {
  bucket: Bucket;
  env: Env;
  targets: EnvTargets['s3'];
}

/** Buckets whose environment is known, with that environment's S3 targets. */
export function bucketsInScope(context: RuleContext): BucketScope[] {
  return inScope(context, context.snapshot.buckets, 's3', bucketSubject).map(({ item, env, targets }) => ({ bucket: item, env, targets }));
}

export function bucketFinding(meta: RuleMeta, { bucket, env }: BucketScope, fields: FindingFields): Finding {
  return buildFinding(meta, { service: 's3', resource: bucket.arn ?? `arn:aws:s3:::${bucket.name}`, resourceName: bucket.name, region: bucket.region, env }, fields);
}

/** The storage price key of a lifecycle storage class (Intelligent-Tiering: its Frequent Access tier, where objects start). */
export function storagePriceKey(storageClass: string): PriceKey | null {
  switch (storageClass) {
    case 'STANDARD':
    case 'STANDARD_IA':
    case 'ONEZONE_IA':
    case 'GLACIER_IR':
    case 'GLACIER':
    case 'DEEP_ARCHIVE':
      return `s3.storageGbMonth.${storageClass}`;
    case 'INTELLIGENT_TIERING':
      return 's3.storageGbMonth.INTELLIGENT_TIERING_FREQUENT';
    default:
      return null;
  }
}

export function transitionPriceKey(storageClass: string): PriceKey | null {
  switch (storageClass) {
    case 'STANDARD_IA':
    case 'ONEZONE_IA':
    case 'GLACIER_IR':
    case 'GLACIER':
    case 'DEEP_ARCHIVE':
    case 'INTELLIGENT_TIERING':
      return `s3.transitionPer1000.${storageClass}`;
    default:
      return null;
  }
}

/** Key order and undefined fields ignored, so a rule read back from S3 equals the one we would write. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** `rules` with `ours` in place of the rule carrying its ID (kept in position), or appended; foreign rules untouched. */
export function withRule(rules: readonly LifecycleRule[] | null, ours: LifecycleRule): LifecycleRule[] {
  const list = [...(rules ?? [])];
  const index = list.findIndex((rule) => rule.ID !== undefined && rule.ID === ours.ID);
  if (index >= 0) list[index] = ours;
  else list.push(ours);
  return list;
}

export const KIB_128 = 128 * 1024;

export function gb(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(3);
}

/** "+$1.23/month" / "-$1.23/month", for messages. */
export function usd(value: number): string {
  return monthlyText(value);
}
