/** --put-metrics: each category's monthly cost to CloudWatch (namespace ClinnetOpt) for alarms. */
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CATEGORY_IDS, CATEGORY_LABELS } from './categories.js';
import { cloudwatchError } from './aws-errors.js';
import type { CategoryAmounts } from './cost-table.js';

export const METRIC_NAMESPACE = 'ClinnetOpt';
export const METRIC_NAME = 'MonthlyCostUsd';
/** PutMetricData accepts at most 1000 metrics per request (and 1 MB); ours are far smaller. */
export const MAX_DATUMS_PER_REQUEST = 1000;

export function metricData(monthly: CategoryAmounts, total: number, env: string | null, timestamp: Date): MetricDatum[] {
  const environment = env ?? 'all';
  const datum = (category: string, value: number): MetricDatum => ({
    MetricName: METRIC_NAME,
    Dimensions: [
      { Name: 'Environment', Value: environment },
      { Name: 'Category', Value: category },
    ],
    Timestamp: timestamp,
    Value: value,
    Unit: 'None',
  });
  return [...CATEGORY_IDS.map((id) => datum(CATEGORY_LABELS[id], monthly[id])), datum('Total', total)];
}

export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Returns the number of PutMetricData requests made. */
export async function putCostMetrics(client: CloudWatchClient, data: MetricDatum[], batchSize = MAX_DATUMS_PER_REQUEST): Promise<number> {
  let requests = 0;
  for (const batch of batches(data, batchSize)) {
    try {
      await client.send(new PutMetricDataCommand({ Namespace: METRIC_NAMESPACE, MetricData: batch }));
    } catch (error) {
      throw cloudwatchError(error);
    }
    requests++;
  }
  return requests;
}
