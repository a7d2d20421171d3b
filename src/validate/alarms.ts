/**
 * Phase 5's monitoring as CloudWatch alarms: one per resource for each of the design's performance
 * benchmarks, and one per NAT gateway on bytes processed above its post-endpoint baseline. Pure: the
 * snapshot in, the alarm definitions (PutMetricAlarm requests) out, with what could not be alarmed
 * and why. Each alarm evaluates metrics that exist: a benchmark with no metric to watch is skipped
 * with what to enable, never alarmed on a metric that will never report.
 */
import type { JsonObject } from '../changes/change.js';
import type { AccountSnapshot, NatGateway } from '../inventory/snapshot.js';
import { envResolver } from '../rules/engine.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';
import { clusterSubject, distributionSubject, functionSubject, natSubject, stageSubject } from '../targets/environment-resolver.js';
import { ALARM_PREFIX } from './alarm-names.js';

export { ALARM_PREFIX };

/** CloudFront publishes its metrics in us-east-1 only: its alarms live there. */
const CLOUDFRONT_METRICS_REGION = 'us-east-1';
/** NAT bytes processed may exceed the post-endpoint baseline by this share before the alarm fires. */
export const NAT_BASELINE_HEADROOM_PCT = 50;
const HOURS_PER_MONTH = 730;

export interface AlarmSpec {
  benchmark: string;
  service: 'apigateway' | 'aurora' | 'lambda' | 'cloudfront' | 'vpc';
  resource: string;
  resourceName: string;
  region: string;
  env: ResolvedEnv;
  /** The PutMetricAlarm request. */
  definition: JsonObject;
  /** Metrics the alarm evaluates (CloudWatch bills alarms per metric). */
  metricsEvaluated: number;
}

export interface SkippedAlarm {
  benchmark: string;
  resourceName: string;
  reason: string;
}

export interface AlarmOptions {
  targets: TargetProfile;
  env?: Env;
  /** SNS topic the alarms notify; without one they only change state. */
  topicArn?: string;
}

/** Alarm names allow up to 255 characters; other characters than these are replaced. */
const alarmName = (...parts: string[]): string => [ALARM_PREFIX, ...parts].join('-').replace(/[^A-Za-z0-9._\-/ ]/g, '_').slice(0, 255);

function common(name: string, description: string, topicArn: string | undefined): JsonObject {
  return {
    AlarmName: name,
    AlarmDescription: `${description} (clinnet-opt validate alarms)`,
    ...(topicArn ? { AlarmActions: [topicArn] } : {}),
    // 3 of 3 five-minute periods: a sustained miss, not one slow request.
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    // No traffic is not a miss.
    TreatMissingData: 'notBreaching',
  };
}

function natBaseline(nat: NatGateway, snapshot: AccountSnapshot): { perHour: number; note: string } | { reason: string } {
  const usage = nat.usage;
  if (!usage || usage.bytesProcessedPerMonth === null || usage.bytesProcessedPerMonth === undefined) {
    return { reason: 'no bytes-processed figure for this NAT gateway in the metrics window: collect with metrics first' };
  }
  const endpoints = snapshot.network.vpcEndpoints.filter((e) => e.vpcId === nat.vpcId && e.type.toLowerCase() === 'gateway');
  const has = (service: string) => endpoints.some((e) => e.serviceName.endsWith(`.${service}`));
  // The post-endpoint baseline: what is left once S3 and DynamoDB traffic takes the gateway endpoints.
  let monthly = usage.bytesProcessedPerMonth;
  const removed: string[] = [];
  if (!has('s3') && typeof usage.s3BytesPerMonth === 'number') {
    monthly -= usage.s3BytesPerMonth;
    removed.push('S3');
  }
  if (!has('dynamodb') && typeof usage.dynamodbBytesPerMonth === 'number') {
    monthly -= usage.dynamodbBytesPerMonth;
    removed.push('DynamoDB');
  }
  const perHour = Math.max(0, monthly) / HOURS_PER_MONTH;
  return { perHour, note: removed.length ? `measured traffic less ${removed.join(' and ')} (to move to gateway endpoints)` : 'measured traffic with the gateway endpoints in place' };
}

