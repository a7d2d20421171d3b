/** S3 lifecycle and Intelligent-Tiering: the configuration is checked against S3's constraints before it is sent. */
import {
  DeleteBucketIntelligentTieringConfigurationCommand,
  DeleteBucketLifecycleCommand,
  PutBucketIntelligentTieringConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type IntelligentTieringConfiguration,
  type LifecycleRule as SdkLifecycleRule,
} from '@aws-sdk/client-s3';
import type { LifecycleRule } from '../../inventory/snapshot.js';
import { lifecycleProblems } from '../s3/lifecycle-check.js';
import type { Applier } from './types.js';

/** Plans hold dates as ISO strings; the SDK serializes Date objects. */
function withDates(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && key === 'Date') return new Date(value);
  if (Array.isArray(value)) return value.map((item) => withDates(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v, k)]));
  }
  return value;
}

export const s3Appliers: Record<string, Applier> = {
  's3:PutBucketLifecycleConfiguration': async (input, ctx) => {
    const bucket = String(input.Bucket);
    const rules = ((input.LifecycleConfiguration as { Rules?: unknown[] } | null)?.Rules ?? []) as LifecycleRule[];
    const problems = lifecycleProblems(rules);
    if (problems.length) throw new Error(`not sent: S3 would reject the lifecycle configuration: ${problems.join('; ')}`);
    await ctx.factory
      .s3(ctx.region)
      .send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: withDates(rules) as SdkLifecycleRule[] } }));
    return {};
  },
  's3:DeleteBucketLifecycle': async (input, ctx) => {
    await ctx.factory.s3(ctx.region).send(new DeleteBucketLifecycleCommand({ Bucket: String(input.Bucket) }));
    return {};
  },
  's3:PutBucketIntelligentTieringConfiguration': async (input, ctx) => {
    await ctx.factory.s3(ctx.region).send(
      new PutBucketIntelligentTieringConfigurationCommand({
        Bucket: String(input.Bucket),
        Id: String(input.Id),
        IntelligentTieringConfiguration: input.IntelligentTieringConfiguration as unknown as IntelligentTieringConfiguration,
      }),
    );
    return {};
  },
  's3:DeleteBucketIntelligentTieringConfiguration': async (input, ctx) => {
    await ctx.factory.s3(ctx.region).send(new DeleteBucketIntelligentTieringConfigurationCommand({ Bucket: String(input.Bucket), Id: String(input.Id) }));
    return {};
  },
};
