import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectMetrics } from '../../src/inventory/metrics/collect-metrics.js';
import { JSON_REPORT_QUERY, TEXT_REPORT_QUERY } from '../../src/inventory/metrics/logs-insights.js';
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { runRules } from '../../src/rules/engine.js';
import { lambdaMemory } from '../../src/rules/lambda/memory.js';
import { lambdaTimeout } from '../../src/rules/lambda/timeout.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { auroraCluster, bucket, distribution, lambdaFn, logGroup, natGateway, restApi, snapshotWith, table } from '../rules/fragments.js';
import { NOW, getMetricDataHandler, metricOf, testCollection, type Answer } from './support.js';

const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => {
  cw.reset();
  logs.reset();
  cw.on(ListMetricsCommand).resolves({ Metrics: [] });
});
afterEach(() => {
  cw.reset();
  logs.reset();
});

const run = (snapshot: AccountSnapshot, c = testCollection()) => collectMetrics(c, snapshot, { days: 14, now: NOW, pollMs: 0, sleep: async () => undefined });

/** One busy function, one Aurora cluster, one of everything else. */
function account(): AccountSnapshot {
  return snapshotWith({
    lambdaFunctions: [lambdaFn({ memoryMb: 512 })],
    auroraClusters: [auroraCluster()],
    dynamoTables: [table()],
    buckets: [bucket()],
    distributions: [distribution()],
    restApis: [restApi()],
    network: { vpcs: [], subnets: [], routeTables: [], natGateways: [natGateway()], vpcEndpoints: [] },
    logGroups: [logGroup()],
  });
}

const FIGURES: Record<string, number[]> = {
  'Invocations/Sum': [14_000],
  'Duration/Average': [180],
  'Duration/p95': [450],
  'Duration/p99': [14_000],
  'Duration/Maximum': [20_000],
  'Errors/Sum': [14],
  'Throttles/Sum': [0],
  'ConcurrentExecutions/Maximum': [37],
  'ServerlessDatabaseCapacity/Maximum': [11.2],
  'ServerlessDatabaseCapacity/p99': [9.5],
  'ServerlessDatabaseCapacity/Average': [2.25],
  'ACUUtilization/Average': [14.1],
  'SelectLatency/Average': [3.2],
  'VolumeBytesUsed/Average': [10 * 1024 ** 3],
  'ConsumedReadCapacityUnits/Sum': [3600, 7200, 1800],
  'ConsumedWriteCapacityUnits/Sum': [360],
  'BucketSizeBytes/Average': [5e9],
  'NumberOfObjects/Average': [1200],
  'Requests/Sum': [1_400_000],
  'BytesDownloaded/Sum': [14e9],
  'Count/Sum': [700_000],
  'Latency/p95': [180],
  'IntegrationLatency/p95': [150],
  'BytesInFromSource/Sum': [7e9],
  'BytesInFromDestination/Sum': [7e9],
  'IncomingBytes/Sum': [1.4e9],
};
const answerAll = (q: Parameters<Parameters<typeof getMetricDataHandler>[0]>[0]): Answer => {
  const m = metricOf(q);
  if (m.name === 'BucketSizeBytes' && m.dims.StorageType !== 'StandardStorage') return [];
  return FIGURES[`${m.name}/${m.stat}`] ?? [];
};

