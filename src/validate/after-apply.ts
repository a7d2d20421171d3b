/**
 * `fix --apply` runs validate after applying: the benchmarks on fresh metrics, compared with the
 * ones of the snapshot the plan came from. A regression is a benchmark that now fails where it did
 * not, or fails by more. Metrics cover the past window, so a change shows fully only after it.
 */
import type { ClientFactory } from '../aws/clients.js';
import { collectSnapshot } from '../inventory/collect.js';
import { refreshMetrics } from '../inventory/metrics/collect-metrics.js';
import { DEFAULT_METRICS_DAYS } from '../inventory/metrics/window.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env } from '../targets/environment.js';
import { measuredText, targetText, validateSnapshot, type BenchmarkRow, type ValidationReport } from './benchmarks.js';

export interface AfterApplyInput {
  factory: ClientFactory;
  /** The snapshot the plan was made from (a live plan in the same run); null for `--apply FILE`. */
  before: AccountSnapshot | null;
  regions: string[];
  env: Env | undefined;
  targets: TargetProfile;
  metricsDays?: number;
}

export interface AfterApplyValidation {
  before: ValidationReport | null;
  after: ValidationReport;
  regressions: BenchmarkRow[];
}

/** Fails now and did not before, or fails by more than before. */
function worse(after: BenchmarkRow, before: BenchmarkRow | undefined): boolean {
  if (after.status !== 'fail' || !before) return false;
  if (before.status !== 'fail') return true;
  if (before.measured === null || after.measured === null) return false;
  return after.comparison === 'below' ? after.measured > before.measured : after.measured < before.measured;
}

export async function validateAfterApply(input: AfterApplyInput): Promise<AfterApplyValidation> {
  const days = input.metricsDays ?? DEFAULT_METRICS_DAYS;
  // The resources are the ones already read: refreshing their metrics is far cheaper than collecting again.
  const fresh = input.before
    ? (await refreshMetrics(input.factory, input.before, { days })).snapshot
    : await collectSnapshot(input.factory, { regions: input.regions, env: input.env, metricsDays: days });
  const options = { targets: input.targets, env: input.env };
  const before = input.before ? validateSnapshot(input.before, options) : null;
  const after = validateSnapshot(fresh, options);
  const regressions = before ? after.benchmarks.filter((row) => worse(row, before.benchmarks.find((b) => b.id === row.id))) : [];
  return { before, after, regressions };
}

/** A few lines for fix's table output. */
export function renderAfterApply(v: AfterApplyValidation): string {
  const lines = ['Performance benchmarks after applying:'];
  for (const row of v.after.benchmarks) {
    const was = v.before?.benchmarks.find((b) => b.id === row.id);
    const regressed = v.regressions.includes(row) ? '  REGRESSION' : '';
    lines.push(`  ${row.benchmark} ${targetText(row)}: ${measuredText(row)} (${row.status}${was ? `; before ${measuredText(was)}, ${was.status}` : ''})${regressed}`);
  }
  lines.push(
    v.regressions.length
      ? `${v.regressions.length} benchmark(s) regressed: check the changes above, or roll back with \`clinnet-opt rollback <journal>\``
      : `No regression measured. Metrics cover the past ${v.after.windowDays ?? DEFAULT_METRICS_DAYS} days: run \`clinnet-opt validate\` again once the changes have run a while.`,
  );
  return lines.join('\n');
}
