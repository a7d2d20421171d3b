/**
 * The cost report, end to end and without printing: read the files first (a bad one costs no
 * request), make one Cost Explorer query, sum into categories, compare with the baseline or the
 * journal's before-window against the design's targets, and optionally publish metrics.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { usageError } from '../errors.js';
import type { Env } from '../targets/environment.js';
import { loadBaseline, baselineFrom, saveBaseline, type Baseline } from './baseline.js';
import type { CostCache } from './cache.js';
import { CATEGORY_IDS } from './categories.js';
import type { CostConfig } from './config-schema.js';
import { buildCostTable, linesIn, monthlyAmounts, round2, type CategoryAmounts, type CostTable } from './cost-table.js';
import { envTagValues, tagNotActivatedMessage } from './env-tag.js';
import { loadAuditEstimates, loadJournalPrediction, type JournalPrediction, type Predicted } from './estimates.js';
import { metricData, putCostMetrics } from './metrics.js';
import { addDays, daysBetween, isOpen, isoDate, parsePeriod, windowBefore, type Period } from './period.js';
import { queryCosts, type CostMetric, type Granularity } from './query.js';
import { compareWithBaseline, costTargetsFrom, roiSettingsFrom, type Comparison, type CostTargets } from './targets.js';

export const REPORT_KIND = 'clinnet-opt/cost-report';
export const REPORT_SCHEMA_VERSION = 1;
/** With --journal, how many days after the apply are measured (and as many before it). */
export const JOURNAL_WINDOW_DAYS = 30;

export interface CostReportOptions {
  env: Env | null;
  /** --period; undefined means last-month (or the journal's windows). */
  period?: string;
  granularity: Granularity;
  metric: CostMetric;
  tagKey: string;
  config: CostConfig | undefined;
  baselineFile?: string;
  saveBaselineFile?: string;
  compareEstimateFile?: string;
  journalFile?: string;
  putMetrics: boolean;
}

export interface CostReportDeps {
  costExplorer: CostExplorerClient;
  cloudwatch: () => CloudWatchClient;
  /** The account id, for cache keys (only asked when the cache is used). */
  account: () => Promise<string>;
  /** null: --no-cache. */
  cache: CostCache | null;
  now: Date;
}

export interface BeforeSide {
  source: 'baseline' | 'journal';
  file: string;
  period: Period;
  days: number;
  monthlyFactor: number;
  estimated: boolean;
  categories: CategoryAmounts;
  total: number;
}

export interface CostReport {
  kind: typeof REPORT_KIND;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  env: Env | null;
  tag: { key: string; values: string[] } | null;
  current: CostTable;
  /** The current period as a full month (equal to `current.categories` for a whole month). */
  currentMonthly: CategoryAmounts;
  before: BeforeSide | null;
  targets: CostTargets;
  comparison: Comparison | null;
  journal: { file: string; appliedAt: string; applied: number } | null;
  estimateFile: string | null;
  /** The audit's estimated monthly delta per category (--compare-estimate). */
  estimates: Predicted | null;
  requests: { costExplorer: number; answeredFromCache: number; putMetricData: number };
  savedBaseline: string | null;
  warnings: string[];
}

interface Windows {
  query: Period;
  current: Period;
  before: Period | null;
}

function journalWindows(prediction: JournalPrediction, now: Date, file: string): Windows {
  const applyDay = prediction.appliedAt.slice(0, 10);
  const afterStart = addDays(applyDay, 1); // the apply day itself is part before, part after
  const today = isoDate(now);
  const cap = addDays(afterStart, JOURNAL_WINDOW_DAYS);
  const afterEnd = cap < today ? cap : today;
  if (afterEnd <= afterStart) {
    throw usageError(`${file}: applied on ${applyDay}; there is no complete day after it yet (come back after ${afterStart})`);
  }
  const current: Period = { start: afterStart, end: afterEnd, label: `after the apply (${afterStart}..${addDays(afterEnd, -1)})` };
  const beforeWindow = windowBefore(applyDay, daysBetween(afterStart, afterEnd));
  const before: Period = { ...beforeWindow, label: `before the apply (${beforeWindow.label})` };
  return { query: { start: before.start, end: current.end, label: 'journal windows' }, current, before };
}

function resolveEnv(options: CostReportOptions, prediction: JournalPrediction | null): Env | null {
  const fromJournal = prediction?.env === 'dev' || prediction?.env === 'staging' || prediction?.env === 'prod' ? prediction.env : null;
  if (options.env && fromJournal && options.env !== fromJournal) {
    throw usageError(`--env ${options.env} does not match the journal's environment (${fromJournal})`);
  }
  return options.env ?? fromJournal;
}

function checkBaseline(baseline: Baseline, file: string, env: Env | null, metric: CostMetric): void {
  if (baseline.metric !== metric) throw usageError(`${file}: the baseline measured ${baseline.metric}; pass --metric ${baseline.metric} or save a new baseline`);
  if ((baseline.env ?? null) !== env) {
    throw usageError(`${file}: the baseline is for ${baseline.env ? `--env ${baseline.env}` : 'the whole account'}, this report for ${env ? `--env ${env}` : 'the whole account'}`);
  }
}

