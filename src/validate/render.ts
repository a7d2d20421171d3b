/** The validate report as text: table (aligned columns), markdown, csv, json. Plain strings, no colour. */
import { incompleteHeadline } from '../inventory/completeness.js';
import { measuredText, targetText, type BenchmarkRow, type ValidationReport } from './benchmarks.js';

export const VALIDATE_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

const STATUS: Record<BenchmarkRow['status'], string> = { pass: 'PASS', fail: 'FAIL', 'no-data': 'NO DATA', 'not-applicable': 'n/a' };
const HEADERS = ['benchmark', 'target', 'measured', 'status', 'worst', 'detail'];
const accountCell = (b: BenchmarkRow): string => (b.accountName ? `${b.account ?? ''} (${b.accountName})` : b.account ?? '');
/** Several accounts: each row leads with its account. */
const severalAccounts = (report: ValidationReport): boolean => report.accounts.length > 1 || report.accountsNotRead.length > 0;
const headers = (report: ValidationReport): string[] => (severalAccounts(report) ? ['account', ...HEADERS] : HEADERS);
const cellsOf = (report: ValidationReport) => (b: BenchmarkRow): string[] => {
  const row = [b.benchmark, targetText(b), measuredText(b), STATUS[b.status], b.worst ?? '', b.detail];
  return severalAccounts(report) ? [accountCell(b), ...row] : row;
};

const notReadLines = (report: ValidationReport): string[] => report.accountsNotRead.map((u) => `account not read: ${u.account}${u.name ? ` (${u.name})` : ''}: ${u.reason}`);

function heading(report: ValidationReport): string {
  const scope = [report.account ? `account ${report.account}` : report.accounts.length > 1 ? `${report.accounts.length} accounts` : null, report.env ? `env ${report.env}` : 'all environments', report.windowDays ? `metrics over ${report.windowDays} days` : 'no CloudWatch window'].filter(Boolean);
  return `Performance benchmarks (${scope.join(', ')})`;
}

function verdict(report: ValidationReport): string {
  const s = report.summary;
  const counts = `${s.pass} pass, ${s.fail} fail, ${s['no-data']} no data, ${s['not-applicable']} not applicable`;
  const incomplete = incompleteHeadline(report.servicesNotRead, report.accountsNotRead.map((u) => u.account));
  if (incomplete) return `${incomplete[0].toUpperCase()}${incomplete.slice(1)}: benchmarks cover only what was read (${counts}).`;
  return report.ok ? `All benchmarks met (${counts}).` : `Benchmarks not met (${counts}): "no data" is not a pass.`;
}

function table(report: ValidationReport): string {
  const head = headers(report);
  const rows = [head, ...report.benchmarks.map(cellsOf(report))];
  // The detail column is last and left unpadded: it is long and wraps on its own.
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const gaps = report.metricGaps.map((g) => `metrics gap: ${g}`);
  return [heading(report), '', line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line), '', verdict(report), ...notReadLines(report), ...gaps].join('\n');
}

const mdCell = (text: string): string => text.replace(/\|/g, '\\|');

function markdown(report: ValidationReport): string {
  const head = headers(report);
  const rows = report.benchmarks.map((b) => `| ${cellsOf(report)(b).map(mdCell).join(' | ')} |`);
  return [
    `## ${heading(report)}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows,
    '',
    verdict(report),
    ...notReadLines(report).map((l) => `- ${l}`),
    ...report.metricGaps.map((g) => `- metrics gap: ${g}`),
  ].join('\n');
}

const csvCell = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function csv(report: ValidationReport): string {
  // The account column is always there (last: positional readers of the older columns keep working).
  const header = ['id', 'benchmark', 'threshold', 'unit', 'comparison', 'measured', 'status', 'worst', 'detail', 'account'];
  const rows = report.benchmarks.map((b) => [b.id, b.benchmark, String(b.threshold), b.unit, b.comparison, b.measured === null ? '' : String(b.measured), b.status, b.worst ?? '', b.detail, b.account ?? '']);
  // CSV has no summary: an incomplete read is one last row that cannot be missed.
  const incomplete = incompleteHeadline(report.servicesNotRead, report.accountsNotRead.map((u) => u.account));
  if (incomplete) rows.push(['(incomplete)', incomplete, '', '', '', '', '', '', '', '']);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n');
}

export function renderValidation(report: ValidationReport, format: ValidateFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  if (format === 'markdown') return markdown(report);
  if (format === 'csv') return csv(report);
  return table(report);
}
