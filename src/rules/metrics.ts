/**
 * The names findings give the metrics behind their usage figures (`Finding.metricsUsed`), in one
 * place so every rule says them the same way: the CloudWatch metric and statistic that fill the
 * usage field (docs/metrics.md), and "<name>: no data" where the figure is missing. Usage fields
 * the collector never fills (shares and breakdowns no CloudWatch metric gives) are named as the
 * usage field, marked as such, so nobody looks for them in CloudWatch.
 */

const notCloudWatch = (field: string): string => `usage.${field} (not a CloudWatch metric)`;

export const METRIC = {
  lambdaInvocations: 'AWS/Lambda Invocations Sum',
  lambdaDurationAvg: 'AWS/Lambda Duration Average',
  lambdaDurationP95: 'AWS/Lambda Duration p95',
  lambdaDurationP99: 'AWS/Lambda Duration p99',
  lambdaDurationMax: 'AWS/Lambda Duration Maximum',
  /** Lambda Insights where the function publishes it, else a Logs Insights query over the REPORT lines. */
  lambdaMaxMemoryUsed: 'Logs Insights @maxMemoryUsed (or LambdaInsights used_memory_max Maximum)',
  lambdaConcurrentMax: 'AWS/Lambda ConcurrentExecutions Maximum',
  lambdaThrottles: 'AWS/Lambda Throttles Sum',
  logsIncomingBytes: 'AWS/Logs IncomingBytes Sum',
  auroraAcuAvg: 'AWS/RDS ServerlessDatabaseCapacity Average',
  auroraAcuMax: 'AWS/RDS ServerlessDatabaseCapacity Maximum',
  auroraBackupStorage: notCloudWatch('backupStorageGb'),
  auroraIdleFraction: notCloudWatch('idleFraction'),
  dynamodbReads: 'AWS/DynamoDB ConsumedReadCapacityUnits Sum',
  dynamodbWrites: 'AWS/DynamoDB ConsumedWriteCapacityUnits Sum',
  s3StandardBytes: 'AWS/S3 BucketSizeBytes StandardStorage Average',
  s3Objects: 'AWS/S3 NumberOfObjects Average',
  s3LargeObjectFraction: notCloudWatch('largeObjectFraction'),
  s3AgeFractions: notCloudWatch('ageFractions'),
  cloudfrontBytesOut: 'AWS/CloudFront BytesDownloaded Sum',
  cloudfrontCompressible: notCloudWatch('compressibleFraction'),
  cloudfrontOutsidePriceClass100: notCloudWatch('bytesOutsidePriceClass100Fraction'),
  natBytes: 'AWS/NATGateway BytesInFromSource + BytesInFromDestination Sum',
  natS3Bytes: notCloudWatch('s3BytesPerMonth'),
  natDynamodbBytes: notCloudWatch('dynamodbBytesPerMonth'),
  apiRequests: 'AWS/ApiGateway Count Sum',
} as const;

export type MetricId = keyof typeof METRIC;

export const NO_DATA = 'no data';

/** A figure is known when it is a number; null, undefined (never collected) and NaN are not. */
export const known = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The metric's name, or "<name>: no data" when its figure is missing. */
export function metricName(id: MetricId, value: unknown): string {
  return known(value) ? METRIC[id] : `${METRIC[id]}: ${NO_DATA}`;
}

/** `metricsUsed` of a finding: each metric with its figure, in the order given, without repeats. */
export function metricsUsed(entries: readonly (readonly [MetricId, unknown])[]): string[] {
  return [...new Set(entries.map(([id, value]) => metricName(id, value)))];
}
