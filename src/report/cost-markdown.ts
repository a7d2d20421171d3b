/** The cost report as GitHub-flavoured markdown. */
import type { CostReport } from '../cost/report.js';
import { costRows } from './cost-rows.js';

const escape = (cell: string): string => cell.replace(/\|/g, '\\|');

export function renderCostMarkdown(report: CostReport): string {
  const model = costRows(report);
  const numeric = model.header.map((_, i) => i > 0 && i !== model.statusColumn);
  const lines = [
    `## ${model.title}`,
    '',
    `| ${model.header.map(escape).join(' | ')} |`,
    `| ${numeric.map((right) => (right ? '---:' : '---')).join(' | ')} |`,
    ...model.rows.map((row, index) => {
      const cells = row.map(escape);
      return `| ${(index === model.rows.length - 1 ? cells.map((c) => (c ? `**${c}**` : c)) : cells).join(' | ')} |`;
    }),
    '',
    // A leading * would read as a nested list item.
    ...model.notes.map((note) => `- ${note.replace(/^\*/, '\\*')}`),
  ];
  return lines.join('\n');
}
