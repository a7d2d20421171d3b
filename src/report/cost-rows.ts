/** The cost report as rows of text cells and notes, shared by the table and markdown renderers. */
import { CATEGORY_IDS, CATEGORY_LABELS } from '../cost/categories.js';
import type { CostReport } from '../cost/report.js';
import type { ComparisonRow } from '../cost/targets.js';
import { signedUsd, usd } from './format.js';

export interface CostRows {
  title: string;
  header: string[];
  rows: string[][];
  /** Index of the pass/fail column, for colour; -1 when there is none. */
  statusColumn: number;
  notes: string[];
}

const MINUS = '\u2212';

export function pct(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '0.0%';
  return `${value > 0 ? '+' : MINUS}${Math.abs(value).toFixed(1)}%`;
}

function optionalUsd(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : signedUsd(value);
}

function statusText(row: ComparisonRow): string {
  if (row.status === 'n/a') return row.targetPct !== null && row.changePct === null ? 'n/a (no baseline cost)' : '';
  return row.status === 'pass' ? 'PASS' : 'FAIL';
}

function periodText(period: { start: string; end: string; label: string }, days: number): string {
  return `${period.label} (${days} day${days === 1 ? '' : 's'} from ${period.start})`;
}

export function costRows(report: CostReport): CostRows {
  const current = report.current;
  const star = current.estimated ? '*' : '';
  const scope = report.env ? `${report.env} (tag ${report.tag?.key}=${report.tag?.values.join('|')})` : 'whole account';
  const title = `Cost report — ${scope}, ${current.metric}, ${periodText(current.period, current.days)}`;
  const notes: string[] = [];
  const comparison = report.comparison;
  const hasEstimate = report.estimates !== null;
  const hasJournal = report.journal !== null;
  let header: string[];
  let rows: string[][];
  let statusColumn = -1;
  if (comparison && report.before) {
    const beforeStar = report.before.estimated ? '*' : '';
    header = [
      'Category',
      `${report.before.source === 'baseline' ? 'Baseline' : 'Before'} /mo${beforeStar}`,
      `Current /mo${star}`,
      'Change',
      'Change %',
      'Target',
      'Result',
    ];
    if (hasEstimate) header.push('Audit estimate /mo');
    if (hasJournal) header.push('Predicted by fix /mo');
    statusColumn = 6;
    rows = [...comparison.rows, comparison.total].map((row) => {
      const cells = [row.label, usd(row.baselineMonthly), usd(row.currentMonthly), signedUsd(row.changeUsd), pct(row.changePct), row.targetPct === null ? '—' : `${MINUS}${row.targetPct}%`, statusText(row)];
      if (hasEstimate) cells.push(optionalUsd(row.estimatedUsd));
      if (hasJournal) cells.push(optionalUsd(row.predictedUsd));
      return cells;
    });
    notes.push(`${report.before.source === 'baseline' ? 'Baseline' : 'Before'}: ${periodText(report.before.period, report.before.days)}${report.before.source === 'baseline' ? ` from ${report.before.file}` : ''}`);
    if (report.journal) notes.push(`Journal ${report.journal.file}: ${report.journal.applied} change(s) applied at ${report.journal.appliedAt}; the apply day is left out of both windows`);
    for (const side of [report.before, current]) {
      if (Math.abs(side.monthlyFactor - 1) > 1e-9) notes.push(`${side === current ? 'Current' : 'Before'}: ${side.days} days scaled to a full month (×${side.monthlyFactor.toFixed(3)}) before comparing`);
    }
    const roi = comparison.roi;
    const rate = `${roi.implementationHours} h × ${usd(roi.hourlyRateUsd)}/h${roi.rateAssumed ? ' (assumed rate: set cost.roi.hourlyRateUsd)' : ''}`;
    notes.push(
      roi.paybackMonths === null
        ? `ROI: ${rate} = ${usd(roi.implementationCostUsd)}; no monthly saving yet, so no payback`
        : `ROI: ${rate} = ${usd(roi.implementationCostUsd)}; saving ${usd(roi.monthlySavingUsd)}/month (${usd(roi.annualSavingUsd)}/year) → payback in ${roi.paybackMonths} month(s)`,
    );
    notes.push(comparison.missed.length ? `Targets missed: ${comparison.missed.join(', ')}` : 'Every target checked is met');
  } else {
    const partial = Math.abs(current.monthlyFactor - 1) > 1e-9;
    header = ['Category', `Cost${star}`];
    if (partial) header.push(`Full-month equivalent${star}`);
    if (hasEstimate) header.push('Audit estimate /mo');
    rows = CATEGORY_IDS.map((id) => {
      const cells = [CATEGORY_LABELS[id], usd(current.categories[id])];
      if (partial) cells.push(usd(report.currentMonthly[id]));
      if (hasEstimate) cells.push(optionalUsd(report.estimates?.[id]));
      return cells;
    });
    const totalCells = ['Total', usd(current.total)];
    if (partial) totalCells.push(usd(CATEGORY_IDS.reduce((t, id) => t + report.currentMonthly[id], 0)));
    if (hasEstimate) totalCells.push(optionalUsd(CATEGORY_IDS.reduce<number | null>((t, id) => (report.estimates?.[id] == null ? t : (t ?? 0) + (report.estimates[id] ?? 0)), null)));
    rows.push(totalCells);
    if (partial) notes.push(`${current.days} days scaled to a full month (×${current.monthlyFactor.toFixed(3)})`);
  }
  if (current.estimated || report.before?.estimated) notes.push('* estimated: Cost Explorer has not finalised these figures yet');
  if (report.estimateFile) notes.push(`Audit estimates from ${report.estimateFile} (signed: − saves)`);
  const r = report.requests;
  notes.push(`Cost Explorer requests: ${r.costExplorer}${r.answeredFromCache ? ' (answered from the cache)' : ''}${r.putMetricData ? `; PutMetricData requests: ${r.putMetricData}` : ''}`);
  if (report.savedBaseline) notes.push(`Baseline saved to ${report.savedBaseline}`);
  return { title, header, rows, statusColumn, notes };
}
