/**
 * Metric answers → the snapshot's usage blocks. A figure without data stays null (the rules then
 * say "no data"); window totals become monthly figures where the field is per month.
 */
import { BYTES_PER_GB } from '../../pricing/estimator.js';
import type { AccountSnapshot, LambdaFunction, LambdaUsage } from '../snapshot.js';
import type { ReportFigures } from './logs-insights.js';
import { resourceKey, type MetricQuery, type Reduce } from './queries.js';
import { perMonth, type MetricWindow } from './window.js';

export type Figures = Record<string, number | null>;

export function reduce(values: readonly number[] | undefined, how: Reduce): number | null {
  if (!values?.length) return null;
  if (how === 'sum') return values.reduce((s, v) => s + v, 0);
  if (how === 'max') return Math.max(...values);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Figures per resource key, from the answered queries only (a failed query leaves no figure, not a zero). */
export function figuresByResource(queries: readonly MetricQuery[], values: Map<number, number[]>, answered: Set<number>): Map<string, Figures> {
  const out = new Map<string, Figures>();
  queries.forEach((q, index) => {
    if (!answered.has(index)) return;
    const figures = out.get(q.resource) ?? {};
    for (const [field, how] of Object.entries(q.outputs)) if (how) figures[field] = reduce(values.get(index), how);
    out.set(q.resource, figures);
  });
  return out;
}

const round = (value: number | null | undefined, digits = 2): number | null => {
  if (value === null || value === undefined) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const whole = (value: number | null | undefined): number | null => round(value, 0);
const get = (f: Figures | undefined, field: string): number | null => f?.[field] ?? null;

export interface ApplyInput {
  window: MetricWindow;
  figures: Map<string, Figures>;
  /** Log group name (per region) → REPORT-line figures from Logs Insights. */
  reports: Map<string, ReportFigures>;
}

/** GET requests over every GET method, or null unless each one was measured (a partial sum would understate the share). */
function getRequests(api: AccountSnapshot['restApis'][number], f: Figures): number | null {
  const gets = (api.methods ?? []).filter((m) => m.httpMethod === 'GET');
  const values = gets.map((_, i) => get(f, `getRequests:${i}`));
  return gets.length > 0 && values.every((v) => v !== null) ? values.reduce<number>((s, v) => s + (v ?? 0), 0) : null;
}

const source = (window: MetricWindow) => ({ source: 'cloudwatch' as const, windowDays: window.days });

/** A block with no figure at all says nothing measured: the resource keeps no usage block (rules say what is missing). */
function measured<T extends object>(block: T): T | undefined {
  return Object.entries(block).some(([key, value]) => key !== 'windowDays' && typeof value === 'number') ? block : undefined;
}

/**
 * Max memory used from Lambda Insights' used_memory_max (MB), else the REPORT lines. Never from
 * memory_utilization: a percentage of the memory size when it was measured, which multiplied by
 * today's size under-reads usage after every lowering and would ratchet memory down.
 */
function lambdaUsage(fn: LambdaFunction, f: Figures | undefined, report: ReportFigures | undefined, ingested: number | null, window: MetricWindow): LambdaUsage {
  const used = get(f, 'usedMemoryMaxMb');
  const insightsMb = used === null ? null : Math.ceil(used);
  return {
    ...source(window),
    invocationsPerMonth: whole(perMonth(get(f, 'invocations'), window)),
    avgDurationMs: round(get(f, 'durationAvg')),
    p95DurationMs: round(get(f, 'durationP95')),
    p99DurationMs: round(get(f, 'durationP99')),
    maxDurationMs: round(get(f, 'durationMax')),
    errorsPerMonth: whole(perMonth(get(f, 'errors'), window)),
    throttlesPerMonth: whole(perMonth(get(f, 'throttles'), window)),
    maxConcurrentExecutions: whole(get(f, 'concurrentMax')),
    maxMemoryUsedMb: insightsMb ?? (report?.maxMemoryUsedMb == null ? null : Math.ceil(report.maxMemoryUsedMb)),
    initDurationP95Ms: round(get(f, 'initP95') ?? report?.initDurationP95Ms),
    logIngestedBytesPerMonth: ingested,
  };
}

export const reportKey = (region: string, group: string): string => `${region}|${group}`;

export function applyUsage(snapshot: AccountSnapshot, input: ApplyInput): void {
  const { window, figures } = input;
  const of = (key: string) => figures.get(key);
  const ingestedByGroup = new Map<string, number | null>();
  for (const g of snapshot.logGroups) {
    const f = of(resourceKey('logs', g.region, g.name));
    if (!f) continue;
    const ingested = whole(perMonth(get(f, 'ingested'), window));
    ingestedByGroup.set(reportKey(g.region, g.name), ingested);
    g.usage = measured({ ...source(window), ingestedBytesPerMonth: ingested }) ?? g.usage;
  }
  for (const fn of snapshot.lambdaFunctions) {
    const group = fn.logging.logGroup ?? `/aws/lambda/${fn.name}`;
    const f = of(resourceKey('lambda', fn.region, fn.name));
    const report = input.reports.get(reportKey(fn.region, group));
    if (!f && !report) continue;
    fn.usage = measured(lambdaUsage(fn, f, report, ingestedByGroup.get(reportKey(fn.region, group)) ?? null, window)) ?? fn.usage;
  }
  for (const cluster of snapshot.auroraClusters) {
    const f = of(resourceKey('aurora', cluster.region, cluster.id));
    if (!f) continue;
    const volume = get(f, 'volumeBytes');
    cluster.usage = measured({
      ...source(window),
      avgAcu: round(get(f, 'acuAvg')),
      peakAcu: round(get(f, 'acuMax')),
      p99Acu: round(get(f, 'acuP99')),
      acuUtilizationPct: round(get(f, 'acuUtilization')),
      storageGb: volume === null ? null : round(volume / BYTES_PER_GB),
      queryLatencyMs: round(get(f, 'selectLatency')),
    }) ?? cluster.usage;
  }
  for (const t of snapshot.dynamoTables) {
    const f = of(resourceKey('dynamodb', t.region, t.name));
    if (!f) continue;
    const reads = get(f, 'readUnits');
    const writes = get(f, 'writeUnits');
    const peakRead = get(f, 'peakReadHour');
    const peakWrite = get(f, 'peakWriteHour');
    t.usage = measured({
      ...source(window),
      readRequestUnitsPerMonth: whole(perMonth(reads, window)),
      writeRequestUnitsPerMonth: whole(perMonth(writes, window)),
      avgConsumedRcu: reads === null ? null : round(reads / window.seconds),
      avgConsumedWcu: writes === null ? null : round(writes / window.seconds),
      // The busiest hour's average per second: CloudWatch's Sum per hour over 3600 s.
      peakConsumedRcu: peakRead === null ? null : round(peakRead / 3600),
      peakConsumedWcu: peakWrite === null ? null : round(peakWrite / 3600),
    }) ?? t.usage;
  }
  for (const b of snapshot.buckets) {
    const f = of(resourceKey('s3', b.region, b.name));
    if (!f) continue;
    const bytesByClass: Record<string, number> = {};
    for (const [field, value] of Object.entries(f)) if (field.startsWith('bytes:') && value !== null) bytesByClass[field.slice(6)] = Math.round(value);
    // No storage figure at all: leave the bucket unpriced ("usage data needed") rather than claim it holds nothing.
    if (!Object.keys(bytesByClass).length) continue;
    b.usage = { ...source(window), bytesByClass, objectCount: whole(get(f, 'objects')) };
  }
  for (const d of snapshot.distributions) {
    const f = of(resourceKey('cloudfront', 'global', d.id));
    if (!f) continue;
    d.usage = measured({
      ...source(window),
      bytesOutPerMonth: whole(perMonth(get(f, 'bytesOut'), window)),
      requestsPerMonth: whole(perMonth(get(f, 'requests'), window)),
      cacheHitRatePct: round(get(f, 'cacheHitRate')),
    }) ?? d.usage;
  }
  for (const api of snapshot.restApis) {
    for (const stage of api.stages) {
      const f = of(resourceKey('apigateway', api.region, `${api.id}/${stage.name}`));
      if (!f) continue;
      stage.usage = measured({
        ...source(window),
        requestsPerMonth: whole(perMonth(get(f, 'requests'), window)),
        getRequestsPerMonth: whole(perMonth(getRequests(api, f), window)),
        latencyP95Ms: round(get(f, 'latencyP95')),
        integrationLatencyP95Ms: round(get(f, 'integrationLatencyP95')),
      }) ?? stage.usage;
    }
  }
  for (const nat of snapshot.network.natGateways) {
    const f = of(resourceKey('nat', nat.region, nat.id));
    if (!f) continue;
    const parts = [get(f, 'bytesFromSource'), get(f, 'bytesFromDestination')].filter((v): v is number => v !== null);
    nat.usage = measured({ ...source(window), bytesProcessedPerMonth: parts.length ? whole(perMonth(parts.reduce((s, v) => s + v, 0), window)) : null }) ?? nat.usage;
  }
}
