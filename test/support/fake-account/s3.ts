/**
 * Fake S3 bucket configuration. Lifecycle rules are validated the way S3 validates them (its own
 * implementation here, independent of the tool's): minimum days per storage class, transitions in
 * storage-class order with increasing days, 30 days in an IA class before the next transition.
 */
import { awsError } from './errors.js';
import type { FakeBucket, FakeState } from './state.js';

type Input = Record<string, unknown>;

const ORDER = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];
const MIN_DAYS: Record<string, number> = { STANDARD_IA: 30, ONEZONE_IA: 30 };

function invalid(message: string): Error {
  return awsError('s3', 'InvalidArgument', message, 400);
}

export function checkLifecycle(rules: Record<string, unknown>[]): void {
  if (rules.length === 0) throw awsError('s3', 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  if (rules.length > 1000) throw invalid('A lifecycle configuration can have at most 1000 rules');
  const ids = new Set<string>();
  for (const rule of rules) {
    const id = String(rule.ID ?? '');
    if (id.length > 255) throw invalid('ID length should not exceed allowed limit of 255');
    if (id && ids.has(id)) throw invalid('Rule ID must be unique. Found same ID for more than one rule');
    ids.add(id);
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw awsError('s3', 'MalformedXML', 'Status must be Enabled or Disabled', 400);
    if (rule.Filter !== undefined && rule.Prefix !== undefined) throw awsError('s3', 'MalformedXML', 'Filter and Prefix cannot both be set', 400);
    const transitions = (rule.Transitions ?? []) as { Days?: number; Date?: unknown; StorageClass: string }[];
    const hasAction = transitions.length || rule.Expiration || rule.NoncurrentVersionTransitions || rule.NoncurrentVersionExpiration || rule.AbortIncompleteMultipartUpload;
    if (!hasAction) throw awsError('s3', 'MalformedXML', 'At least one action needs to be specified in a rule', 400);
    let previous: { days: number; cls: string } | null = null;
    for (const t of [...transitions].sort((a, b) => (a.Days ?? 0) - (b.Days ?? 0))) {
      if (!ORDER.includes(t.StorageClass)) throw awsError('s3', 'MalformedXML', `Invalid storage class ${t.StorageClass}`, 400);
      const days = t.Days ?? 0;
      const min = MIN_DAYS[t.StorageClass];
      if (min !== undefined && days < min) throw invalid(`'Days' in Transition action must be greater than or equal to ${min} for storageClass '${t.StorageClass}'`);
      if (previous) {
        if (days === previous.days) throw invalid(`'Days' in the Transition action for StorageClass '${t.StorageClass}' must be different from the other transitions`);
        if (ORDER.indexOf(t.StorageClass) <= ORDER.indexOf(previous.cls)) throw invalid(`Transition to '${t.StorageClass}' cannot follow a transition to '${previous.cls}'`);
        if ((previous.cls === 'STANDARD_IA' || previous.cls === 'ONEZONE_IA') && days - previous.days < 30) {
          throw invalid(`'Days' in the Transition action for StorageClass '${t.StorageClass}' must be 30 days more than 'Days' in the Transition action for StorageClass '${previous.cls}'`);
        }
      }
      previous = { days, cls: t.StorageClass };
    }
    const expiration = rule.Expiration as { Days?: number } | undefined;
    if (expiration?.Days !== undefined && previous && expiration.Days <= previous.days) {
      throw invalid("'Days' in the Expiration action must be greater than 'Days' in the Transition action");
    }
  }
}

/** What S3 stores: Date values as they come back (Date objects → ISO strings, like the parsed response). */
function stored(value: unknown): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>[];
}

function revive(rules: Record<string, unknown>[]): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(rules), (key, value) => (key === 'Date' && typeof value === 'string' ? new Date(value) : value)) as Record<string, unknown>[];
}

export function s3Handlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const find = (name: unknown): FakeBucket => {
    const b = state.buckets.find((x) => x.name === name);
    if (!b) throw awsError('s3', 'NoSuchBucket', 'The specified bucket does not exist', 404);
    return b;
  };
  return {
    ListBuckets: (input) => {
      const all = [...state.buckets].sort((a, b) => a.name.localeCompare(b.name));
      const max = input.MaxBuckets as number | undefined;
      const start = input.ContinuationToken ? Number(Buffer.from(String(input.ContinuationToken), 'base64').toString()) : 0;
      const slice = max ? all.slice(start, start + max) : all;
      const next = max && start + max < all.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
      return {
        Buckets: slice.map((b) => ({ Name: b.name, CreationDate: new Date('2024-01-01T00:00:00Z'), BucketRegion: b.region })),
        Owner: { ID: 'owner' },
        ContinuationToken: next,
      };
    },
    GetBucketLocation: (input) => {
      const b = find(input.Bucket);
      return { LocationConstraint: b.region === 'us-east-1' ? undefined : b.region };
    },
    GetBucketLifecycleConfiguration: (input) => {
      const b = find(input.Bucket);
      if (!b.lifecycle) throw awsError('s3', 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404);
      return { Rules: revive(b.lifecycle) };
    },
    PutBucketLifecycleConfiguration: (input) => {
      const b = find(input.Bucket);
      const rules = stored((input.LifecycleConfiguration as { Rules?: unknown[] } | undefined)?.Rules ?? []);
      checkLifecycle(rules);
      b.lifecycle = rules;
      return {};
    },
    DeleteBucketLifecycle: (input) => {
      find(input.Bucket).lifecycle = null;
      return {};
    },
    ListBucketIntelligentTieringConfigurations: (input) => {
      const b = find(input.Bucket);
      return { IsTruncated: false, IntelligentTieringConfigurationList: stored(b.intelligentTiering) };
    },
    GetBucketIntelligentTieringConfiguration: (input) => {
      const config = find(input.Bucket).intelligentTiering.find((c) => c.Id === input.Id);
      if (!config) throw awsError('s3', 'NoSuchConfiguration', 'The specified configuration does not exist.', 404);
      return { IntelligentTieringConfiguration: stored(config) };
    },
    PutBucketIntelligentTieringConfiguration: (input) => {
      const b = find(input.Bucket);
      const config = stored(input.IntelligentTieringConfiguration) as unknown as Record<string, unknown>;
      if (config.Id !== input.Id) throw invalid('The Id in the configuration must match the Id parameter');
      for (const t of (config.Tierings ?? []) as { Days: number; AccessTier: string }[]) {
        const [min, max] = t.AccessTier === 'ARCHIVE_ACCESS' ? [90, 730] : [180, 730];
        if (t.Days < min || t.Days > max) throw invalid(`Days for ${t.AccessTier} must be between ${min} and ${max}`);
      }
      b.intelligentTiering = [...b.intelligentTiering.filter((c) => c.Id !== input.Id), config];
      return {};
    },
    DeleteBucketIntelligentTieringConfiguration: (input) => {
      const b = find(input.Bucket);
      if (!b.intelligentTiering.some((c) => c.Id === input.Id)) throw awsError('s3', 'NoSuchConfiguration', 'The specified configuration does not exist.', 404);
      b.intelligentTiering = b.intelligentTiering.filter((c) => c.Id !== input.Id);
      return {};
    },
    GetBucketTagging: (input) => {
      const b = find(input.Bucket);
      if (!Object.keys(b.tags).length) throw awsError('s3', 'NoSuchTagSet', 'The TagSet does not exist', 404);
      return { TagSet: Object.entries(b.tags).map(([Key, Value]) => ({ Key, Value })) };
    },
  };
}