describe('collectMetrics', () => {
  it('fills every usage block from one GetMetricData call per region, scaled to a month', async () => {
    const snapshot = account();
    cw.on(ListMetricsCommand, { Namespace: 'AWS/S3' }).resolves({
      Metrics: [{ Namespace: 'AWS/S3', MetricName: 'BucketSizeBytes', Dimensions: [{ Name: 'BucketName', Value: 'clinnet-documents-prod' }, { Name: 'StorageType', Value: 'StandardStorage' }] }],
    });
    const gmd = getMetricDataHandler(answerAll);
    cw.on(GetMetricDataCommand).callsFake(gmd.handler);
    logs.on(StartQueryCommand).resolves({ queryId: 'q1' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [[{ field: '@log', value: '123456789012:/aws/lambda/clinnet-patients-prod' }, { field: 'maxMemoryUsedMb', value: '301.5' }, { field: 'initDurationP95Ms', value: '612.3' }]] });

    const result = await run(snapshot);

    // us-east-1 holds everything (CloudFront included): one call.
    expect(result.getMetricDataCalls).toBe(1);
    expect(gmd.inputs[0].StartTime).toEqual(new Date('2025-03-01T10:00:00Z'));
    expect(gmd.inputs[0].EndTime).toEqual(new Date('2025-03-15T10:00:00Z'));
    const month = 730 / 24 / 14;
    expect(snapshot.lambdaFunctions[0].usage).toEqual({
      source: 'cloudwatch', windowDays: 14,
      invocationsPerMonth: Math.round(14_000 * month), avgDurationMs: 180, p95DurationMs: 450, p99DurationMs: 14_000, maxDurationMs: 20_000,
      errorsPerMonth: Math.round(14 * month), throttlesPerMonth: 0, maxConcurrentExecutions: 37,
      maxMemoryUsedMb: 302, initDurationP95Ms: 612.3, logIngestedBytesPerMonth: Math.round(1.4e9 * month),
    });
    expect(snapshot.auroraClusters[0].usage).toMatchObject({ avgAcu: 2.25, peakAcu: 11.2, p99Acu: 9.5, acuUtilizationPct: 14.1, storageGb: 10, queryLatencyMs: 3.2 });
    expect(snapshot.dynamoTables[0].usage).toMatchObject({ readRequestUnitsPerMonth: Math.round(12_600 * month), peakConsumedRcu: 2, avgConsumedWcu: 0 });
    expect(snapshot.buckets[0].usage).toEqual({ source: 'cloudwatch', windowDays: 14, bytesByClass: { StandardStorage: 5e9 }, objectCount: 1200 });
    expect(snapshot.distributions[0].usage).toMatchObject({ requestsPerMonth: Math.round(1_400_000 * month), cacheHitRatePct: null });
    expect(snapshot.restApis[0].stages[0].usage).toMatchObject({ latencyP95Ms: 180, integrationLatencyP95Ms: 150 });
    expect(snapshot.network.natGateways[0].usage).toMatchObject({ bytesProcessedPerMonth: Math.round(14e9 * month) });
    expect(snapshot.coverageGaps).toEqual([]);
  });

  it('asks CloudFront in us-east-1 with Region=Global, and API Gateway by API name and stage', async () => {
    const snapshot = snapshotWith({ regions: ['eu-west-1'], distributions: [distribution()], restApis: [restApi({ region: 'eu-west-1' })] });
    const gmd = getMetricDataHandler(() => []);
    cw.on(GetMetricDataCommand).callsFake(gmd.handler);
    await run(snapshot);
    const queries = gmd.inputs.flatMap((i) => i.MetricDataQueries ?? []).map(metricOf);
    expect(queries).toContainEqual({ name: 'CacheHitRate', stat: 'Average', dims: { DistributionId: 'E2CLINNETPROD1', Region: 'Global' } });
    expect(queries).toContainEqual({ name: 'Latency', stat: 'p95', dims: { ApiName: 'clinnet-api-prod', Stage: 'prod' } });
    const regions = await Promise.all(cw.commandCalls(GetMetricDataCommand).map((call) => (call.thisValue as CloudWatchClient).config.region()));
    expect(regions.sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('counts GET requests per GET method (detailed metrics), so the stage cache can say what share it may serve', async () => {
    const methods = ['/patients GET', '/services GET', '/patients POST'].map((m) => {
      const [resourcePath, httpMethod] = m.split(' ');
      return { resourcePath, httpMethod, authorizationType: 'NONE', requestParameters: [], cacheKeyParameters: [] };
    });
    const perMethod: Record<string, number[]> = { '/patients': [300_000], '/services': [150_000] };
    const answer = (only: string[]) => (q: Parameters<Parameters<typeof getMetricDataHandler>[0]>[0]): Answer => {
      const m = metricOf(q);
      if (m.name !== 'Count') return [];
      if (m.dims.Method === undefined) return [600_000];
      expect(m.dims).toEqual({ ApiName: 'clinnet-api-prod', Stage: 'prod', Method: 'GET', Resource: m.dims.Resource });
      return only.includes(m.dims.Resource) ? perMethod[m.dims.Resource] : [];
    };
    const measured = snapshotWith({ restApis: [restApi({ methods })] });
    cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler(answer(['/patients', '/services'])).handler);
    await run(measured);
    const month = 730 / 24 / 14;
    expect(measured.restApis[0].stages[0].usage).toMatchObject({ requestsPerMonth: Math.round(600_000 * month), getRequestsPerMonth: Math.round(450_000 * month) });

    // One GET method without data (detailed metrics off): the share is unknown, never understated.
    const partial = snapshotWith({ restApis: [restApi({ methods })] });
    cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler(answer(['/patients'])).handler);
    await run(partial);
    expect(partial.restApis[0].stages[0].usage).toMatchObject({ getRequestsPerMonth: null });
  });

  it('batches over 500 queries into the fewest calls, each id unique within its call', async () => {
    const functions = Array.from({ length: 130 }, (_, i) => lambdaFn({ name: `clinnet-patients-${i}-prod` }));
    const snapshot = snapshotWith({ lambdaFunctions: functions });
    const gmd = getMetricDataHandler(() => [1]);
    cw.on(GetMetricDataCommand).callsFake(gmd.handler);
    const result = await run(snapshot);
    expect(result.queries).toBe(130 * 8);
    expect(result.getMetricDataCalls).toBe(Math.ceil((130 * 8) / 500));
    for (const input of gmd.inputs) {
      const ids = (input.MetricDataQueries ?? []).map((q) => q.Id);
      expect(ids.length).toBeLessThanOrEqual(500);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(snapshot.lambdaFunctions.every((f) => f.usage?.invocationsPerMonth !== null)).toBe(true);
  });

  it('follows NextToken pages and joins a PartialData result with its continuation', async () => {
    const snapshot = snapshotWith({ dynamoTables: [table()] });
    const hours = [100, 200, 7200, 300];
    const gmd = getMetricDataHandler((q) => (metricOf(q).name === 'ConsumedReadCapacityUnits' ? hours : []), { split: true });
    cw.on(GetMetricDataCommand).callsFake(gmd.handler);
    const result = await run(snapshot);
    expect(result.getMetricDataCalls).toBe(2);
    expect(gmd.inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2']);
    // The busiest hour (7200 units) was on the second page.
    expect(snapshot.dynamoTables[0].usage).toMatchObject({ peakConsumedRcu: 2, readRequestUnitsPerMonth: Math.round((7800 * 730) / 24 / 14), writeRequestUnitsPerMonth: null });
  });

  it('leaves missing data null, and the rules say so instead of guessing', async () => {
    const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 256, timeoutS: 30 })] });
    cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler((q) => (metricOf(q).name === 'Invocations' ? [5000] : [])).handler);
    await run(snapshot);
    expect(snapshot.lambdaFunctions[0].usage).toMatchObject({ invocationsPerMonth: expect.any(Number), avgDurationMs: null, p99DurationMs: null, maxMemoryUsedMb: null });
    const findings = runRules({ snapshot, targets: DESIGN_TARGETS, rules: [lambdaMemory, lambdaTimeout] });
    expect(findings.find((f) => f.rule === 'lambda/timeout')?.metricsUsed).toEqual(['AWS/Lambda Duration p99: no data', 'AWS/Lambda Duration Maximum: no data']);
    expect(findings.find((f) => f.rule === 'lambda/memory')?.metricsUsed).toEqual([
      'Logs Insights @maxMemoryUsed (or LambdaInsights used_memory_max Maximum): no data',
      'AWS/Lambda Invocations Sum',
      'AWS/Lambda Duration Average: no data',
    ]);
    // Raising 256 → 512 MB toward the high-frequency tier is safe without data, so it stays fixable
    // (lowering without max memory used is advisory: test/rules/lambda/memory.test.ts).
    expect(findings.find((f) => f.rule === 'lambda/memory')).toMatchObject({ current: 256, target: 512, fixable: true });
  });

  it('keeps no usage block for a resource with no data at all', async () => {
    const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn()], buckets: [bucket()] });
    cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler(() => []).handler);
    await run(snapshot);
    expect(snapshot.lambdaFunctions[0].usage).toBeUndefined();
    expect(snapshot.buckets[0].usage).toBeUndefined();
  });

  it('turns AccessDenied into a coverage gap, never a crash', async () => {
    const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn()] });
    const denied = Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricData'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    cw.on(GetMetricDataCommand).rejects(denied);
    cw.on(ListMetricsCommand).rejects(denied);
    const c = testCollection();
    await run(snapshot, c);
    expect(snapshot.lambdaFunctions[0].usage).toBeUndefined();
    expect(c.gaps.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'cloudwatch', operation: 'GetMetricData', kind: 'access-denied' }),
        expect.objectContaining({ service: 'cloudwatch', operation: 'ListMetrics', kind: 'access-denied' }),
      ]),
    );
  });

  it('records a Forbidden result as a gap and keeps the answered ones', async () => {
    const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn()] });
    cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler((q) => (metricOf(q).name === 'Errors' ? 'Forbidden' : [10])).handler);
    const c = testCollection();
    await run(snapshot, c);
    expect(snapshot.lambdaFunctions[0].usage).toMatchObject({ errorsPerMonth: null, invocationsPerMonth: expect.any(Number) });
    expect(c.gaps.list()).toEqual([expect.objectContaining({ service: 'cloudwatch', kind: 'access-denied', error: expect.stringContaining('Forbidden') })]);
  });

  it('uses Lambda Insights memory utilisation where present, and REPORT lines (text or JSON) elsewhere', async () => {
    const snapshot = snapshotWith({
      lambdaFunctions: [
        lambdaFn({ name: 'clinnet-patients-prod', memoryMb: 1024 }),
        lambdaFn({ name: 'clinnet-billing-prod' }),
        lambdaFn({ name: 'clinnet-reports-prod', logging: { logFormat: 'JSON', applicationLogLevel: 'INFO', systemLogLevel: 'INFO', logGroup: '/aws/lambda/clinnet-reports-prod' } }),
      ],
      logGroups: [logGroup({ name: '/aws/lambda/clinnet-patients-prod' }), logGroup({ name: '/aws/lambda/clinnet-billing-prod' }), logGroup({ name: '/aws/lambda/clinnet-reports-prod' })],
    });
    cw.on(ListMetricsCommand, { Namespace: 'LambdaInsights' }).resolves({ Metrics: [{ Namespace: 'LambdaInsights', MetricName: 'used_memory_max', Dimensions: [{ Name: 'function_name', Value: 'clinnet-patients-prod' }] }] });
    cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler((q) => ({ used_memory_max: [410], init_duration: [850] })[metricOf(q).name] ?? []).handler);
    logs.on(StartQueryCommand, { queryString: TEXT_REPORT_QUERY }).resolves({ queryId: 'text' });
    logs.on(StartQueryCommand, { queryString: JSON_REPORT_QUERY }).resolves({ queryId: 'json' });
    const row = (group: string, mb: string, init: string) => [{ field: '@log', value: `123456789012:${group}` }, { field: 'maxMemoryUsedMb', value: mb }, { field: 'initDurationP95Ms', value: init }];
    logs.on(GetQueryResultsCommand, { queryId: 'text' }).resolvesOnce({ status: 'Running' }).resolves({ status: 'Complete', results: [row('/aws/lambda/clinnet-billing-prod', '88', '')] });
    logs.on(GetQueryResultsCommand, { queryId: 'json' }).resolves({ status: 'Complete', results: [row('/aws/lambda/clinnet-reports-prod', '700', '1450.5')] });

    const result = await run(snapshot);
    const [patients, billing, reports] = snapshot.lambdaFunctions;
    expect(patients.usage).toMatchObject({ maxMemoryUsedMb: 410, initDurationP95Ms: 850 });
    expect(billing.usage).toMatchObject({ maxMemoryUsedMb: 88, initDurationP95Ms: null });
    expect(reports.usage).toMatchObject({ maxMemoryUsedMb: 700, initDurationP95Ms: 1450.5 });
    expect(result.logsInsightsQueries).toBe(2);
    // The function with Lambda Insights is not scanned again.
    const scanned = logs.commandCalls(StartQueryCommand).flatMap((call) => call.args[0].input.logGroupNames ?? []);
    expect(scanned.sort()).toEqual(['/aws/lambda/clinnet-billing-prod', '/aws/lambda/clinnet-reports-prod']);
  });

  it('never asks Logs Insights about a log group the inventory did not see, and a failed query is a gap', async () => {
    const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-billing-prod' }), lambdaFn({ name: 'clinnet-admin-prod' })], logGroups: [logGroup({ name: '/aws/lambda/clinnet-billing-prod' })] });
    cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler(() => []).handler);
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Failed' });
    const c = testCollection();
    await run(snapshot, c);
    expect(logs.commandCalls(StartQueryCommand).map((call) => call.args[0].input.logGroupNames)).toEqual([['/aws/lambda/clinnet-billing-prod']]);
    expect(c.gaps.list()).toEqual([expect.objectContaining({ service: 'logs', operation: 'GetQueryResults', kind: 'error' })]);
  });

  it('queries only the S3 storage types ListMetrics found', async () => {
    const snapshot = snapshotWith({ buckets: [bucket()] });
    cw.on(ListMetricsCommand, { Namespace: 'AWS/S3' }).resolves({
      Metrics: ['StandardStorage', 'GlacierStorage'].map((t) => ({ Namespace: 'AWS/S3', MetricName: 'BucketSizeBytes', Dimensions: [{ Name: 'BucketName', Value: 'clinnet-documents-prod' }, { Name: 'StorageType', Value: t }] })),
    });
    const gmd = getMetricDataHandler((q) => (metricOf(q).dims.StorageType === 'GlacierStorage' ? [2e9, 4e9] : [1e9]));
    cw.on(GetMetricDataCommand).callsFake(gmd.handler);
    await run(snapshot);
    const types = (gmd.inputs[0].MetricDataQueries ?? []).map((q) => metricOf(q).dims.StorageType);
    expect(types).toEqual(['GlacierStorage', 'StandardStorage', 'AllStorageTypes']);
    expect(snapshot.buckets[0].usage?.bytesByClass).toEqual({ GlacierStorage: 3e9, StandardStorage: 1e9 });
  });
});