function withPredictions(comparison: Comparison, key: 'estimatedUsd' | 'predictedUsd', predicted: Predicted | null): void {
  if (!predicted) return;
  let total: number | null = null;
  for (const row of comparison.rows) {
    if (row.id === 'total') continue;
    row[key] = predicted[row.id];
    if (predicted[row.id] !== null) total = round2((total ?? 0) + (predicted[row.id] ?? 0));
  }
  comparison.total[key] = total;
}

export async function buildCostReport(options: CostReportOptions, deps: CostReportDeps): Promise<CostReport> {
  // Every file is read before the first (charged) request, so a bad one costs nothing.
  const baseline = options.baselineFile ? await loadBaseline(options.baselineFile) : null;
  const estimates = options.compareEstimateFile ? await loadAuditEstimates(options.compareEstimateFile, options.env) : null;
  const prediction = options.journalFile ? await loadJournalPrediction(options.journalFile) : null;
  const env = resolveEnv(options, prediction);
  if (baseline && options.baselineFile) checkBaseline(baseline, options.baselineFile, env, options.metric);
  if (prediction && !baseline && options.period) {
    throw usageError(`--journal without --baseline measures ${JOURNAL_WINDOW_DAYS} days either side of the apply itself: drop --period, or pass --baseline`);
  }

  const windows: Windows =
    prediction && !baseline && options.journalFile
      ? journalWindows(prediction, deps.now, options.journalFile)
      : (() => {
          const current = parsePeriod(options.period ?? 'last-month', deps.now);
          return { query: current, current, before: null };
        })();
  const granularity: Granularity = windows.before ? 'DAILY' : options.granularity;
  const tag = env ? { key: options.tagKey, values: envTagValues(env, options.config) } : null;
  const cacheable = !isOpen(windows.query, deps.now);
  const account = deps.cache && cacheable ? await deps.account() : '';
  const result = await queryCosts(
    { period: windows.query, granularity, metric: options.metric, ...(tag ? { tag } : {}) },
    { client: deps.costExplorer, cache: deps.cache, account, cacheable },
  );

  const warnings: string[] = [];
  const empty = !result.lines.some((line) => line.amount !== 0);
  if (env && tag && empty) {
    const message = tagNotActivatedMessage(tag.key, env, tag.values);
    // Comparing nothing with a baseline would read as a 100 % saving: refuse rather than pass.
    if (baseline || windows.before) throw usageError(message);
    warnings.push(message);
  }

  const tableOf = (period: Period) =>
    buildCostTable(windows.before ? linesIn(result.lines, period) : result.lines, {
      period,
      metric: options.metric,
      granularity,
      env,
      estimated: windows.before ? result.lines.some((l) => l.estimated && l.start >= period.start && l.start < period.end) : result.estimated,
    });
  const current = tableOf(windows.current);
  const currentMonthly = monthlyAmounts(current);

  let before: BeforeSide | null = null;
  if (baseline && options.baselineFile) {
    before = { source: 'baseline', file: options.baselineFile, period: baseline.period, days: baseline.days, monthlyFactor: baseline.monthlyFactor, estimated: baseline.estimated, categories: baseline.categories, total: baseline.total };
  } else if (windows.before && options.journalFile) {
    const table = tableOf(windows.before);
    before = { source: 'journal', file: options.journalFile, period: table.period, days: table.days, monthlyFactor: table.monthlyFactor, estimated: table.estimated, categories: table.categories, total: table.total };
  }

  const targets = costTargetsFrom(options.config);
  let comparison: Comparison | null = null;
  if (before) {
    comparison = compareWithBaseline(monthlyAmounts(before), currentMonthly, targets, env, roiSettingsFrom(options.config));
    withPredictions(comparison, 'estimatedUsd', estimates);
    withPredictions(comparison, 'predictedUsd', prediction?.predicted ?? null);
  }

  let savedBaseline: string | null = null;
  if (options.saveBaselineFile) {
    await saveBaseline(options.saveBaselineFile, baselineFrom(current, deps.now));
    savedBaseline = options.saveBaselineFile;
    if (current.estimated) warnings.push(`the baseline saved in ${options.saveBaselineFile} holds estimated figures (Cost Explorer has not finalised that period)`);
  }

  let putMetricData = 0;
  if (options.putMetrics) {
    const total = round2(CATEGORY_IDS.reduce((t, id) => t + currentMonthly[id], 0));
    putMetricData = await putCostMetrics(deps.cloudwatch(), metricData(currentMonthly, total, env, deps.now));
  }

  return {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: deps.now.toISOString(),
    env,
    tag,
    current,
    currentMonthly,
    before,
    targets,
    comparison,
    journal: prediction && options.journalFile ? { file: options.journalFile, appliedAt: prediction.appliedAt, applied: prediction.applied } : null,
    estimateFile: options.compareEstimateFile ?? null,
    estimates,
    requests: { costExplorer: result.requests, answeredFromCache: result.fromCache ? 1 : 0, putMetricData },
    savedBaseline,
    warnings,
  };
}
