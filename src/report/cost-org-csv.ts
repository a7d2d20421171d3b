/**
 * The organization's cost report as CSV, numbers unformatted: one row per account and environment
 * (`row` = line), then the totals per account (account), per environment (env) and overall (total).
 */
import type { OrgCostReport } from '../cost/org-report.js';

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const ORG_CSV_COLUMNS = [
  'row',
  'account',
  'account_name',
  'env',
  'env_from',
  'tag_values',
  'period_start',
  'period_end',
  'cost_usd',
  'monthly_usd',
  'estimated',
  'baseline_monthly_usd',
  'change_usd',
  'change_pct',
  'target_pct',
  'result',
] as const;

type Row = Partial<Record<(typeof ORG_CSV_COLUMNS)[number], string | number | boolean | null>>;

export function renderOrgCostCsv(report: OrgCostReport): string {
  const common = { period_start: report.period.start, period_end: report.period.end, estimated: report.estimated };
  const rows: Row[] = [
    ...report.lines.map((l) => ({
      row: 'line',
      account: l.account,
      account_name: l.accountName,
      env: l.env ?? 'unknown',
      env_from: l.envFrom.join('|'),
      tag_values: l.tagValues.join('|'),
      ...common,
      estimated: l.estimated,
      cost_usd: l.cost,
      monthly_usd: l.monthly,
      baseline_monthly_usd: l.baselineMonthly,
      change_usd: l.changeUsd,
      change_pct: l.changePct,
      target_pct: l.targetPct,
      result: l.status,
    })),
    ...report.accounts.map((a) => ({
      row: 'account',
      account: a.account,
      account_name: a.accountName,
      env: a.envs.map((e) => e ?? 'unknown').join('|'),
      ...common,
      cost_usd: a.cost,
      monthly_usd: a.monthly,
      baseline_monthly_usd: a.baselineMonthly,
      change_usd: a.changeUsd,
      change_pct: a.changePct,
    })),
    ...report.environments.map((e) => ({
      row: 'env',
      env: e.env ?? 'unknown',
      ...common,
      cost_usd: e.cost,
      monthly_usd: e.monthly,
      baseline_monthly_usd: e.baselineMonthly,
      change_usd: e.changeUsd,
      change_pct: e.changePct,
      target_pct: e.targetPct,
      result: e.status,
    })),
    {
      row: 'total',
      ...common,
      cost_usd: report.total.cost,
      monthly_usd: report.total.monthly,
      baseline_monthly_usd: report.total.baselineMonthly,
      change_usd: report.total.changeUsd,
      change_pct: report.total.changePct,
    },
  ];
  return [ORG_CSV_COLUMNS.join(','), ...rows.map((row) => ORG_CSV_COLUMNS.map((column) => cell(row[column])).join(','))].join('\n');
}
