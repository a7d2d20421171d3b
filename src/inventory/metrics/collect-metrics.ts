/**
 * Fills the snapshot's usage blocks from CloudWatch over a window: GetMetricData (batched per region),
 * ListMetrics to find the optional metrics, and Logs Insights over REPORT lines for the functions
 * without Lambda Insights. Runs after the inventory, on the same request limiter and coverage gaps.
 */
import type { ClientFactory } from '../../aws/clients.js';
import { declarePermissions } from '../../aws/permissions.js';
import { Collection } from '../collectors/context.js';
import { Limiter } from '../collectors/limiter.js';
import type { AccountSnapshot } from '../snapshot.js';
import { discoverMetrics } from './discover.js';
import { fetchMetricData } from './get-metric-data.js';
import { queryReportLines, type LogsInsightsOptions, type ReportFigures, type ReportGroup } from './logs-insights.js';
import { buildQueries, type MetricQuery } from './queries.js';
import { applyUsage, figuresByResource, reportKey } from './usage.js';
import { metricWindow, type MetricWindow } from './window.js';

declarePermissions({
  source: 'metrics:cloudwatch',
  scope: 'audit',
  actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'logs:StartQuery', 'logs:GetQueryResults', 'logs:StopQuery'],
});

export interface MetricsOptions extends LogsInsightsOptions {
  /** Window in whole days (default 14). */
  days: number;
  /** The window ends at the last full hour before this (tests pin it). */
  now?: Date;
}

export interface MetricsRun {
  window: MetricWindow;
  /** GetMetricData queries asked, and the calls (pages included) they took. */
  queries: number;
  getMetricDataCalls: number;
  logsInsightsQueries: number;
}

/** Functions whose memory must come from REPORT lines: no Lambda Insights, and a log group the inventory saw. */
function reportGroups(snapshot: AccountSnapshot, insights: Map<string, Set<string>>): Map<string, ReportGroup[]> {
  const known = new Set(snapshot.logGroups.map((g) => reportKey(g.region, g.name)));
  const byRegion = new Map<string, Map<string, ReportGroup>>();
  for (const fn of snapshot.lambdaFunctions) {
    if (insights.get(fn.region)?.has(fn.name)) continue;
    const name = fn.logging.logGroup ?? `/aws/lambda/${fn.name}`;
    // A missing group fails the whole Logs Insights query: only ask for groups that exist.
    if (!known.has(reportKey(fn.region, name))) continue;
    const groups = byRegion.get(fn.region) ?? new Map<string, ReportGroup>();
    groups.set(name, { name, json: fn.logging.logFormat === 'JSON' });
    byRegion.set(fn.region, groups);
  }
  return new Map([...byRegion].map(([region, groups]) => [region, [...groups.values()]]));
}

export async function collectMetrics(c: Collection, snapshot: AccountSnapshot, options: MetricsOptions): Promise<MetricsRun> {
  const window = metricWindow(options.days, options.now);
  const discovered = await discoverMetrics(c, snapshot);
  const queries = buildQueries(snapshot, window, discovered);
  const byRegion = new Map<string, { index: number; query: MetricQuery }[]>();
  queries.forEach((query, index) => {
    const list = byRegion.get(query.region) ?? [];
    list.push({ index, query });
    byRegion.set(query.region, list);
  });

  const values = new Map<number, number[]>();
  const answered = new Set<number>();
  const reports = new Map<string, ReportFigures>();
  let calls = 0;
  let logsQueries = 0;
  await Promise.all([
    ...[...byRegion].map(async ([region, list]) => {
      const got = await fetchMetricData(c, region, list, window);
      got.values.forEach((v, i) => values.set(i, v));
      got.answered.forEach((i) => answered.add(i));
      calls += got.calls;
    }),
    ...[...reportGroups(snapshot, discovered.lambdaInsights)].map(async ([region, groups]) => {
      const got = await queryReportLines(c, region, groups, window, options);
      got.figures.forEach((f, group) => reports.set(reportKey(region, group), f));
      logsQueries += got.queries;
    }),
  ]);
  applyUsage(snapshot, { window, figures: figuresByResource(queries, values, answered), reports });
  return { window, queries: queries.length, getMetricDataCalls: calls, logsInsightsQueries: logsQueries };
}

/**
 * Metrics for a snapshot already collected (validate after `fix --apply`, benchmarks): its own limiter;
 * the run's coverage gaps replace the snapshot's earlier metrics gaps.
 */
export async function refreshMetrics(
  factory: ClientFactory,
  snapshot: AccountSnapshot,
  options: MetricsOptions & { concurrency?: number },
): Promise<{ snapshot: AccountSnapshot; run: MetricsRun }> {
  const copy = structuredClone(snapshot);
  clearMeasuredUsage(copy);
  const c = new Collection(factory, new Limiter(options.concurrency ?? 8));
  const run = await collectMetrics(c, copy, options);
  const metricsGap = (service: string, operation: string | undefined) =>
    service === 'cloudwatch' || (service === 'logs' && (operation === 'StartQuery' || operation === 'GetQueryResults'));
  copy.coverageGaps = [...copy.coverageGaps.filter((g) => !metricsGap(g.service, g.operation)), ...c.gaps.list()];
  return { snapshot: copy, run };
}

/** Drops earlier CloudWatch usage blocks so a refresh never mixes old figures with new ones. */
function clearMeasuredUsage(snapshot: AccountSnapshot): void {
  const holders: { usage?: { source: string } }[] = [
    ...snapshot.lambdaFunctions,
    ...snapshot.auroraClusters,
    ...snapshot.dynamoTables,
    ...snapshot.buckets,
    ...snapshot.distributions,
    ...snapshot.network.natGateways,
    ...snapshot.logGroups,
    ...snapshot.restApis.flatMap((api) => api.stages),
  ];
  for (const holder of holders) if (holder.usage?.source === 'cloudwatch') delete holder.usage;
}
