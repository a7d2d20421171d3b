/**
 * Fake S3 bucket configuration. Lifecycle configurations are validated with S3's own constraints as
 * src/rules/s3/lifecycle-constraints.ts records them (minimum days per storage class, the transition
 * waterfall, 30 days in an IA class before the next transition, expiration after transitions), and
 * rejected with the error code S3 uses for each.
 */
import { validateLifecycleRules } from '../../../src/rules/s3/lifecycle-constraints.js';
import type { LifecycleRule } from '../../../src/inventory/snapshot.js';
import { awsError } from './errors.js';
import type { FakeBucket, FakeState } from './state.js';

type Input = Record<string, unknown>;

const MALFORMED = 'The XML you provided was not well-formed or did not validate against our published schema';

function invalid(message: string): Error {
  return awsError('s3', 'InvalidArgument', message, 400);
}

export function checkLifecycle(rules: Record<string, unknown>[]): void {
  // An empty configuration is not a request S3 accepts (removing one is DeleteBucketLifecycle).
  if (rules.length === 0) throw awsError('s3', 'MalformedXML', MALFORMED, 400);
  const [problem] = validateLifecycleRules(rules as unknown as LifecycleRule[]);
  if (!problem) return;
  if (problem.message.startsWith(MALFORMED)) throw awsError('s3', 'MalformedXML', problem.message, 400);
  throw invalid(problem.ruleId ? `${problem.message} (rule ${problem.ruleId})` : problem.message);
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
    PutObject: (input) => {
      const b = find(input.Bucket);
      const body = input.Body instanceof Uint8Array ? Buffer.from(input.Body) : Buffer.from(String(input.Body ?? ''));
      state.objects ??= {};
      state.objects[b.name] ??= {};
      state.objects[b.name][String(input.Key)] = body;
      return { ETag: `"${body.length.toString(16)}"` };
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
