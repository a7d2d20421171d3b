/**
 * The account read back through the API, independently of the tool's collectors: every attribute a
 * fixer may change, as one flat record keyed "kind:name", so two reads compare with toEqual and a
 * difference names the resource.
 */
import { GetStageCommand } from '@aws-sdk/client-api-gateway';
import { GetDistributionConfigCommand } from '@aws-sdk/client-cloudfront';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { GetBucketLifecycleConfigurationCommand, ListBucketIntelligentTieringConfigurationsCommand } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../../../src/aws/clients.js';
import type { SeededAccount } from '../seed.js';

export type AccountState = Record<string, unknown>;

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

async function lifecycle(f: ClientFactory, bucket: string): Promise<unknown> {
  try {
    return plain((await f.s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules);
  } catch (error) {
    if ((error as Error).name === 'NoSuchLifecycleConfiguration') return null;
    throw error;
  }
}

export async function readAccount(f: ClientFactory, seeded: SeededAccount): Promise<AccountState> {
  const state: AccountState = {};
  for (const env of [seeded.dev, seeded.prod]) {
    for (const name of env.functions) {
      const c = await f.lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      const concurrency = await f.lambda().send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
      state[`lambda:${name}`] = plain({
        memoryMb: c.MemorySize,
        timeoutS: c.Timeout,
        architectures: c.Architectures,
        logging: c.LoggingConfig,
        reservedConcurrency: concurrency.ReservedConcurrentExecutions ?? null,
        codeSha256: c.CodeSha256,
        layers: c.Layers?.map((l) => l.Arn),
        environmentVariableNames: Object.keys(c.Environment?.Variables ?? {}).sort(),
      });
    }
    const groups = await f.logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    for (const name of env.logGroups) state[`logs:${name}`] = { retentionDays: groups.logGroups?.find((g) => g.logGroupName === name)?.retentionInDays ?? null };

    const cluster = (await f.rds().send(new DescribeDBClustersCommand({ DBClusterIdentifier: env.cluster }))).DBClusters?.[0];
    state[`aurora:${env.cluster}`] = plain({ scaling: cluster?.ServerlessV2ScalingConfiguration, backupRetentionDays: cluster?.BackupRetentionPeriod });

    for (const table of env.tables) {
      const t = (await f.dynamodb().send(new DescribeTableCommand({ TableName: table }))).Table;
      state[`dynamodb:${table}`] = plain({
        billingMode: t?.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
        rcu: t?.ProvisionedThroughput?.ReadCapacityUnits,
        wcu: t?.ProvisionedThroughput?.WriteCapacityUnits,
        gsis: t?.GlobalSecondaryIndexes?.map((g) => g.IndexName) ?? [],
      });
    }

    for (const bucket of Object.values(env.buckets)) {
      const tiering = await f.s3().send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket: bucket }));
      state[`s3:${bucket}`] = { lifecycleRules: await lifecycle(f, bucket), intelligentTiering: plain(tiering.IntelligentTieringConfigurationList ?? []) };
    }

    const endpoints = await f.ec2().send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [env.vpc] }] }));
    state[`vpc:${env.vpc}`] = (endpoints.VpcEndpoints ?? [])
      .filter((e) => String(e.State).toLowerCase() !== 'deleted')
      .map((e) => ({ id: e.VpcEndpointId, service: e.ServiceName, type: e.VpcEndpointType, routeTableIds: [...(e.RouteTableIds ?? [])].sort() }))
      .sort((a, b) => `${a.service}${a.id}`.localeCompare(`${b.service}${b.id}`));

    const d = (await f.cloudfront().send(new GetDistributionConfigCommand({ Id: env.distribution }))).DistributionConfig;
    const b = d?.DefaultCacheBehavior;
    state[`cloudfront:${env.distribution}`] = plain({
      priceClass: d?.PriceClass,
      compress: b?.Compress,
      cachePolicyId: b?.CachePolicyId || null,
      forwardedValues: b?.ForwardedValues,
      ttls: [b?.MinTTL, b?.DefaultTTL, b?.MaxTTL],
    });
  }
  const stage = await f.apigateway().send(new GetStageCommand({ restApiId: seeded.restApi.id, stageName: seeded.restApi.stage }));
  state[`apigateway:${seeded.restApi.id}/${seeded.restApi.stage}`] = plain({ cacheClusterEnabled: stage.cacheClusterEnabled ?? false, cacheClusterSize: stage.cacheClusterSize ?? null });
  return state;
}

/** Keys whose values differ between two reads (added or removed keys included). */
export function changedKeys(a: AccountState, b: AccountState): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
