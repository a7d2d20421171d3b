/** `--format csv`: one row per finding, RFC 4180 quoting, values as JSON where they are structured. */
import type { AuditReport } from '../audit/types.js';
import type { JsonValue } from '../rules/types.js';
import { templateLocation } from './template-location.js';

/**
 * `account` is on every row, one account or many, so one reader handles both; later columns come last, so
 * positional readers of the older columns keep working. `template` ("template.yaml:253 (LogicalId)") is empty for a
 * resource no template declares; `stack` and `logicalId` are empty when no stack manages the resource.
 */
export const CSV_COLUMNS = ['rule', 'service', 'severity', 'env', 'region', 'resource', 'resourceName', 'current', 'target', 'monthlyDeltaUsd', 'fixable', 'message', 'account', 'template', 'stack', 'logicalId'] as const;

/** Quotes a field when it holds a comma, a quote, a line break or edge spaces; quotes are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function valueText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderCsv(report: AuditReport): string {
  const rows = report.findings.map((f) => [
    f.rule,
    f.service,
    f.severity,
    f.env,
    f.region ?? '',
    f.resource,
    f.resourceName,
    valueText(f.current),
    valueText(f.target),
    f.monthlyDeltaUsd === null ? '' : String(f.monthlyDeltaUsd),
    String(f.fixable),
    f.message,
    f.account ?? '',
    templateLocation(f) ?? '',
    f.stack?.name ?? '',
    f.stack?.logicalId ?? '',
  ]);
  // CSV has no summary: an incomplete read is one last row a reader (or a filter on `rule`) cannot miss.
  if (report.summary.servicesNotRead.length || report.accountsNotRead.length) rows.push(['(incomplete)', '', '', '', '', '', '', '', '', '', '', report.summary.headline, '', '', '', '']);
  for (const u of report.accountsNotRead) rows.push(['(account not read)', '', '', '', '', '', '', '', '', '', '', u.name ? `${u.name}: ${u.reason}` : u.reason, u.account, '', '', '']);
  return [[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
