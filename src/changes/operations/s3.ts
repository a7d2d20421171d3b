/** S3 lifecycle and Intelligent-Tiering: the configuration is checked against S3's constraints before it is sent. */
import {
  DeleteBucketIntelligentTieringConfigurationCommand,
  DeleteBucketLifecycleCommand,
  GetBucketIntelligentTieringConfigurationCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketIntelligentTieringConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type IntelligentTieringConfiguration,
  type LifecycleRule as SdkLifecycleRule,
} from '@aws-sdk/client-s3';
import type { LifecycleRule } from '../../inventory/snapshot.js';
import { lifecycleProblems } from '../../fixers/s3/lifecycle-check.js';
import { errorName, plain, type Applier, type ServiceOperations, sendWrite } from './types.js';

/** Plans hold dates as ISO strings; the SDK serializes Date objects. */
function withDates(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && key === 'Date') return new Date(value);
  if (Array.isArray(value)) return value.map((item) => withDates(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v, k)]));
  }
  return value;
}

const appliers: Record<string, Applier> = {
  's3:PutBucketLifecycleConfiguration': async (input, ctx) => {
    const bucket = String(input.Bucket);
    const rules = ((input.LifecycleConfiguration as { Rules?: unknown[] } | null)?.Rules ?? []) as LifecycleRule[];
    const problems = lifecycleProblems(rules);
    if (problems.length) throw new Error(`not sent: S3 would reject the lifecycle configuration: ${problems.join('; ')}`);
    await sendWrite(ctx, () =>
      ctx.factory
        .s3(ctx.region)
        .send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: withDates(rules) as SdkLifecycleRule[] } })),
    );
    return {};
  },
  's3:DeleteBucketLifecycle': async (input, ctx) => {
    await sendWrite(ctx, () => ctx.factory.s3(ctx.region).send(new DeleteBucketLifecycleCommand({ Bucket: String(input.Bucket) })));
    return {};
  },
  's3:PutBucketIntelligentTieringConfiguration': async (input, ctx) => {
    await sendWrite(ctx, () => ctx.factory.s3(ctx.region).send(
      new PutBucketIntelligentTieringConfigurationCommand({
        Bucket: String(input.Bucket),
        Id: String(input.Id),
        IntelligentTieringConfiguration: input.IntelligentTieringConfiguration as unknown as IntelligentTieringConfiguration,
      }),
    ));
    return {};
  },
  's3:DeleteBucketIntelligentTieringConfiguration': async (input, ctx) => {
    await sendWrite(ctx, () => ctx.factory.s3(ctx.region).send(new DeleteBucketIntelligentTieringConfigurationCommand({ Bucket: String(input.Bucket), Id: String(input.Id) })));
    return {};
  },
};

export const s3Operations: ServiceOperations = {
  operations: {
    's3:PutBucketLifecycleConfiguration': { iam: ['s3:PutLifecycleConfiguration'], apply: appliers['s3:PutBucketLifecycleConfiguration'] },
    // DeleteBucketLifecycle is authorized by s3:PutLifecycleConfiguration.
    's3:DeleteBucketLifecycle': { iam: ['s3:PutLifecycleConfiguration'], apply: appliers['s3:DeleteBucketLifecycle'] },
    's3:PutBucketIntelligentTieringConfiguration': { iam: ['s3:PutIntelligentTieringConfiguration'], apply: appliers['s3:PutBucketIntelligentTieringConfiguration'] },
    's3:DeleteBucketIntelligentTieringConfiguration': { iam: ['s3:PutIntelligentTieringConfiguration'], apply: appliers['s3:DeleteBucketIntelligentTieringConfiguration'] },
  },
  readers: {
    's3:LifecycleConfiguration': {
      iam: ['s3:GetLifecycleConfiguration'],
      read: async (c, ctx) => {
        try {
          const got = await ctx.factory.s3(ctx.region).send(new GetBucketLifecycleConfigurationCommand({ Bucket: String(c.input.Bucket) }));
          return plain(got.Rules ?? null);
        } catch (error) {
          if (errorName(error) === 'NoSuchLifecycleConfiguration') return null;
          throw error;
        }
      },
    },
    's3:IntelligentTieringConfiguration': {
      iam: ['s3:GetIntelligentTieringConfiguration'],
      read: async (c, ctx) => {
        try {
          const got = await ctx.factory
            .s3(ctx.region)
            .send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket: String(c.input.Bucket), Id: String(c.input.Id) }));
          // Some endpoints answer an empty document instead of NoSuchConfiguration: no Id, no configuration.
          return got.IntelligentTieringConfiguration?.Id ? plain(got.IntelligentTieringConfiguration) : null;
        } catch (error) {
          if (errorName(error) === 'NoSuchConfiguration') return null;
          throw error;
        }
      },
    },
  },
};
