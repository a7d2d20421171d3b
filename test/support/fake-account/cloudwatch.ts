/**
 * Fake CloudWatch metrics and Logs Insights for the fake account. Functions with `published` figures
 * publish Lambda Insights (used_memory_max, in MB), Duration
 * p99/Maximum and ConcurrentExecutions Maximum; every other query answers Complete with no data points, as for a resource that has
 * published nothing yet.
 */
import type { FakeState } from './state.js';

type Input = Record<string, unknown>;
type Handlers = Record<string, (input: Input, region: string) => unknown>;

interface Query {
  Id: string;
  Label?: string;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] }; Stat?: string };
}

function valueOf(state: FakeState, q: Query, region: string): number | null {
  const metric = q.MetricStat?.Metric;
  const dims = metric?.Dimensions ?? [];
  const name = dims.find((d) => d.Name === 'FunctionName' || d.Name === 'function_name')?.Value;
  const fn = state.functions.find((f) => f.name === name && f.region === region);
  const published = fn?.published;
  if (!fn || !published) return null;
  const key = `${metric?.Namespace} ${metric?.MetricName} ${q.MetricStat?.Stat}`;
  if (key === 'LambdaInsights used_memory_max Maximum') return published.maxMemoryUsedMb;
  if (key === 'AWS/Lambda Duration p99') return published.p99DurationMs;
  if (key === 'AWS/Lambda Duration Maximum') return published.maxDurationMs;
  if (key === 'AWS/Lambda ConcurrentExecutions Maximum') return published.maxConcurrentExecutions ?? null;
  return null;
}

export function cloudwatchHandlers(state: FakeState): Handlers {
  return {
    ListMetrics: (input, region) => ({
      Metrics:
        input.Namespace === 'LambdaInsights' && input.MetricName === 'used_memory_max'
          ? state.functions
              .filter((f) => f.region === region && f.published)
              .map((f) => ({ Namespace: 'LambdaInsights', MetricName: 'used_memory_max', Dimensions: [{ Name: 'function_name', Value: f.name }] }))
          : [],
    }),
    GetMetricData: (input, region) => ({
      MetricDataResults: ((input.MetricDataQueries as Query[] | undefined) ?? []).map((q) => {
        const value = valueOf(state, q, region);
        const at = state.now();
        return { Id: q.Id, Label: q.Label ?? q.Id, Timestamps: value === null ? [] : [at], Values: value === null ? [] : [value], StatusCode: 'Complete' };
      }),
      Messages: [],
    }),
  };
}

export function logsInsightsHandlers(): Handlers {
  let next = 0;
  return {
    StartQuery: () => ({ queryId: `fake-query-${++next}` }),
    GetQueryResults: () => ({ status: 'Complete', results: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } }),
    StopQuery: () => ({ success: true }),
  };
}
