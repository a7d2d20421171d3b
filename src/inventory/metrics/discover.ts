/**
 * ListMetrics tells which optional metrics exist before asking for them: functions that publish
 * Lambda Insights, and each bucket's S3 storage types. Cheaper than querying every possibility,
 * and a denied ListMetrics only means falling back (Logs Insights; the common storage types).
 */
import { ListMetricsCommand, type Metric } from '@aws-sdk/client-cloudwatch';
import { paginate, type Collection } from '../collectors/context.js';
import type { AccountSnapshot } from '../snapshot.js';
import type { Discovered } from './queries.js';

async function listMetrics(c: Collection, region: string, namespace: string, metricName: string, onMetric: (m: Metric) => void): Promise<boolean> {
  const client = c.factory.cloudwatch(region);
  const done = await c.guard({ service: 'cloudwatch', region, operation: 'ListMetrics' }, async () => {
    await paginate(
      (NextToken) => c.request(() => client.send(new ListMetricsCommand({ Namespace: namespace, MetricName: metricName, NextToken })), 'list'),
      (page) => page.NextToken,
      (page) => (page.Metrics ?? []).forEach(onMetric),
    );
    return true;
  });
  return done === true;
}

const dimension = (m: Metric, name: string): string | undefined => m.Dimensions?.find((d) => d.Name === name)?.Value;

export async function discoverMetrics(c: Collection, snapshot: AccountSnapshot): Promise<Discovered> {
  const discovered: Discovered = { lambdaInsights: new Map(), s3StorageTypes: new Map() };
  const lambdaRegions = [...new Set(snapshot.lambdaFunctions.map((f) => f.region))];
  const bucketRegions = [...new Set(snapshot.buckets.map((b) => b.region))];
  const bucketNames = new Set(snapshot.buckets.map((b) => b.name));
  await Promise.all([
    ...lambdaRegions.map(async (region) => {
      const names = new Set<string>();
      await listMetrics(c, region, 'LambdaInsights', 'used_memory_max', (m) => {
        const name = dimension(m, 'function_name');
        if (name) names.add(name);
      });
      discovered.lambdaInsights.set(region, names);
    }),
    ...bucketRegions.map(async (region) => {
      const found = new Map<string, Set<string>>();
      const ok = await listMetrics(c, region, 'AWS/S3', 'BucketSizeBytes', (m) => {
        const bucket = dimension(m, 'BucketName');
        const type = dimension(m, 'StorageType');
        if (bucket && type && bucketNames.has(bucket)) found.set(bucket, (found.get(bucket) ?? new Set()).add(type));
      });
      if (!ok) return;
      // Listed, and no storage type: the bucket has had no data for two weeks (empty or new).
      for (const b of snapshot.buckets) if (b.region === region) discovered.s3StorageTypes.set(b.name, [...(found.get(b.name) ?? [])].sort());
    }),
  ]);
  return discovered;
}
