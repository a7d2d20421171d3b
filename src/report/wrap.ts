/**
 * Word wrapping for table cells and explanations: lines break at spaces, and inside a long
 * hyphenated, snake_case or path-like word after a "-", "_" or "/", never elsewhere unless one piece alone is wider
 * than the whole column. Text is plain (no ANSI codes): colour is applied after wrapping.
 */

const isSoft = (code: number): boolean => code === 45 /* - */ || code === 47 /* / */ || code === 95; /* _ */

/** The widest piece of a text that wrapping keeps whole: a column narrower than this cuts a word. */
export function longestPiece(text: string): number {
  // One pass, no allocation: tables measure every cell.
  let longest = 0;
  let current = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 10) {
      current = 0;
      continue;
    }
    current++;
    if (current > longest) longest = current;
    // A soft break ends a piece only when a non-break character follows it.
    if (isSoft(code) && i + 1 < text.length && !isSoft(text.charCodeAt(i + 1))) current = 0;
  }
  return longest;
}

/** The widest line of a text as written. */
export function widestLine(text: string): number {
  if (!text.includes('\n')) return text.length;
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, line.length);
  return widest;
}

/** A word cut after each "-", "_" or "/" that a non-break character follows. */
function piecesOf(word: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < word.length - 1; i++) {
    if (isSoft(word.charCodeAt(i)) && !isSoft(word.charCodeAt(i + 1))) {
      pieces.push(word.slice(from, i + 1));
      from = i + 1;
    }
  }
  pieces.push(word.slice(from));
  return pieces;
}

function wrapLine(line: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (!word) continue;
    const gap = current ? 1 : 0;
    if (current.length + gap + word.length <= width) {
      current = gap ? `${current} ${word}` : word;
      continue;
    }
    // A word that fits on the next line whole goes there rather than being broken.
    if (word.length <= width) {
      out.push(current);
      current = word;
      continue;
    }
    piecesOf(word).forEach((piece, index) => {
      const spaced = index === 0 && current.length > 0;
      if (current.length + (spaced ? 1 : 0) + piece.length <= width) {
        current = spaced ? `${current} ${piece}` : current + piece;
        return;
      }
      if (current) out.push(current);
      let rest = piece;
      // Only a piece wider than the whole column is cut.
      while (rest.length > width) {
        out.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      current = rest;
    });
  }
  out.push(current);
  return out;
}

/** The text in lines of at most `width` characters. */
export function wrapText(text: string, width: number): string[] {
  const size = Math.max(1, width);
  if (text.length <= size && !text.includes('\n')) return [text];
  return text.split('\n').flatMap((line) => (line.length <= size ? [line] : wrapLine(line, size)));
}
