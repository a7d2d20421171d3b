/** The organization's cost report as terminal tables (cli-table3), one per section; colour only when the caller says so. */
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import type { OrgCostReport } from '../cost/org-report.js';
import { orgCostRows } from './cost-org-rows.js';

export function renderOrgCostTable(report: OrgCostReport, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const model = orgCostRows(report);
  const parts = [chalk.bold(model.title)];
  for (const section of model.sections) {
    const table = new Table({
      head: section.header,
      colAligns: section.numeric.map((right) => (right ? 'right' : 'left')),
      style: { head: options.color ? ['bold'] : [], border: [] },
    });
    section.rows.forEach((row, index) => {
      const total = section.totalRow && index === section.rows.length - 1;
      table.push(
        row.map((cell, column) => {
          if (column === section.statusColumn && cell === 'PASS') return chalk.green(cell);
          if (column === section.statusColumn && cell === 'FAIL') return chalk.red.bold(cell);
          return total ? chalk.bold(cell) : cell;
        }),
      );
    });
    parts.push('', section.title, table.toString());
  }
  return [...parts, '', ...model.notes].join('\n');
}
