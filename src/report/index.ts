/** The audit's output formats. */
import type { AuditReport } from '../audit/types.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export const REPORT_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: AuditReport, format: ReportFormat, options: { color: boolean; width?: number }): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'table':
      return renderTable(report, options);
  }
}

/** Colour only when writing to a terminal, and never with NO_COLOR (any value) or FORCE_COLOR=0. */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  return Boolean(stream.isTTY);
}
