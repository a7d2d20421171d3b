/**
 * Max memory used and cold-start init duration from the functions' REPORT lines, with CloudWatch
 * Logs Insights (for functions without Lambda Insights). One query per 50 log groups (StartQuery's
 * limit), polled until it completes; a query that fails or runs too long becomes a coverage gap.
 */
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { mapLimit } from '../../aws/concurrency.js';
import type { Collection } from '../collectors/context.js';
import { chunk } from './get-metric-data.js';
import type { MetricWindow } from './window.js';

/** StartQuery accepts at most 50 log group names. */
export const MAX_LOG_GROUPS_PER_QUERY = 50;

/** Text-format REPORT lines: Logs Insights reports @maxMemoryUsed in bytes (MB × 1000 × 1000). */
export const TEXT_REPORT_QUERY =
  'filter @type = "REPORT" | stats max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMb, pct(@initDuration, 95) as initDurationP95Ms by @log';
/** JSON-format functions log the report as a platform.report record. */
export const JSON_REPORT_QUERY =
  'filter type = "platform.report" | stats max(record.metrics.maxMemoryUsedMB) as maxMemoryUsedMb, pct(record.metrics.initDurationMs, 95) as initDurationP95Ms by @log';

export interface ReportFigures {
  maxMemoryUsedMb: number | null;
  initDurationP95Ms: number | null;
}

export interface LogsInsightsOptions {
  /** Wait between GetQueryResults polls (default 1000 ms). */
  pollMs?: number;
  /** Give up on a query after this long (default 10 minutes), stopping it. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Queries running at once per region (Logs Insights has an account-wide concurrent query quota). */
  concurrency?: number;
}

export interface ReportGroup {
  name: string;
  /** The function logs in JSON format (platform.report records) rather than text REPORT lines. */
  json: boolean;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function numberOf(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** '@log' is "<account>:<log group name>". */
const groupOf = (log: string): string => log.slice(log.indexOf(':') + 1);

function figuresOf(rows: ResultField[][]): Map<string, ReportFigures> {
  const out = new Map<string, ReportFigures>();
  for (const row of rows) {
    const field = (name: string) => row.find((f) => f.field === name)?.value;
    const log = field('@log');
    if (!log) continue;
    out.set(groupOf(log), { maxMemoryUsedMb: numberOf(field('maxMemoryUsedMb')), initDurationP95Ms: numberOf(field('initDurationP95Ms')) });
  }
  return out;
}

export async function queryReportLines(
  c: Collection,
  region: string,
  groups: readonly ReportGroup[],
  window: MetricWindow,
  options: LogsInsightsOptions = {},
): Promise<{ figures: Map<string, ReportFigures>; queries: number }> {
  const client = c.factory.logs(region);
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 600_000;
  const figures = new Map<string, ReportFigures>();
  const jobs = [true, false].flatMap((json) =>
    chunk(
      groups.filter((g) => g.json === json).map((g) => g.name),
      MAX_LOG_GROUPS_PER_QUERY,
    ).map((names) => ({ names, queryString: json ? JSON_REPORT_QUERY : TEXT_REPORT_QUERY })),
  );
  const where = (operation: string) => ({ service: 'logs', region, operation });
  await mapLimit(jobs, options.concurrency ?? 4, async ({ names, queryString }) => {
    const started = await c.guard(where('StartQuery'), () =>
      c.request(() =>
        client.send(new StartQueryCommand({ logGroupNames: names, startTime: Math.floor(window.start.getTime() / 1000), endTime: Math.floor(window.end.getTime() / 1000), queryString, limit: 10_000 })),
      ),
    );
    const queryId = started?.queryId;
    if (!queryId) return;
    await c.guard(where('GetQueryResults'), async () => {
      for (let waited = 0; ; waited += pollMs) {
        const got = await c.request(() => client.send(new GetQueryResultsCommand({ queryId })));
        if (got.status === 'Complete') {
          for (const [name, f] of figuresOf(got.results ?? [])) figures.set(name, f);
          return;
        }
        if (got.status !== 'Scheduled' && got.status !== 'Running') {
          throw Object.assign(new Error(`Logs Insights query ${got.status ?? 'Unknown'} over ${names.length} log group(s)`), { name: `Query${got.status ?? 'Unknown'}` });
        }
        if (waited >= maxWaitMs) {
          await c.request(() => client.send(new StopQueryCommand({ queryId }))).catch(() => undefined);
          throw Object.assign(new Error(`Logs Insights query still running after ${Math.round(maxWaitMs / 1000)} s: stopped`), { name: 'QueryTimeout' });
        }
        await sleep(pollMs);
      }
    });
  });
  return { figures, queries: jobs.length };
}