export function desiredAlarms(snapshot: AccountSnapshot, options: AlarmOptions): { alarms: AlarmSpec[]; skipped: SkippedAlarm[] } {
  const envOf = envResolver(snapshot, options.targets, options.env);
  const inScope = (env: ResolvedEnv) => env !== 'unknown' && (!options.env || env === options.env);
  const alarms: AlarmSpec[] = [];
  const skipped: SkippedAlarm[] = [];
  const topic = options.topicArn;

  for (const api of snapshot.restApis) {
    for (const stage of api.stages) {
      const env = envOf(stageSubject(api, stage));
      if (!inScope(env)) continue;
      alarms.push({
        benchmark: 'API response time (p95) < 200 ms',
        service: 'apigateway',
        resource: `arn:aws:apigateway:${api.region}::/restapis/${api.id}/stages/${stage.name}`,
        resourceName: `${api.name}/${stage.name}`,
        region: api.region,
        env,
        metricsEvaluated: 1,
        definition: {
          ...common(alarmName('api-latency', api.name, stage.name), 'Design benchmark: API response time p95 < 200 ms', topic),
          Namespace: 'AWS/ApiGateway',
          MetricName: 'Latency',
          Dimensions: [
            { Name: 'ApiName', Value: api.name },
            { Name: 'Stage', Value: stage.name },
          ],
          ExtendedStatistic: 'p95',
          Period: 300,
          Threshold: 200,
          ComparisonOperator: 'GreaterThanThreshold',
        },
      });
    }
  }

  for (const cluster of snapshot.auroraClusters) {
    const env = envOf(clusterSubject(cluster));
    if (!inScope(env)) continue;
    if (!cluster.engine.startsWith('aurora-mysql')) {
      skipped.push({ benchmark: 'Database query time < 100 ms', resourceName: cluster.id, reason: `${cluster.engine} publishes no query latency metric (Aurora MySQL's SelectLatency); use Performance Insights` });
      continue;
    }
    alarms.push({
      benchmark: 'Database query time < 100 ms',
      service: 'aurora',
      resource: cluster.arn,
      resourceName: cluster.id,
      region: cluster.region,
      env,
      metricsEvaluated: 1,
      definition: {
        ...common(alarmName('db-select-latency', cluster.id), 'Design benchmark: database query time < 100 ms', topic),
        Namespace: 'AWS/RDS',
        MetricName: 'SelectLatency',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: cluster.id }],
        Statistic: 'Average',
        Period: 300,
        Threshold: 100,
        ComparisonOperator: 'GreaterThanThreshold',
      },
    });
  }

  for (const fn of snapshot.lambdaFunctions) {
    const env = envOf(functionSubject(fn));
    if (!inScope(env)) continue;
    // init_duration exists only where the Lambda Insights extension runs; REPORT lines are no metric to alarm on.
    if (!fn.layers.some((layer) => /:layer:LambdaInsightsExtension/.test(layer.arn))) {
      skipped.push({ benchmark: 'Lambda cold start (p95) < 1 s', resourceName: fn.name, reason: 'no init_duration metric: add the Lambda Insights extension layer to alarm on cold starts' });
      continue;
    }
    alarms.push({
      benchmark: 'Lambda cold start (p95) < 1 s',
      service: 'lambda',
      resource: fn.arn,
      resourceName: fn.name,
      region: fn.region,
      env,
      metricsEvaluated: 1,
      definition: {
        ...common(alarmName('cold-start', fn.name), 'Design benchmark: Lambda cold start p95 < 1 s', topic),
        Namespace: 'LambdaInsights',
        MetricName: 'init_duration',
        Dimensions: [{ Name: 'function_name', Value: fn.name }],
        ExtendedStatistic: 'p95',
        Period: 300,
        Threshold: 1000,
        ComparisonOperator: 'GreaterThanThreshold',
      },
    });
  }

  for (const d of snapshot.distributions) {
    const env = envOf(distributionSubject(d));
    if (!inScope(env)) continue;
    if (d.usage?.cacheHitRatePct === undefined || d.usage.cacheHitRatePct === null) {
      skipped.push({ benchmark: 'CloudFront cache hit ratio > 95 %', resourceName: d.id, reason: 'CacheHitRate reports only with the distribution\'s additional metrics turned on (they cost extra per metric)' });
      continue;
    }
    alarms.push({
      benchmark: 'CloudFront cache hit ratio > 95 %',
      service: 'cloudfront',
      resource: d.arn,
      resourceName: d.id,
      region: CLOUDFRONT_METRICS_REGION,
      env,
      metricsEvaluated: 1,
      definition: {
        ...common(alarmName('cache-hit-rate', d.id), 'Design benchmark: CloudFront cache hit ratio > 95 %', topic),
        Namespace: 'AWS/CloudFront',
        MetricName: 'CacheHitRate',
        Dimensions: [
          { Name: 'DistributionId', Value: d.id },
          { Name: 'Region', Value: 'Global' },
        ],
        Statistic: 'Average',
        Period: 3600,
        Threshold: 95,
        ComparisonOperator: 'LessThanThreshold',
      },
    });
  }

  for (const nat of snapshot.network.natGateways) {
    const env = envOf(natSubject(nat, snapshot.network.vpcs));
    if (!inScope(env) || nat.state === 'deleted') continue;
    const baseline = natBaseline(nat, snapshot);
    if ('reason' in baseline) {
      skipped.push({ benchmark: 'NAT bytes processed above the post-endpoint baseline', resourceName: nat.id, reason: baseline.reason });
      continue;
    }
    const threshold = Math.max(1, Math.round(baseline.perHour * (1 + NAT_BASELINE_HEADROOM_PCT / 100)));
    const metric = (id: string, name: string): JsonObject => ({
      Id: id,
      MetricStat: { Metric: { Namespace: 'AWS/NATGateway', MetricName: name, Dimensions: [{ Name: 'NatGatewayId', Value: nat.id }] }, Period: 3600, Stat: 'Sum' },
      ReturnData: false,
    });
    alarms.push({
      benchmark: 'NAT bytes processed above the post-endpoint baseline',
      service: 'vpc',
      resource: `arn:aws:ec2:${nat.region}:${snapshot.account ?? ''}:natgateway/${nat.id}`,
      resourceName: nat.id,
      region: nat.region,
      env,
      metricsEvaluated: 2,
      definition: {
        ...common(alarmName('nat-bytes', nat.id), `NAT bytes processed above ${NAT_BASELINE_HEADROOM_PCT} % over the post-endpoint baseline (${baseline.note})`, topic),
        Metrics: [
          { Id: 'processed', Expression: 'fromSource + fromDestination', Label: 'bytes processed per hour', ReturnData: true },
          metric('fromSource', 'BytesInFromSource'),
          metric('fromDestination', 'BytesInFromDestination'),
        ],
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
      },
    });
  }
  return { alarms, skipped };
}
