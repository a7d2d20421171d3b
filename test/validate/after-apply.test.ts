import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { renderAfterApply, validateAfterApply } from '../../src/validate/after-apply.js';
import { getMetricDataHandler, metricOf } from '../metrics/support.js';
import { ALL_GOOD, measuredAccount } from './fixtures.js';

const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
afterEach(() => {
  cw.reset();
  logs.reset();
});

const factory = () => new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } } });

/** CloudWatch after the change: API latency and cache hit rate as given, everything else as before. */
function metricsAfter(latencyP95: number, hitRate: number): void {
  cw.on(ListMetricsCommand).resolves({ Metrics: [] });
  const values: Record<string, number[]> = { Latency: [latencyP95], SelectLatency: [4.2], CacheHitRate: [hitRate] };
  cw.on(GetMetricDataCommand).callsFake(getMetricDataHandler((q) => values[metricOf(q).name] ?? []).handler);
}

describe('validateAfterApply', () => {
  it('reports a benchmark that passed before and fails on the fresh metrics as a regression', async () => {
    metricsAfter(320, 97);
    const v = await validateAfterApply({ factory: factory(), before: measuredAccount(ALL_GOOD), regions: ['us-east-1'], env: 'prod', targets: DESIGN_TARGETS });
    expect(v.regressions.map((r) => r.id)).toEqual(['api-response-time']);
    expect(v.after.benchmarks[0]).toMatchObject({ status: 'fail', measured: 320 });
    const text = renderAfterApply(v);
    expect(text).toContain('API response time (p95) < 200 ms: 320 ms (fail; before 150 ms, pass)  REGRESSION');
    expect(text).toContain('1 benchmark(s) regressed');
  });

  it('finds no regression when the benchmarks hold', async () => {
    metricsAfter(140, 98);
    const v = await validateAfterApply({ factory: factory(), before: measuredAccount(ALL_GOOD), regions: ['us-east-1'], env: 'prod', targets: DESIGN_TARGETS });
    expect(v.regressions).toEqual([]);
    expect(renderAfterApply(v)).toContain('No regression measured');
  });
});
