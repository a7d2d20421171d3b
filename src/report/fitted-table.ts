/**
 * A small table (a handful of rows) through cli-table3, with column widths that fit the output
 * width (grid.ts chooses them) and cli-table3's own word wrapping. Large tables use renderGrid,
 * whose frame and widths are the same.
 */
import Table from 'cli-table3';
import { gridWidths, type GridInput } from './grid.js';

export interface FittedTableOptions {
  width: number;
  headPaint?: (text: string) => string;
}

const textOf = (input: GridInput): string => (typeof input === 'string' ? input : input.text);
const shownOf = (input: GridInput): string => (typeof input === 'string' ? input : input.paint ? input.paint(input.text) : input.text);

export function renderFittedTable(head: readonly string[], rows: readonly GridInput[][], options: FittedTableOptions): string {
  const widths = gridWidths(head, rows.map((row) => row.map(textOf)), options.width);
  const table = new Table({
    head: head.map((h) => (options.headPaint ? options.headPaint(h) : h)),
    colWidths: widths.map((w) => w + 2),
    wordWrap: true,
    wrapOnWordBoundary: true,
    // cli-table3 colours headers and borders itself unless told not to; compact: no rule between rows.
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push(row.map(shownOf));
  return table.toString();
}
