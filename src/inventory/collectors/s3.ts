/**
 * S3: every bucket (ListBuckets, paged), its region, lifecycle rules, Intelligent-Tiering
 * configurations (paged) and tags. Only buckets in the collected regions are kept, and each is
 * read through a client in its own region (S3 redirects requests sent to another region).
 */
import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  ListBucketIntelligentTieringConfigurationsCommand,
  ListBucketsCommand,
  type Bucket as S3Bucket,
} from '@aws-sdk/client-s3';
import { declarePermissions } from '../../aws/permissions.js';
import type { Bucket, IntelligentTieringConfig, LifecycleRule, Tags } from '../snapshot.js';
import { Tasks, compact, isNamed, paginate, plainJson, tagsFromList, type Collection } from './context.js';

declarePermissions({
  source: 'collector:s3',
  scope: 'audit',
  actions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:GetIntelligentTieringConfiguration', 's3:GetBucketTagging'],
});

const SERVICE = 's3';
/** Gaps about the bucket list itself are not tied to a region. */
export const S3_LIST_REGION = 'global';

/** GetBucketLocation's answer as a region: none (or '') is us-east-1, the legacy 'EU' is eu-west-1. */
export function regionFromLocation(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export async function collectBuckets(c: Collection, regions: readonly string[]): Promise<Bucket[]> {
  const client = c.factory.s3(regions[0]);
  const wanted = new Set(regions);
  const tasks = new Tasks<Bucket | undefined>();
  await c.guard({ service: SERVICE, region: S3_LIST_REGION, operation: 'ListBuckets' }, () =>
    paginate(
      // MaxBuckets makes the list paged, and a paged answer carries each bucket's region.
      (ContinuationToken) => c.request(() => client.send(new ListBucketsCommand({ ContinuationToken, MaxBuckets: 1000 })), 'list'),
      (page) => page.ContinuationToken,
      (page) => {
        for (const bucket of page.Buckets ?? []) if (bucket.Name) tasks.add(readBucket(c, regions[0], wanted, bucket));
      },
    ),
  );
  return compact(await tasks.settle());
}

async function bucketRegion(c: Collection, listRegion: string, bucket: S3Bucket): Promise<string | undefined> {
  if (bucket.BucketRegion) return bucket.BucketRegion;
  const name = bucket.Name as string;
  const got = await c.guard({ service: SERVICE, region: S3_LIST_REGION, operation: 'GetBucketLocation', resource: name }, () =>
    c.request(() => c.factory.s3(listRegion).send(new GetBucketLocationCommand({ Bucket: name }))),
  );
  return got ? regionFromLocation(got.LocationConstraint) : undefined;
}

async function readBucket(c: Collection, listRegion: string, wanted: Set<string>, listed: S3Bucket): Promise<Bucket | undefined> {
  const name = listed.Name as string;
  const region = await bucketRegion(c, listRegion, listed);
  if (!region || !wanted.has(region)) return undefined;
  const client = c.factory.s3(region);
  const where = (operation: string) => ({ service: SERVICE, region, operation, resource: name });

  const [lifecycle, tiering, tags] = await Promise.all([
    c.guard(where('GetBucketLifecycleConfiguration'), async (): Promise<{ rules: LifecycleRule[] | null }> => {
      try {
        const got = await c.request(() => client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name })));
        return { rules: plainJson<LifecycleRule[]>(got.Rules ?? []) };
      } catch (error) {
        if (isNamed(error, 'NoSuchLifecycleConfiguration')) return { rules: null };
        throw error;
      }
    }),
    c.guard(where('ListBucketIntelligentTieringConfigurations'), async () => {
      const configs: IntelligentTieringConfig[] = [];
      await paginate(
        (ContinuationToken) => c.request(() => client.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket: name, ContinuationToken }))),
        (page) => (page.IsTruncated ? page.NextContinuationToken : undefined),
        (page) => configs.push(...plainJson<IntelligentTieringConfig[]>(page.IntelligentTieringConfigurationList ?? [])),
      );
      return configs;
    }),
    c.guard(where('GetBucketTagging'), async (): Promise<Tags> => {
      try {
        const got = await c.request(() => client.send(new GetBucketTaggingCommand({ Bucket: name })));
        return tagsFromList(got.TagSet);
      } catch (error) {
        if (isNamed(error, 'NoSuchTagSet')) return {};
        throw error;
      }
    }),
  ]);
  // "Unreadable" is not "none": a bucket whose lifecycle, tiering or tags could not be read is left
  // out (the gap names it) rather than reported, and fixed, as having none.
  if (!lifecycle || !tiering || !tags) return undefined;
  return { name, region, arn: `arn:${partitionOf(region)}:s3:::${name}`, lifecycleRules: lifecycle.rules, intelligentTiering: tiering, tags };
}
