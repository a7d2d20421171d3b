/**
 * The metrics window: N whole days ending at the last full hour, so every query of one run shares
 * the same StartTime/EndTime (GetMetricData requires that within a call) and periods line up with
 * CloudWatch's retention steps (1-hour points are kept 455 days).
 */
import { HOURS_PER_MONTH } from '../../pricing/estimator.js';

export const DEFAULT_METRICS_DAYS = 14;
/** 1-hour data points are the longest CloudWatch keeps: 455 days. */
export const MAX_METRICS_DAYS = 455;
const HOUR_MS = 3600_000;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export interface MetricWindow {
  start: Date;
  end: Date;
  days: number;
  /** The whole window in seconds: one data point per aggregate query (a multiple of 3600). */
  seconds: number;
}

export function metricWindow(days: number, now: Date = new Date()): MetricWindow {
  if (!Number.isInteger(days) || days < 1 || days > MAX_METRICS_DAYS) {
    throw new RangeError(`metrics window must be 1..${MAX_METRICS_DAYS} whole days, got ${days}`);
  }
  const end = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const seconds = days * 86_400;
  return { start: new Date(end.getTime() - seconds * 1000), end, days, seconds };
}

/** A total measured over the window, scaled to the estimator's month (730 hours). */
export function perMonth(total: number | null, window: MetricWindow): number | null {
  return total === null ? null : (total * DAYS_PER_MONTH) / window.days;
}
