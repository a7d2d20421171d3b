/**
 * The drift guard's readers: each reads, just before a change, the attribute it touches, in the
 * same shape as the change's before/after, so "still as planned?" is a plain comparison.
 */
import { GetStageCommand } from '@aws-sdk/client-api-gateway';
import { GetDistributionConfigCommand } from '@aws-sdk/client-cloudfront';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, GetProvisionedConcurrencyConfigCommand } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { GetBucketIntelligentTieringConfigurationCommand, GetBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import type { JsonValue } from '../../rules/types.js';
import { behaviorOf } from '../appliers/cloudfront.js';
import { errorName, plain, type AwsContext, type Reader } from '../appliers/types.js';
import { canonicalLifecycle } from '../s3/lifecycle-rules.js';
import type { Change } from '../types.js';

const fnName = (change: Change): string => String(change.input.FunctionName);

async function functionConfig(change: Change, ctx: AwsContext) {
  return ctx.factory.lambda(ctx.region).send(new GetFunctionConfigurationCommand({ FunctionName: fnName(change) }));
}

async function cluster(change: Change, ctx: AwsContext) {
  const id = String(change.input.DBClusterIdentifier);
  const { DBClusters } = await ctx.factory.rds(ctx.region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
  const found = DBClusters?.[0];
  if (!found) throw new Error(`cluster ${id} not found`);
  return found;
}

async function distributionConfig(change: Change, ctx: AwsContext) {
  const got = await ctx.factory.cloudfront().send(new GetDistributionConfigCommand({ Id: String(change.input.Id) }));
  if (!got.DistributionConfig) throw new Error('GetDistributionConfig returned no config');
  return got.DistributionConfig;
}

function perBehavior(change: Change, pick: (pattern: string) => JsonValue): JsonValue {
  const keys = Object.keys((change.after ?? {}) as Record<string, unknown>);
  return Object.fromEntries(keys.map((pattern) => [pattern, pick(pattern)]));
}

export const READERS: Record<string, Reader> = {
  'lambda:MemorySize': async (c, ctx) => (await functionConfig(c, ctx)).MemorySize ?? null,
  'lambda:Timeout': async (c, ctx) => (await functionConfig(c, ctx)).Timeout ?? null,
  'lambda:Architectures': async (c, ctx) => (await functionConfig(c, ctx)).Architectures ?? ['x86_64'],
  'lambda:LoggingConfig': async (c, ctx) => {
    const logging = (await functionConfig(c, ctx)).LoggingConfig;
    const logFormat = logging?.LogFormat ?? 'Text';
    return { logFormat, applicationLogLevel: logFormat === 'JSON' ? (logging?.ApplicationLogLevel ?? null) : null };
  },
  'lambda:ReservedConcurrentExecutions': async (c, ctx) => {
    const got = await ctx.factory.lambda(ctx.region).send(new GetFunctionConcurrencyCommand({ FunctionName: fnName(c) }));
    return got.ReservedConcurrentExecutions ?? null;
  },
  'lambda:ProvisionedConcurrency': async (c, ctx) => {
    try {
      const got = await ctx.factory
        .lambda(ctx.region)
        .send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: fnName(c), Qualifier: String(c.input.Qualifier) }));
      return got.RequestedProvisionedConcurrentExecutions ?? null;
    } catch (error) {
      if (errorName(error) === 'ProvisionedConcurrencyConfigNotFoundException') return null;
      throw error;
    }
  },
  'aurora:ServerlessV2ScalingConfiguration': async (c, ctx) => {
    const scaling = (await cluster(c, ctx)).ServerlessV2ScalingConfiguration;
    return scaling ? { minAcu: scaling.MinCapacity ?? null, maxAcu: scaling.MaxCapacity ?? null } : null;
  },
  'aurora:BackupRetentionPeriod': async (c, ctx) => (await cluster(c, ctx)).BackupRetentionPeriod ?? null,
  'dynamodb:BillingMode': async (c, ctx) => {
    const { Table } = await ctx.factory.dynamodb(ctx.region).send(new DescribeTableCommand({ TableName: String(c.input.TableName) }));
    return Table?.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  },
  's3:LifecycleConfiguration': async (c, ctx) => {
    try {
      const got = await ctx.factory.s3(ctx.region).send(new GetBucketLifecycleConfigurationCommand({ Bucket: String(c.input.Bucket) }));
      return plain(got.Rules ?? null);
    } catch (error) {
      if (errorName(error) === 'NoSuchLifecycleConfiguration') return null;
      throw error;
    }
  },
  's3:IntelligentTieringConfiguration': async (c, ctx) => {
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
  'vpc:GatewayEndpoint': async (c, ctx) => {
    const { serviceName, vpcId } = c.after as { serviceName: string; vpcId: string };
    const response = await ctx.factory.ec2(ctx.region).send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'service-name', Values: [serviceName] },
          { Name: 'vpc-endpoint-type', Values: ['Gateway'] },
        ],
      }),
    );
    const live = (response.VpcEndpoints ?? []).filter((e) => !['deleted', 'deleting', 'failed', 'rejected'].includes(String(e.State).toLowerCase()));
    const routeTableIds = [...new Set(live.flatMap((e) => e.RouteTableIds ?? []))].sort();
    return { serviceName, vpcId, routeTableIds };
  },
  'logs:RetentionInDays': async (c, ctx) => {
    const name = String(c.input.logGroupName);
    const { logGroups } = await ctx.factory.logs(ctx.region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    const group = logGroups?.find((g) => g.logGroupName === name);
    if (!group) throw new Error(`log group ${name} not found`);
    return group.retentionInDays ?? null;
  },
  'cloudfront:PriceClass': async (c, ctx) => (await distributionConfig(c, ctx)).PriceClass ?? null,
  'cloudfront:Compress': async (c, ctx) => {
    const config = await distributionConfig(c, ctx);
    return perBehavior(c, (pattern) => behaviorOf(config, pattern)?.Compress ?? false);
  },
  'cloudfront:CachePolicyId': async (c, ctx) => {
    const config = await distributionConfig(c, ctx);
    // An empty CachePolicyId (as some endpoints return for legacy settings) means no cache policy.
    return perBehavior(c, (pattern) => behaviorOf(config, pattern)?.CachePolicyId || null);
  },
  'apigateway:CacheCluster': async (c, ctx) => {
    const stage = await ctx.factory
      .apigateway(ctx.region)
      .send(new GetStageCommand({ restApiId: String(c.input.restApiId), stageName: String(c.input.stageName) }));
    const enabled = stage.cacheClusterEnabled ?? false;
    return { enabled, size: enabled ? (stage.cacheClusterSize ?? null) : null };
  },
};

/** The value a drift comparison uses: canonical JSON (sorted keys; lifecycle rules sorted and normalized). */
export function comparable(attribute: string, value: JsonValue): string {
  const normalized = attribute === 'LifecycleConfiguration' ? canonicalLifecycle(value) : value;
  return JSON.stringify(sortKeys(normalized));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sameState(attribute: string, a: JsonValue, b: JsonValue): boolean {
  return comparable(attribute, a) === comparable(attribute, b);
}

export function readerFor(change: Pick<Change, 'service' | 'attribute'>): Reader | undefined {
  return READERS[`${change.service}:${change.attribute}`];
}
