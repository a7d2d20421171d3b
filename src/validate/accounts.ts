/**
 * Several accounts' validations as one report (validate --org/--accounts): every account's rows,
 * each naming its account; one verdict over all of them. Pure.
 */
import type { UnreadAccount } from '../inventory/snapshot-set.js';
import type { BenchmarkStatus, ValidationReport } from './benchmarks.js';

export function mergeValidations(reports: readonly ValidationReport[], accountsNotRead: readonly UnreadAccount[]): ValidationReport {
  const summary: Record<BenchmarkStatus, number> = { pass: 0, fail: 0, 'no-data': 0, 'not-applicable': 0 };
  const benchmarks = reports.flatMap((r) => r.benchmarks);
  for (const b of benchmarks) summary[b.status]++;
  const accounts = reports.flatMap((r) => r.accounts);
  const windows = reports.flatMap((r) => (r.windowDays === null ? [] : [r.windowDays]));
  const several = reports.length > 1;
  return {
    kind: reports[0]?.kind ?? 'clinnet-opt/validate',
    schemaVersion: reports[0]?.schemaVersion ?? 1,
    account: accounts.length === 1 && !accountsNotRead.length ? accounts[0] : null,
    accounts,
    accountsNotRead: [...accountsNotRead],
    env: reports[0]?.env ?? null,
    collectedAt: reports.map((r) => r.collectedAt).sort()[0] ?? new Date(0).toISOString(),
    windowDays: windows.length ? Math.max(...windows) : null,
    benchmarks,
    summary,
    // No account read is no pass: an empty organization read validates nothing.
    ok: reports.length > 0 && summary.fail === 0 && summary['no-data'] === 0,
    metricGaps: reports.flatMap((r) => r.metricGaps.map((g) => (several && r.account ? `account ${r.account}: ${g}` : g))),
    servicesNotRead: [...new Set(reports.flatMap((r) => r.servicesNotRead))].sort(),
  };
}
