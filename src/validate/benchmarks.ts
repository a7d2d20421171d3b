/**
 * The design's performance benchmarks ("Performance Benchmarks"), checked on the snapshot's metrics.
 * One row per benchmark with the worst measured figure; "no data" is never a pass, and says what to
 * turn on so the figure exists next time.
 */
import { unreadServices } from '../inventory/completeness.js';
import type { UnreadAccount } from '../inventory/snapshot-set.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { envResolver } from '../rules/engine.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';
import { clusterSubject, distributionSubject, functionSubject, stageSubject, type EnvSubject } from '../targets/environment-resolver.js';

export type BenchmarkId = 'api-response-time' | 'database-query-time' | 'lambda-cold-start' | 'cloudfront-cache-hit-ratio';
export type BenchmarkStatus = 'pass' | 'fail' | 'no-data' | 'not-applicable';

export interface MeasuredResource {
  service: string;
  name: string;
  region: string | null;
  env: ResolvedEnv;
  measured: number | null;
  status: 'pass' | 'fail' | 'no-data';
}

export interface BenchmarkRow {
  /** The account measured (several under --org/--accounts: one row per benchmark and account). */
  account: string | null;
  accountName: string | null;
  id: BenchmarkId;
  benchmark: string;
  /** The metric the figure comes from. */
  metric: string;
  threshold: number;
  unit: 'ms' | '%';
  /** 'below': the figure must stay under the threshold; 'above': over it. */
  comparison: 'below' | 'above';
  /** The worst measured figure across the resources, null without data. */
  measured: number | null;
  /** The resource with the worst figure. */
  worst: string | null;
  status: BenchmarkStatus;
  detail: string;
  resources: MeasuredResource[];
}

export const VALIDATE_KIND = 'clinnet-opt/validate';
export const VALIDATE_SCHEMA_VERSION = 1;

export interface ValidationReport {
  kind: typeof VALIDATE_KIND;
  schemaVersion: typeof VALIDATE_SCHEMA_VERSION;
  /** The account when one was validated, else null (see `accounts`). */
  account: string | null;
  accounts: string[];
  /** Accounts asked for whose role could not be assumed (--allow-gaps): no row is theirs. */
  accountsNotRead: UnreadAccount[];
  env: Env | null;
  collectedAt: string;
  /** The metrics window the figures cover, when they came from CloudWatch. */
  windowDays: number | null;
  benchmarks: BenchmarkRow[];
  summary: Record<BenchmarkStatus, number>;
  /** False when a benchmark fails or has no data: the command exits 1. */
  ok: boolean;
  /** Metrics the account would not give (permissions, disabled features). */
  metricGaps: string[];
  /** Services whose inventory could not be listed (validate --allow-gaps): their benchmarks cover only what was read. */
  servicesNotRead: string[];
}

interface Candidate {
  service: string;
  name: string;
  region: string | null;
  /** What the environment is read from (the same subject audit reads). */
  subject: EnvSubject;
  measured: number | null | undefined;
}

interface Definition {
  id: BenchmarkId;
  benchmark: string;
  metric: string;
  threshold: number;
  unit: 'ms' | '%';
  comparison: 'below' | 'above';
  noun: string;
  /** What to turn on when nothing was measured. */
  enable: string;
  candidates(snapshot: AccountSnapshot): Candidate[];
}

export const BENCHMARKS: readonly Definition[] = [
  {
    id: 'api-response-time',
    benchmark: 'API response time (p95)',
    metric: 'AWS/ApiGateway Latency p95',
    threshold: 200,
    unit: 'ms',
    comparison: 'below',
    noun: 'API stage',
    enable: 'API Gateway publishes Latency for REST API stages that served requests: collect live (without --no-metrics) over a window with traffic (--metrics-days), with cloudwatch:GetMetricData allowed',
    candidates: (s) =>
      s.restApis.flatMap((api) => api.stages.map((stage) => ({ service: 'apigateway', name: `${api.name}/${stage.name}`, region: api.region, subject: stageSubject(api, stage), measured: stage.usage?.latencyP95Ms }))),
  },
  {
    id: 'database-query-time',
    benchmark: 'Database query time',
    metric: 'AWS/RDS SelectLatency (average)',
    threshold: 100,
    unit: 'ms',
    comparison: 'below',
    noun: 'Aurora cluster',
    enable: 'Aurora MySQL publishes SelectLatency once the cluster serves queries (Aurora PostgreSQL has no query latency metric: use Performance Insights); allow cloudwatch:GetMetricData',
    candidates: (s) => s.auroraClusters.map((c) => ({ service: 'aurora', name: c.id, region: c.region, subject: clusterSubject(c), measured: c.usage?.queryLatencyMs })),
  },
  {
    id: 'lambda-cold-start',
    benchmark: 'Lambda cold start (init duration p95)',
    metric: 'REPORT Init Duration (Logs Insights) or LambdaInsights init_duration',
    threshold: 1000,
    unit: 'ms',
    comparison: 'below',
    noun: 'function',
    enable: 'init duration comes from Lambda Insights (enable it on the functions) or from the REPORT lines in the functions\' log groups (allow logs:StartQuery and logs:GetQueryResults, keep the log groups)',
    candidates: (s) => s.lambdaFunctions.map((f) => ({ service: 'lambda', name: f.name, region: f.region, subject: functionSubject(f), measured: f.usage?.initDurationP95Ms })),
  },
  {
    id: 'cloudfront-cache-hit-ratio',
    benchmark: 'CloudFront cache hit ratio',
    metric: 'AWS/CloudFront CacheHitRate (average)',
    threshold: 95,
    unit: '%',
    comparison: 'above',
    noun: 'distribution',
    enable: 'CacheHitRate exists only with the distribution\'s additional metrics turned on (CloudFront console → Telemetry → Monitoring → Enable additional metrics, or CreateMonitoringSubscription); they cost extra per metric',
    candidates: (s) => s.distributions.map((d) => ({ service: 'cloudfront', name: d.comment || d.aliases[0] || d.id, region: null, subject: distributionSubject(d), measured: d.usage?.cacheHitRatePct })),
  },
];

