/** Limits of the services whose changes are one request: Logs, API Gateway, CloudFront, DynamoDB, S3. */
import { lifecycleProblems } from '../../fixers/s3/lifecycle-check.js';
import type { LifecycleRule } from '../../inventory/snapshot.js';
import { integerIn, oneOf, type Limit } from './types.js';

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** API Gateway stage cache sizes, in GB. */
export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] as const;

function patchValue(ops: unknown, path: string): unknown {
  if (!Array.isArray(ops)) return undefined;
  const op = ops.find((o) => typeof o === 'object' && o !== null && (o as { path?: unknown }).path === path) as { value?: unknown } | undefined;
  return op?.value;
}

export const OTHER_LIMITS: Limit[] = [
  {
    operation: 'logs:PutRetentionPolicy',
    field: 'retentionInDays',
    rule: LOG_RETENTION_DAYS.join(', '),
    source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html',
    check: (input) => oneOf('retentionInDays', input.retentionInDays, LOG_RETENTION_DAYS),
  },
  {
    operation: 'apigateway:UpdateStage',
    field: '/cacheClusterSize',
    rule: `${CACHE_CLUSTER_SIZES.join(', ')} GB`,
    source: 'https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateStage.html',
    check: (input) => oneOf('/cacheClusterSize', patchValue(input.patchOperations, '/cacheClusterSize'), CACHE_CLUSTER_SIZES),
  },
  {
    operation: 'apigateway:UpdateStage',
    field: '/cacheClusterEnabled',
    rule: '"true" or "false"',
    source: 'https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html',
    check: (input) => oneOf('/cacheClusterEnabled', patchValue(input.patchOperations, '/cacheClusterEnabled'), ['true', 'false']),
  },
  {
    operation: 'apigateway:UpdateStage',
    field: '/{method}/caching/ttlInSeconds',
    rule: '0–3,600 seconds',
    source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html',
    check: (input) => {
      const ops = Array.isArray(input.patchOperations) ? (input.patchOperations as { path?: unknown; value?: unknown }[]) : [];
      for (const op of ops) {
        if (typeof op.path !== 'string' || !op.path.endsWith('/caching/ttlInSeconds')) continue;
        const problem = integerIn(op.path, Number(op.value), 0, 3600, ' s');
        if (problem || !/^\d+$/.test(String(op.value))) return problem ?? `${op.path} ${JSON.stringify(op.value)} is not a whole number of seconds`;
      }
      return null;
    },
  },
  {
    operation: 'apigateway:UpdateStage',
    field: '/{method}/caching/enabled',
    rule: '"true" or "false"',
    source: 'https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html',
    check: (input) => {
      const ops = Array.isArray(input.patchOperations) ? (input.patchOperations as { path?: unknown; value?: unknown }[]) : [];
      const bad = ops.find((op) => typeof op.path === 'string' && op.path.endsWith('/caching/enabled') && op.value !== 'true' && op.value !== 'false');
      return bad ? oneOf(String(bad.path), bad.value, ['true', 'false']) : null;
    },
  },
  {
    operation: 'cloudfront:UpdateDistribution',
    field: 'PriceClass',
    rule: 'PriceClass_100, PriceClass_200, PriceClass_All',
    source: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html',
    check: (input) => oneOf('PriceClass', input.PriceClass, ['PriceClass_100', 'PriceClass_200', 'PriceClass_All']),
  },
  {
    operation: 'cloudfront:UpdateDistribution',
    field: 'OriginRequestPolicyId',
    rule: 'an origin request policy only on a behavior that has a cache policy',
    source: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html',
    check: (input) => {
      const orp = input.OriginRequestPolicyId;
      if (!orp || typeof orp !== 'object' || Array.isArray(orp)) return null;
      const cache = (input.CachePolicyId ?? {}) as Record<string, unknown>;
      const bare = Object.entries(orp).filter(([pattern, id]) => id && !cache[pattern]).map(([pattern]) => pattern);
      return bare.length ? `OriginRequestPolicyId on ${bare.join(', ')} without a cache policy (CloudFront needs a cache policy on the behavior)` : null;
    },
  },
  {
    operation: 'dynamodb:UpdateTable',
    field: 'BillingMode',
    rule: 'PROVISIONED or PAY_PER_REQUEST; PROVISIONED needs ProvisionedThroughput of at least 1 read and 1 write unit',
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html',
    check: (input) => {
      const mode = oneOf('BillingMode', input.BillingMode, ['PROVISIONED', 'PAY_PER_REQUEST']);
      if (mode || input.BillingMode !== 'PROVISIONED') return mode;
      const throughput = (input.ProvisionedThroughput ?? {}) as { ReadCapacityUnits?: unknown; WriteCapacityUnits?: unknown };
      return (
        integerIn('ReadCapacityUnits', throughput.ReadCapacityUnits ?? null, 1, Number.MAX_SAFE_INTEGER) ??
        integerIn('WriteCapacityUnits', throughput.WriteCapacityUnits ?? null, 1, Number.MAX_SAFE_INTEGER)
      );
    },
  },
  {
    operation: 's3:PutBucketLifecycleConfiguration',
    field: 'LifecycleConfiguration.Rules',
    rule: 'S3 transition constraints (minimum days per storage class, order of classes, ≤ 1,000 rules, unique IDs)',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html',
    check: (input) => {
      const rules = ((input.LifecycleConfiguration as { Rules?: unknown } | undefined)?.Rules ?? []) as LifecycleRule[];
      const problems = lifecycleProblems(rules);
      return problems.length ? problems.join('; ') : null;
    },
  },
  {
    operation: 's3:PutBucketIntelligentTieringConfiguration',
    field: 'IntelligentTieringConfiguration.Tierings',
    rule: 'ARCHIVE_ACCESS 90–730 days, DEEP_ARCHIVE_ACCESS 180–730 days',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Tiering.html',
    check: (input) => {
      const tierings = ((input.IntelligentTieringConfiguration as { Tierings?: unknown } | undefined)?.Tierings ?? []) as { AccessTier?: string; Days?: unknown }[];
      for (const t of tierings) {
        const problem = t.AccessTier === 'DEEP_ARCHIVE_ACCESS' ? integerIn('DEEP_ARCHIVE_ACCESS Days', t.Days, 180, 730) : integerIn(`${t.AccessTier} Days`, t.Days, 90, 730);
        if (problem) return problem;
      }
      return null;
    },
  },
];
