/** The cost report as CSV: one row per category plus a total, numbers unformatted. */
import { CATEGORY_IDS, CATEGORY_LABELS } from '../cost/categories.js';
import type { CostReport } from '../cost/report.js';

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCostCsv(report: CostReport): string {
  const header = ['category', 'period_start', 'period_end', 'cost_usd', 'monthly_usd', 'estimated', 'baseline_monthly_usd', 'change_usd', 'change_pct', 'target_pct', 'result', 'audit_estimate_usd', 'predicted_usd'];
  const current = report.current;
  const rowsById = new Map((report.comparison ? [...report.comparison.rows, report.comparison.total] : []).map((row) => [row.id, row]));
  const lines = [header.join(',')];
  const ids = [...CATEGORY_IDS, 'total' as const];
  for (const id of ids) {
    const cost = id === 'total' ? current.total : current.categories[id];
    const monthly = id === 'total' ? Math.round(CATEGORY_IDS.reduce((t, c) => t + report.currentMonthly[c], 0) * 100) / 100 : report.currentMonthly[id];
    const row = rowsById.get(id);
    const estimate = id === 'total' ? row?.estimatedUsd : (row?.estimatedUsd ?? report.estimates?.[id]);
    lines.push(
      [
        id === 'total' ? 'Total' : CATEGORY_LABELS[id],
        current.period.start,
        current.period.end,
        cost,
        monthly,
        current.estimated,
        row?.baselineMonthly,
        row?.changeUsd,
        row?.changePct,
        row?.targetPct,
        row?.status,
        estimate,
        row?.predictedUsd,
      ]
        .map(cell)
        .join(','),
    );
  }
  return lines.join('\n');
}
