/**
 * What to ask CloudWatch for, per resource: one MetricQuery per metric and statistic. Each names the
 * resource and the figure its answer fills, so results map back without parsing labels.
 */
import type { AccountSnapshot } from '../snapshot.js';
import type { MetricWindow } from './window.js';

/** How a series of data points becomes one figure. */
export type Reduce = 'sum' | 'max' | 'mean';

export interface MetricQuery {
  region: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** 'Sum', 'Average', 'Maximum' or an extended statistic such as 'p95'. */
  stat: string;
  period: number;
  /** The resource the answer belongs to, see resourceKey(). */
  resource: string;
  /** Figure name → how the series reduces to it (an hourly Sum yields a total and a peak hour). */
  outputs: Partial<Record<string, Reduce>>;
}

export type ResourceKind = 'lambda' | 'aurora' | 'dynamodb' | 's3' | 'cloudfront' | 'apigateway' | 'nat' | 'logs';

export const resourceKey = (kind: ResourceKind, region: string, name: string): string => `${kind}|${region}|${name}`;

/** CloudFront publishes its metrics in us-east-1 with the dimension Region=Global. */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';
const HOURLY = 3600;

/** What discovery found: which functions publish Lambda Insights, which S3 storage types each bucket has. */
export interface Discovered {
  /** region → function names with LambdaInsights metrics. */
  lambdaInsights: Map<string, Set<string>>;
  /** bucket name → storage types with BucketSizeBytes; absent → the common types. */
  s3StorageTypes: Map<string, string[]>;
}

/** Used when ListMetrics could not say which storage types a bucket has. */
export const COMMON_STORAGE_TYPES = [
  'StandardStorage',
  'StandardIAStorage',
  'OneZoneIAStorage',
  'IntelligentTieringFAStorage',
  'IntelligentTieringIAStorage',
  'IntelligentTieringAIAStorage',
  'GlacierInstantRetrievalStorage',
  'GlacierStorage',
  'DeepArchiveStorage',
];

type Add = (q: Omit<MetricQuery, 'period'> & { period?: number }) => void;

export function buildQueries(snapshot: AccountSnapshot, window: MetricWindow, discovered: Discovered): MetricQuery[] {
  const out: MetricQuery[] = [];
  const add: Add = (q) => out.push({ period: window.seconds, ...q });
  lambdaQueries(snapshot, discovered, add);
  auroraQueries(snapshot, add);
  for (const t of snapshot.dynamoTables) {
    const resource = resourceKey('dynamodb', t.region, t.name);
    const base = { region: t.region, namespace: 'AWS/DynamoDB', dimensions: { TableName: t.name }, stat: 'Sum', period: HOURLY, resource };
    add({ ...base, metricName: 'ConsumedReadCapacityUnits', outputs: { readUnits: 'sum', peakReadHour: 'max' } });
    add({ ...base, metricName: 'ConsumedWriteCapacityUnits', outputs: { writeUnits: 'sum', peakWriteHour: 'max' } });
  }
  for (const b of snapshot.buckets) {
    const resource = resourceKey('s3', b.region, b.name);
    const types = discovered.s3StorageTypes.get(b.name) ?? COMMON_STORAGE_TYPES;
    for (const type of types) {
      add({ region: b.region, namespace: 'AWS/S3', metricName: 'BucketSizeBytes', dimensions: { BucketName: b.name, StorageType: type }, stat: 'Average', resource, outputs: { [`bytes:${type}`]: 'mean' } });
    }
    add({ region: b.region, namespace: 'AWS/S3', metricName: 'NumberOfObjects', dimensions: { BucketName: b.name, StorageType: 'AllStorageTypes' }, stat: 'Average', resource, outputs: { objects: 'mean' } });
  }
  for (const d of snapshot.distributions) {
    const resource = resourceKey('cloudfront', 'global', d.id);
    const base = { region: CLOUDFRONT_METRICS_REGION, namespace: 'AWS/CloudFront', dimensions: { DistributionId: d.id, Region: 'Global' }, resource };
    add({ ...base, metricName: 'Requests', stat: 'Sum', outputs: { requests: 'sum' } });
    add({ ...base, metricName: 'BytesDownloaded', stat: 'Sum', outputs: { bytesOut: 'sum' } });
    // Published only where the distribution's additional metrics are on; otherwise no data.
    add({ ...base, metricName: 'CacheHitRate', stat: 'Average', outputs: { cacheHitRate: 'mean' } });
  }
  for (const api of snapshot.restApis) {
    for (const stage of api.stages) {
      const resource = resourceKey('apigateway', api.region, `${api.id}/${stage.name}`);
      // REST API metrics are keyed by the API's name and the stage, not its id.
      const base = { region: api.region, namespace: 'AWS/ApiGateway', dimensions: { ApiName: api.name, Stage: stage.name }, resource };
      add({ ...base, metricName: 'Count', stat: 'Sum', outputs: { requests: 'sum' } });
      // GET requests per method (published only with the stage's detailed metrics): what a cache can serve at all.
      (api.methods ?? [])
        .filter((m) => m.httpMethod === 'GET')
        .forEach((m, i) => add({ ...base, dimensions: { ...base.dimensions, Method: 'GET', Resource: m.resourcePath }, metricName: 'Count', stat: 'Sum', outputs: { [`getRequests:${i}`]: 'sum' } }));
      add({ ...base, metricName: 'Latency', stat: 'p95', outputs: { latencyP95: 'max' } });
      add({ ...base, metricName: 'IntegrationLatency', stat: 'p95', outputs: { integrationLatencyP95: 'max' } });
    }
  }
  for (const nat of snapshot.network.natGateways) {
    const resource = resourceKey('nat', nat.region, nat.id);
    const base = { region: nat.region, namespace: 'AWS/NATGateway', dimensions: { NatGatewayId: nat.id }, stat: 'Sum', resource };
    // Data processed is every byte the gateway receives, from the VPC and back from the destination.
    add({ ...base, metricName: 'BytesInFromSource', outputs: { bytesFromSource: 'sum' } });
    add({ ...base, metricName: 'BytesInFromDestination', outputs: { bytesFromDestination: 'sum' } });
  }
  for (const g of snapshot.logGroups) {
    add({ region: g.region, namespace: 'AWS/Logs', metricName: 'IncomingBytes', dimensions: { LogGroupName: g.name }, stat: 'Sum', resource: resourceKey('logs', g.region, g.name), outputs: { ingested: 'sum' } });
  }
  return out;
}

