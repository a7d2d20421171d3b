/** The organization's cost report as GitHub-flavoured markdown: one table per section. */
import type { OrgCostReport } from '../cost/org-report.js';
import { orgCostRows } from './cost-org-rows.js';

const escape = (cell: string): string => cell.replace(/\|/g, '\\|');

export function renderOrgCostMarkdown(report: OrgCostReport): string {
  const model = orgCostRows(report);
  const lines = [`## ${model.title}`];
  for (const section of model.sections) {
    lines.push(
      '',
      `### ${section.title}`,
      '',
      `| ${section.header.map(escape).join(' | ')} |`,
      `| ${section.numeric.map((right) => (right ? '---:' : '---')).join(' | ')} |`,
      ...section.rows.map((row, index) => {
        const cells = row.map(escape);
        const total = section.totalRow && index === section.rows.length - 1;
        return `| ${(total ? cells.map((c) => (c ? `**${c}**` : c)) : cells).join(' | ')} |`;
      }),
    );
  }
  // A leading * would read as a nested list item.
  lines.push('', ...model.notes.map((note) => `- ${note.replace(/^\*/, '\\*')}`));
  return lines.join('\n');
}
