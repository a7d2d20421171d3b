/** A CloudWatch GetMetricData double shaped like the real API: MetricDataResults, StatusCode, NextToken pages. */
import type { GetMetricDataCommandInput, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { Collection } from '../../src/inventory/collectors/context.js';
import { Limiter } from '../../src/inventory/collectors/limiter.js';
import { ClientFactory } from '../../src/aws/clients.js';

/** Values for a query, or a per-result status CloudWatch can answer with. */
export type Answer = number[] | 'Forbidden' | 'InternalError';

export const metricOf = (q: MetricDataQuery): { name: string; stat: string; dims: Record<string, string> } => ({
  name: q.MetricStat?.Metric?.MetricName ?? '',
  stat: q.MetricStat?.Stat ?? '',
  dims: Object.fromEntries((q.MetricStat?.Metric?.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
});

/**
 * Answers GetMetricData from `answer(query)`. With `split`, each query's values are served over two pages:
 * the first page marks a result PartialData when more of its points follow, as CloudWatch does.
 */
export function getMetricDataHandler(answer: (q: MetricDataQuery) => Answer, options: { split?: boolean } = {}) {
  const inputs: GetMetricDataCommandInput[] = [];
  const handler = (input: GetMetricDataCommandInput) => {
    inputs.push(input);
    const second = input.NextToken === 'page-2';
    const results: MetricDataResult[] = (input.MetricDataQueries ?? []).map((q) => {
      const a = answer(q);
      const base = { Id: q.Id, Label: q.Label ?? q.Id };
      if (typeof a === 'string') return { ...base, Timestamps: [], Values: [], StatusCode: a };
      const cut = options.split ? Math.ceil(a.length / 2) : a.length;
      const values = second ? a.slice(cut) : a.slice(0, cut);
      const partial = options.split && !second && a.length > cut;
      return { ...base, Timestamps: values.map((_, i) => new Date(Date.UTC(2025, 0, 1 + i))), Values: values, StatusCode: partial ? 'PartialData' : 'Complete' };
    });
    return { MetricDataResults: results, Messages: [], ...(options.split && !second ? { NextToken: 'page-2' } : {}) };
  };
  return { handler, inputs };
}

export const NOW = new Date('2025-03-15T10:30:00Z');

export function testCollection(concurrency = 4): Collection {
  return new Collection(new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } } }), new Limiter(concurrency));
}
