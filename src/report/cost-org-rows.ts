/**
 * The organization's cost report (`cost-report --org`) as sections of text cells and notes, shared by
 * the table and markdown renderers: each account's cost per environment with its target, then the
 * totals per account, then per environment and overall.
 */
import type { EnvFrom, OrgLine } from '../cost/org-costs.js';
import type { OrgCostReport } from '../cost/org-report.js';
import type { TargetStatus } from '../cost/targets.js';
import { pct } from './cost-rows.js';
import { signedUsd, usd } from './format.js';

export interface OrgSection {
  title: string;
  header: string[];
  rows: string[][];
  /** Index of the pass/fail column, for colour; -1 when there is none. */
  statusColumn: number;
  /** The last row is a total (shown bold). */
  totalRow: boolean;
  /** Right-aligned (money) columns. */
  numeric: boolean[];
}

export interface OrgCostRows {
  title: string;
  sections: OrgSection[];
  notes: string[];
}

const MINUS = '\u2212';

/** Money as billed: credits can make a cost negative. */
function money(value: number): string {
  return value < 0 ? `${MINUS}${usd(value)}` : usd(value);
}

const optionalMoney = (value: number | null): string => (value === null ? '—' : money(value));
const optionalChange = (value: number | null): string => (value === null ? '—' : signedUsd(value));
const targetText = (targetPct: number | null): string => (targetPct === null ? '—' : `${MINUS}${targetPct}%`);

function statusText(status: TargetStatus, targetPct: number | null, baselineMonthly: number | null, hasBaseline: boolean): string {
  if (status === 'pass') return 'PASS';
  if (status === 'fail') return 'FAIL';
  if (targetPct === null) return '';
  if (!hasBaseline) return 'no baseline';
  if (baselineMonthly === null) return 'not in the baseline';
  return 'n/a (no baseline cost)';
}

function envFromText(line: OrgLine, tagKey: string): string {
  const labels: Record<EnvFrom, string> = {
    'cost-tag': `tag ${tagKey}=${line.tagValues.join('|')}`,
    'account-tag': 'account tag',
    'account-name': 'account name',
  };
  return line.envFrom.length ? line.envFrom.map((from) => labels[from]).join(', ') : '—';
}

function periodText(period: { start: string; label: string }, days: number): string {
  return `${period.label} (${days} day${days === 1 ? '' : 's'} from ${period.start})`;
}

export function orgCostRows(report: OrgCostReport): OrgCostRows {
  const star = report.estimated ? '*' : '';
  const beforeStar = report.before?.estimated ? '*' : '';
  const partial = Math.abs(report.monthlyFactor - 1) > 1e-9;
  const hasBaseline = report.before !== null;
  const tagKey = report.environmentsFrom.costAllocationTag ?? report.environmentsFrom.tagKey;
  const scope = report.env ? `, ${report.env} only` : '';
  const title = `Cost report — organization ${report.organization.id} (management account ${report.organization.managementAccount})${scope}, ${report.metric}, ${periodText(report.period, report.days)}`;

  // The money columns every section shares: the cost, its full month, and the comparison with the baseline.
  const moneyHeader = [`Cost${star}`, ...(partial ? [`Full month${star}`] : []), ...(hasBaseline ? [`Baseline /mo${beforeStar}`, 'Change', 'Change %'] : [])];
  const moneyCells = (v: { cost: number; monthly: number; baselineMonthly: number | null; changeUsd: number | null; changePct: number | null }): string[] => [
    money(v.cost),
    ...(partial ? [money(v.monthly)] : []),
    ...(hasBaseline ? [optionalMoney(v.baselineMonthly), optionalChange(v.changeUsd), pct(v.changePct)] : []),
  ];
  const numeric = (lead: number, trailing: number): boolean[] => [...Array<boolean>(lead).fill(false), ...moneyHeader.map(() => true), ...Array<boolean>(trailing).fill(false)];

  const linesHeader = ['Account', 'Name', 'Env', 'Env from', ...moneyHeader, 'Target', 'Result'];
  const lines: OrgSection = {
    title: 'By account and environment',
    header: linesHeader,
    rows: report.lines.map((l) => [l.account, l.accountName, l.env ?? 'unknown', envFromText(l, tagKey), ...moneyCells(l), targetText(l.targetPct), statusText(l.status, l.targetPct, l.baselineMonthly, hasBaseline)]),
    statusColumn: linesHeader.length - 1,
    totalRow: false,
    numeric: numeric(4, 2),
  };
  const accounts: OrgSection = {
    title: 'Per account',
    header: ['Account', 'Name', 'Envs', ...moneyHeader],
    rows: report.accounts.map((a) => [a.account, a.accountName, a.envs.map((e) => e ?? 'unknown').join(', '), ...moneyCells(a)]),
    statusColumn: -1,
    totalRow: false,
    numeric: numeric(3, 0),
  };
  const envHeader = ['Environment', 'Accounts', ...moneyHeader, 'Target', 'Result'];
  const environments: OrgSection = {
    title: 'Per environment',
    header: envHeader,
    rows: [
      ...report.environments.map((e) => [e.env ?? 'unknown', String(e.accounts), ...moneyCells(e), targetText(e.targetPct), statusText(e.status, e.targetPct, e.baselineMonthly, hasBaseline)]),
      ['Total', String(report.accounts.length), ...moneyCells(report.total), '', ''],
    ],
    statusColumn: envHeader.length - 1,
    totalRow: true,
    numeric: numeric(2, 2),
  };

  const notes: string[] = [];
  notes.push(
    report.environmentsFrom.costAllocationTag
      ? `Environments: the cost allocation tag ${report.environmentsFrom.costAllocationTag} on the resources; costs without it take the account's (its ${report.environmentsFrom.tagKey} tag in Organizations, else its name)`
      : `Environments: each account's ${report.environmentsFrom.tagKey} tag in Organizations, else its name (${report.environmentsFrom.tagKey} is not an active cost allocation tag)`,
  );
  if (partial) notes.push(`Current: ${report.days} days scaled to a full month (×${report.monthlyFactor.toFixed(3)})`);
  if (report.before) {
    notes.push(`Baseline: ${periodText(report.before.period, report.before.days)} from ${report.before.file}`);
    notes.push(report.missed.length ? `Targets missed: ${report.missed.join(', ')}` : 'Every target checked is met');
  } else {
    notes.push('Targets are reductions against a baseline: save one with --org --save-baseline FILE, then compare a later period with --org --baseline FILE');
  }
  if (report.estimated || report.before?.estimated) notes.push('* estimated: Cost Explorer has not finalised these figures yet');
  const r = report.requests;
  notes.push(`Cost Explorer requests: ${r.costExplorer}${r.answeredFromCache ? ' (the costs answered from the cache)' : ''}`);
  if (report.savedBaseline) notes.push(`Baseline saved to ${report.savedBaseline}`);
  return { title, sections: [lines, accounts, environments], notes };
}
