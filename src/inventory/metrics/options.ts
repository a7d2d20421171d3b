/** --metrics-days N / --no-metrics, shared by the commands that collect (snapshot, audit, validate). */
import { usageError } from '../../errors.js';
import { DEFAULT_METRICS_DAYS, MAX_METRICS_DAYS } from './window.js';

/** The window in days, or false with --no-metrics (commander sets `metrics: false`). */
export function metricsDaysOption(options: { metricsDays?: string; metrics?: boolean }, fallback: number = DEFAULT_METRICS_DAYS): number | false {
  if (options.metrics === false) {
    if (options.metricsDays !== undefined) throw usageError('--metrics-days and --no-metrics contradict each other: drop one');
    return false;
  }
  if (options.metricsDays === undefined) return fallback;
  const days = Number(options.metricsDays);
  if (!Number.isInteger(days) || days < 1 || days > MAX_METRICS_DAYS) {
    throw usageError(`--metrics-days must be a whole number of days from 1 to ${MAX_METRICS_DAYS} (CloudWatch keeps hourly data 455 days), got "${options.metricsDays}"`);
  }
  return days;
}