function lambdaQueries(snapshot: AccountSnapshot, discovered: Discovered, add: Add): void {
  for (const fn of snapshot.lambdaFunctions) {
    const resource = resourceKey('lambda', fn.region, fn.name);
    const base = { region: fn.region, namespace: 'AWS/Lambda', dimensions: { FunctionName: fn.name }, resource };
    add({ ...base, metricName: 'Invocations', stat: 'Sum', outputs: { invocations: 'sum' } });
    add({ ...base, metricName: 'Duration', stat: 'Average', outputs: { durationAvg: 'mean' } });
    add({ ...base, metricName: 'Duration', stat: 'p95', outputs: { durationP95: 'max' } });
    add({ ...base, metricName: 'Duration', stat: 'p99', outputs: { durationP99: 'max' } });
    add({ ...base, metricName: 'Duration', stat: 'Maximum', outputs: { durationMax: 'max' } });
    add({ ...base, metricName: 'Errors', stat: 'Sum', outputs: { errors: 'sum' } });
    add({ ...base, metricName: 'Throttles', stat: 'Sum', outputs: { throttles: 'sum' } });
    add({ ...base, metricName: 'ConcurrentExecutions', stat: 'Maximum', outputs: { concurrentMax: 'max' } });
    if (discovered.lambdaInsights.get(fn.region)?.has(fn.name)) {
      const insights = { region: fn.region, namespace: 'LambdaInsights', dimensions: { function_name: fn.name }, resource };
      // Megabytes used, not memory_utilization: a percentage of the memory size at the time reads wrong once the size changes.
      add({ ...insights, metricName: 'used_memory_max', stat: 'Maximum', outputs: { usedMemoryMaxMb: 'max' } });
      add({ ...insights, metricName: 'init_duration', stat: 'p95', outputs: { initP95: 'max' } });
    }
  }
}

function auroraQueries(snapshot: AccountSnapshot, add: Add): void {
  for (const cluster of snapshot.auroraClusters) {
    const resource = resourceKey('aurora', cluster.region, cluster.id);
    const base = { region: cluster.region, namespace: 'AWS/RDS', dimensions: { DBClusterIdentifier: cluster.id }, resource };
    if (cluster.serverlessV2) {
      add({ ...base, metricName: 'ServerlessDatabaseCapacity', stat: 'Maximum', outputs: { acuMax: 'max' } });
      add({ ...base, metricName: 'ServerlessDatabaseCapacity', stat: 'p99', outputs: { acuP99: 'max' } });
      add({ ...base, metricName: 'ServerlessDatabaseCapacity', stat: 'Average', outputs: { acuAvg: 'mean' } });
      add({ ...base, metricName: 'ACUUtilization', stat: 'Average', outputs: { acuUtilization: 'mean' } });
    }
    add({ ...base, metricName: 'VolumeBytesUsed', stat: 'Average', outputs: { volumeBytes: 'mean' } });
    // SelectLatency (ms) is Aurora MySQL's; Aurora PostgreSQL publishes no query latency metric.
    if (cluster.engine.startsWith('aurora-mysql')) add({ ...base, metricName: 'SelectLatency', stat: 'Average', outputs: { selectLatency: 'mean' } });
  }
}
