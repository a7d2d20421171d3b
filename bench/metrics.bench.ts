/**
 * Metrics for 2,000 functions and 20 Aurora clusters (with their log groups) against a CloudWatch
 * double that answers like the real API, 20 ms per call, at most 100,800 data points per page.
 * Prints GetMetricData calls against the bound ceil(queries ÷ 500) plus pages, Logs Insights queries
 * and wall time. Asserts only the call bound (a count, not a time).
 */
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../src/aws/clients.js';
import { Collection } from '../src/inventory/collectors/context.js';
import { Limiter } from '../src/inventory/collectors/limiter.js';
import { collectMetrics } from '../src/inventory/metrics/collect-metrics.js';
import { MAX_QUERIES_PER_CALL } from '../src/inventory/metrics/get-metric-data.js';
import { auroraCluster, lambdaFn, logGroup, snapshotWith } from '../test/rules/fragments.js';

const FUNCTIONS = 2000;
const CLUSTERS = 20;
const LATENCY_MS = 20;
const MAX_DATAPOINTS = 100_800;
const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
afterAll(() => {
  cw.restore();
  logs.restore();
});
const later = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), LATENCY_MS));

describe('metrics benchmark', () => {
  it(`collects metrics for ${FUNCTIONS} functions and ${CLUSTERS} clusters in ceil(queries ÷ ${MAX_QUERIES_PER_CALL}) calls plus pages`, async () => {
    const names = Array.from({ length: FUNCTIONS }, (_, i) => `clinnet-patients-${i}-prod`);
    const snapshot = snapshotWith({
      lambdaFunctions: names.map((name) => lambdaFn({ name })),
      auroraClusters: Array.from({ length: CLUSTERS }, (_, i) => auroraCluster({ id: `clinnet-aurora-${i}-prod` })),
      logGroups: names.map((name) => logGroup({ name: `/aws/lambda/${name}` })),
    });
    let pages = 0;
    cw.on(ListMetricsCommand).callsFake(() => later({ Metrics: [] }));
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      // One data point per query (the period is the window); a page holds at most 100,800 of them.
      const queries = input.MetricDataQueries ?? [];
      const offset = input.NextToken ? Number(input.NextToken) : 0;
      const slice = queries.slice(offset, offset + MAX_DATAPOINTS);
      if (offset) pages++;
      const next = offset + slice.length < queries.length ? String(offset + slice.length) : undefined;
      return later({ MetricDataResults: slice.map((q) => ({ Id: q.Id, Label: q.Label, Timestamps: [new Date()], Values: [42], StatusCode: 'Complete' })), Messages: [], NextToken: next });
    });
    logs.on(StartQueryCommand).callsFake(() => later({ queryId: 'q' }));
    logs.on(GetQueryResultsCommand).callsFake(() => later({ status: 'Complete', results: [] }));

    const factory = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' } } });
    const c = new Collection(factory, new Limiter(8));
    const started = performance.now();
    const run = await collectMetrics(c, snapshot, { days: 14, pollMs: 0, sleep: async () => undefined });
    const wallMs = performance.now() - started;

    const bound = Math.ceil(run.queries / MAX_QUERIES_PER_CALL);
    const calls = cw.commandCalls(GetMetricDataCommand).length;
    const largest = Math.max(...cw.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input.MetricDataQueries?.length ?? 0));
    console.log(
      [
        `GetMetricData queries: ${run.queries} (${FUNCTIONS} functions × 8 + ${CLUSTERS} clusters × 6)`,
        `GetMetricData calls: ${calls} = bound ceil(${run.queries} ÷ ${MAX_QUERIES_PER_CALL}) = ${bound} + ${pages} page(s); largest call ${largest} queries`,
        `ListMetrics calls: ${cw.commandCalls(ListMetricsCommand).length}; Logs Insights queries: ${run.logsInsightsQueries} (${FUNCTIONS} log groups ÷ 50), GetQueryResults polls: ${logs.commandCalls(GetQueryResultsCommand).length}`,
        `wall time: ${wallMs.toFixed(0)} ms at ${LATENCY_MS} ms per call, 8 in flight`,
        `functions with usage: ${snapshot.lambdaFunctions.filter((f) => f.usage?.invocationsPerMonth != null).length}, clusters with peak ACU: ${snapshot.auroraClusters.filter((x) => x.usage?.peakAcu != null).length}`,
      ].join('\n'),
    );
    expect(calls).toBe(bound + pages);
    expect(largest).toBeLessThanOrEqual(MAX_QUERIES_PER_CALL);
    expect(c.gaps.list()).toEqual([]);
  });
});
