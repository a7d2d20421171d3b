/**
 * GetMetricData in as few calls as its limit allows: up to 500 queries per call, every call of a
 * region sharing one window, each followed through its NextToken pages (a result marked PartialData
 * continues on the next page). A denied call or a Forbidden result becomes a coverage gap.
 */
import { GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { paginate, type Collection } from '../collectors/context.js';
import type { MetricQuery } from './queries.js';
import type { MetricWindow } from './window.js';

/** GetMetricData accepts at most 500 queries per request. */
export const MAX_QUERIES_PER_CALL = 500;

export interface SeriesAnswers {
  /** Query index → its data point values (possibly none: no data). */
  values: Map<number, number[]>;
  /** Queries CloudWatch answered (Complete, or PartialData followed to its end); the others failed. */
  answered: Set<number>;
  calls: number;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toSdkQuery(q: MetricQuery, id: string): MetricDataQuery {
  return {
    Id: id,
    Label: `${q.resource} ${q.metricName} ${q.stat}`,
    MetricStat: {
      Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: q.period,
      Stat: q.stat,
    },
    ReturnData: true,
  };
}

/** A per-result status as an AWS-shaped error, so the gap recorder classifies it like any other. */
function statusError(result: MetricDataResult): Error {
  const name = result.StatusCode === 'Forbidden' ? 'AccessDenied' : (result.StatusCode ?? 'InternalError');
  const detail = result.Messages?.map((m) => m.Value).filter(Boolean).join('; ');
  return Object.assign(new Error(`GetMetricData result ${result.Label ?? result.Id}: ${result.StatusCode}${detail ? ` (${detail})` : ''}`), { name });
}

/** Fetches `queries` (indices into the caller's list) in one region. */
export async function fetchMetricData(
  c: Collection,
  region: string,
  queries: readonly { index: number; query: MetricQuery }[],
  window: MetricWindow,
): Promise<SeriesAnswers> {
  const answers: SeriesAnswers = { values: new Map(), answered: new Set(), calls: 0 };
  const client = c.factory.cloudwatch(region);
  const where = { service: 'cloudwatch', region, operation: 'GetMetricData' };
  await Promise.all(
    chunk(queries, MAX_QUERIES_PER_CALL).map((batch) => {
      const byId = new Map(batch.map((entry, i) => [`m${i}`, entry.index]));
      const input = { MetricDataQueries: batch.map((entry, i) => toSdkQuery(entry.query, `m${i}`)), StartTime: window.start, EndTime: window.end, ScanBy: 'TimestampAscending' as const };
      const last = new Map<number, MetricDataResult>();
      return c.guard(where, async () => {
        await paginate(
          (NextToken) => {
            answers.calls++;
            return c.request(() => client.send(new GetMetricDataCommand({ ...input, NextToken })));
          },
          (page) => page.NextToken,
          (page) => {
            for (const result of page.MetricDataResults ?? []) {
              const index = result.Id === undefined ? undefined : byId.get(result.Id);
              if (index === undefined) continue;
              const values = answers.values.get(index) ?? [];
              values.push(...(result.Values ?? []).filter((v) => Number.isFinite(v)));
              answers.values.set(index, values);
              last.set(index, result);
            }
          },
        );
        for (const { index } of batch) {
          // PartialData on the last page: CloudWatch had no more to give; what came is the answer.
          const result = last.get(index);
          if (result && (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError')) c.gaps.add(where, statusError(result));
          else answers.answered.add(index);
        }
      });
    }),
  );
  return answers;
}
