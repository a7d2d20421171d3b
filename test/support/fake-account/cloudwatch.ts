/**
 * Fake CloudWatch metrics and Logs Insights for the fake account: an account whose resources have
 * published no metric data yet (every query answers Complete, with no data points).
 */
type Input = Record<string, unknown>;
type Handlers = Record<string, (input: Input, region: string) => unknown>;

export function cloudwatchHandlers(): Handlers {
  return {
    ListMetrics: () => ({ Metrics: [] }),
    GetMetricData: (input) => ({
      MetricDataResults: ((input.MetricDataQueries as { Id: string; Label?: string }[] | undefined) ?? []).map((q) => ({ Id: q.Id, Label: q.Label ?? q.Id, Timestamps: [], Values: [], StatusCode: 'Complete' })),
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