const fmt = (value: number, unit: 'ms' | '%'): string => `${Number.isInteger(value) ? value : value.toFixed(1)}${unit === 'ms' ? ' ms' : ' %'}`;
const passes = (d: Pick<Definition, 'comparison' | 'threshold'>, value: number): boolean => (d.comparison === 'below' ? value < d.threshold : value > d.threshold);

export function targetText(row: Pick<BenchmarkRow, 'comparison' | 'threshold' | 'unit'>): string {
  return `${row.comparison === 'below' ? '<' : '>'} ${fmt(row.threshold, row.unit)}`;
}

export function measuredText(row: Pick<BenchmarkRow, 'measured' | 'unit' | 'status'>): string {
  // Nothing to measure is not missing data: the status column says n/a.
  if (row.status === 'not-applicable') return '—';
  return row.measured === null ? 'no data' : fmt(row.measured, row.unit);
}

function evaluate(d: Definition, snapshot: AccountSnapshot, envOf: ReturnType<typeof envResolver>, onlyEnv: Env | undefined): Omit<BenchmarkRow, 'account' | 'accountName'> {
  const resources: MeasuredResource[] = [];
  for (const c of d.candidates(snapshot)) {
    const env = envOf(c.subject);
    if (onlyEnv && env !== onlyEnv) continue;
    const measured = c.measured ?? null;
    resources.push({ service: c.service, name: c.name, region: c.region, env, measured, status: measured === null ? 'no-data' : passes(d, measured) ? 'pass' : 'fail' });
  }
  const row = { id: d.id, benchmark: d.benchmark, metric: d.metric, threshold: d.threshold, unit: d.unit, comparison: d.comparison, resources };
  const measured = resources.filter((r): r is MeasuredResource & { measured: number } => r.measured !== null);
  if (!resources.length) return { ...row, measured: null, worst: null, status: 'not-applicable', detail: `no ${d.noun} in scope` };
  if (!measured.length) return { ...row, measured: null, worst: null, status: 'no-data', detail: `no data for ${resources.length} ${d.noun}(s): ${d.enable}` };
  const worst = measured.reduce((a, b) => (d.comparison === 'below' ? (b.measured > a.measured ? b : a) : b.measured < a.measured ? b : a));
  const failing = measured.filter((r) => r.status === 'fail');
  const missing = resources.length - measured.length;
  const counts = `${measured.length} of ${resources.length} ${d.noun}(s) measured${missing ? ` (${missing} without data)` : ''}`;
  const detail = failing.length ? `${failing.length} ${d.noun}(s) miss the target, worst ${worst.name}; ${counts}` : `all measured within target; ${counts}`;
  return { ...row, measured: worst.measured, worst: worst.name, status: failing.length ? 'fail' : 'pass', detail };
}

const METRIC_SERVICES = new Set(['cloudwatch']);
const METRIC_LOG_OPERATIONS = new Set(['StartQuery', 'GetQueryResults']);

export function validateSnapshot(snapshot: AccountSnapshot, options: { targets: TargetProfile; env?: Env }): ValidationReport {
  const envOf = envResolver(snapshot, options.targets, options.env);
  const benchmarks = BENCHMARKS.map((d) => ({ account: snapshot.account, accountName: snapshot.accountName ?? null, ...evaluate(d, snapshot, envOf, options.env) }));
  const summary: Record<BenchmarkStatus, number> = { pass: 0, fail: 0, 'no-data': 0, 'not-applicable': 0 };
  for (const b of benchmarks) summary[b.status]++;
  const windows = [
    ...snapshot.lambdaFunctions.map((f) => f.usage),
    ...snapshot.auroraClusters.map((c) => c.usage),
    ...snapshot.distributions.map((d) => d.usage),
    ...snapshot.restApis.flatMap((a) => a.stages.map((s) => s.usage)),
  ].flatMap((u) => (u?.source === 'cloudwatch' && u.windowDays ? [u.windowDays] : []));
  return {
    kind: VALIDATE_KIND,
    schemaVersion: VALIDATE_SCHEMA_VERSION,
    account: snapshot.account,
    accounts: snapshot.account ? [snapshot.account] : [],
    accountsNotRead: [],
    env: options.env ?? null,
    collectedAt: snapshot.collectedAt,
    windowDays: windows.length ? Math.max(...windows) : null,
    benchmarks,
    summary,
    ok: summary.fail === 0 && summary['no-data'] === 0,
    metricGaps: snapshot.coverageGaps
      .filter((g) => METRIC_SERVICES.has(g.service) || (g.service === 'logs' && g.operation !== undefined && METRIC_LOG_OPERATIONS.has(g.operation)))
      .map((g) => `${g.service} ${g.region} ${g.operation ?? ''}: ${g.kind} (${g.error})`),
    servicesNotRead: unreadServices(snapshot.coverageGaps).map((u) => u.service),
  };
}
