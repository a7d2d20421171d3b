/**
 * Boxed tables that fit a width: columns shrink (widest first) until the table fits, text wraps
 * inside cells at word boundaries (wrap.ts), and colour is painted on each wrapped line, so the
 * width counts only what a reader sees. Linear in rows, unlike laying out thousands of rows with
 * cli-table3; the frame is cli-table3's compact style (small tables still use cli-table3 itself,
 * see fitted-table.ts, and a test keeps the two alike).
 */
import { longestPiece, widestLine, wrapText } from './wrap.js';

/** A cell: plain text, and how to colour each of its lines. */
export interface GridCell {
  text: string;
  paint?: (line: string) => string;
}

export type GridInput = string | GridCell;

const cellOf = (input: GridInput): GridCell => (typeof input === 'string' ? { text: input } : input);

/** Border and padding: "│ " before each column, " " after, and the closing "│". */
export const frameWidth = (columns: number): number => columns * 3 + 1;

/**
 * Column widths that fit `total`: the content's natural widths, narrowed first where only a header
 * is wider than the column's cells (the header wraps), then the column with the most room first
 * down to each column's longest unbreakable piece, and below that only when nothing else fits.
 */
export function fitColumns(natural: readonly number[], minimum: readonly number[], total: number, body: readonly number[] = natural): number[] {
  const widths = natural.map((n) => Math.max(1, n));
  const available = total - frameWidth(widths.length);
  let excess = widths.reduce((a, b) => a + b, 0) - available;
  const headerOnly = widths.map((w, i) => Math.min(w, Math.max(minimum[i], body[i])));
  for (const floor of [headerOnly, minimum, widths.map(() => 1)]) {
    while (excess > 0) {
      // The column with the most room above its floor gives way first (a long text column before
      // a short one that would wrap every row), down to the next-most room, one at a time on ties.
      let most = -1;
      for (let i = 0; i < widths.length; i++) if (widths[i] > floor[i] && (most < 0 || widths[i] - floor[i] > widths[most] - floor[most])) most = i;
      if (most < 0) break;
      const next = Math.max(0, ...widths.map((w, i) => (i === most ? 0 : w - floor[i])));
      const step = Math.max(1, Math.min(excess, widths[most] - floor[most] - next));
      widths[most] -= step;
      excess -= step;
    }
  }
  return widths;
}

function rule(widths: readonly number[], left: string, middle: string, right: string): string {
  return `${left}${widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
}

function rowLines(cells: readonly GridCell[], widths: readonly number[]): string[] {
  // Most rows fit on one line: no wrapping arrays for them.
  if (cells.every((cell, i) => cell.text.length <= widths[i] && !cell.text.includes('\n'))) {
    return [`│ ${cells.map((cell, i) => (cell.paint && cell.text ? cell.paint(cell.text) : cell.text) + ' '.repeat(widths[i] - cell.text.length)).join(' │ ')} │`];
  }
  const wrapped = cells.map((cell, i) => wrapText(cell.text, widths[i]));
  const height = Math.max(...wrapped.map((lines) => lines.length));
  const out: string[] = [];
  for (let line = 0; line < height; line++) {
    const parts = cells.map((cell, i) => {
      const text = wrapped[i][line] ?? '';
      const shown = text && cell.paint ? cell.paint(text) : text;
      return ` ${shown}${' '.repeat(Math.max(0, widths[i] - text.length))} `;
    });
    out.push(`│${parts.join('│')}│`);
  }
  return out;
}

export interface GridOptions {
  /** The widest a line may be, frame included. */
  width: number;
  /** Paints header text (bold); plain when absent. */
  headPaint?: (line: string) => string;
}

/** Widths for a header and rows within `width`. */
export function gridWidths(head: readonly string[], rows: readonly GridInput[][], width: number): number[] {
  const body = head.map(() => 0);
  const minimum = head.map((h) => longestPiece(h));
  for (const row of rows) {
    row.forEach((input, i) => {
      const text = cellOf(input).text;
      body[i] = Math.max(body[i], widestLine(text));
      minimum[i] = Math.max(minimum[i], longestPiece(text));
    });
  }
  const natural = head.map((h, i) => Math.max(widestLine(h), body[i]));
  return fitColumns(natural, minimum, width, body);
}

export function renderGrid(head: readonly string[], rows: readonly GridInput[][], options: GridOptions): string {
  const widths = gridWidths(head, rows, options.width);
  const lines = [
    rule(widths, '┌', '┬', '┐'),
    ...rowLines(head.map((text) => ({ text, paint: options.headPaint })), widths),
    rule(widths, '├', '┼', '┤'),
  ];
  for (const row of rows) lines.push(...rowLines(row.map(cellOf), widths));
  lines.push(rule(widths, '└', '┴', '┘'));
  return lines.join('\n');
}
