/**
 * Word wrapping for table cells and explanations: lines break at spaces, and inside a long
 * hyphenated, snake_case or path-like word after a "-", "_" or "/", never elsewhere unless one piece alone is wider
 * than the whole column. Text is plain (no ANSI codes): colour is applied after wrapping.
 */

/** A piece that cannot be broken, and whether a space stood before it. */
interface Piece {
  text: string;
  spaced: boolean;
}

const SOFT_BREAK = /(?<=[-/_])(?=[^-/_])/;

/** The words of a line, each cut after its hyphens and slashes. */
function wordsOf(line: string): Piece[][] {
  return line
    .split(' ')
    .filter((word) => word.length > 0)
    .map((word) => word.split(SOFT_BREAK).map((text, i) => ({ text, spaced: i === 0 })));
}

/** The widest piece of a text that wrapping keeps whole: a column narrower than this cuts a word. */
export function longestPiece(text: string): number {
  let longest = 0;
  for (const line of text.split('\n')) for (const word of wordsOf(line)) for (const piece of word) longest = Math.max(longest, piece.text.length);
  return longest;
}

/** The widest line of a text as written. */
export function widestLine(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, line.length);
  return widest;
}

function chop(text: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

function wrapLine(line: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  const place = (piece: Piece): void => {
    const gap = current && piece.spaced ? 1 : 0;
    if (current.length + gap + piece.text.length <= width) {
      current += (gap ? ' ' : '') + piece.text;
      return;
    }
    if (current) out.push(current);
    current = '';
    if (piece.text.length <= width) {
      current = piece.text;
      return;
    }
    const parts = chop(piece.text, width);
    out.push(...parts.slice(0, -1));
    current = parts[parts.length - 1];
  };
  for (const word of wordsOf(line)) {
    const whole = word.map((piece) => piece.text).join('');
    const gap = current ? 1 : 0;
    // A word that fits on the next line whole goes there rather than being broken.
    if (current && current.length + gap + whole.length > width && whole.length <= width) {
      out.push(current);
      current = whole;
      continue;
    }
    for (const piece of word) place(piece);
  }
  out.push(current);
  return out;
}

/** The text in lines of at most `width` characters. */
export function wrapText(text: string, width: number): string[] {
  const size = Math.max(1, width);
  return text.split('\n').flatMap((line) => (line.length <= size ? [line] : wrapLine(line, size)));
}
