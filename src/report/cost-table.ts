/** The cost report as a terminal table (cli-table3); colour only when the caller says so. */
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import type { CostReport } from '../cost/report.js';
import { costRows } from './cost-rows.js';

export function renderCostTable(report: CostReport, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const model = costRows(report);
  const table = new Table({ head: model.header, style: { head: options.color ? ['bold'] : [], border: [] } });
  model.rows.forEach((row, index) => {
    const cells = row.map((cell, column) => {
      if (column === model.statusColumn && cell === 'PASS') return chalk.green(cell);
      if (column === model.statusColumn && cell === 'FAIL') return chalk.red.bold(cell);
      return index === model.rows.length - 1 ? chalk.bold(cell) : cell;
    });
    table.push(cells);
  });
  return [chalk.bold(model.title), table.toString(), ...model.notes].join('\n');
}
