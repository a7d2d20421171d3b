/**
 * A small unified diff of two texts, as `diff -u` and `git diff` print it: `--- a/FILE`, `+++ b/FILE`, hunks
 * `@@ -l,n +l,n @@` with 3 lines of context. Each hunk can be annotated by the caller (the finding, the money,
 * the reason): the annotation lines are printed above the hunk's `@@` line, never inside the file's text,
 * so `git apply` / `patch` skip them as garbage between hunks. Lines are split on \n (a \r stays on its line);
 * a missing newline at the end of a text is not marked (templates end with one). Pure.
 */

export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
  /** 1-based line in the old text (for ' ' and '-'), else null. */
  readonly oldLine: number | null;
  /** 1-based line in the new text (for ' ' and '+'), else null. */
  readonly newLine: number | null;
}

export interface DiffHunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
  readonly lines: readonly DiffLine[];
}

export interface UnifiedDiffOptions {
  /** Lines of context around each change (3). */
  readonly context?: number;
  /** Lines printed above a hunk (without their own newline), e.g. `# clinnet-opt: lambda/memory prod: 256 → 1024 MB (usage data needed)`. */
  readonly annotate?: (hunk: DiffHunk) => readonly string[];
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line of both texts in order: kept, removed, added (a longest common subsequence of lines). */
function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  // lcs[i][j]: length of the LCS of midA[i..] and midB[j..].
  const lcs: Uint32Array[] = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
  for (let i = midA.length - 1; i >= 0; i -= 1) {
    for (let j = midB.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  for (let k = 0; k < prefix; k += 1) out.push({ kind: ' ', text: a[k], oldLine: k + 1, newLine: k + 1 });
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      out.push({ kind: ' ', text: midA[i], oldLine: prefix + i + 1, newLine: prefix + j + 1 });
      i += 1;
      j += 1;
    } else if (j < midB.length && (i === midA.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push({ kind: '+', text: midB[j], oldLine: null, newLine: prefix + j + 1 });
      j += 1;
    } else {
      out.push({ kind: '-', text: midA[i], oldLine: prefix + i + 1, newLine: null });
      i += 1;
    }
  }
  // Within a change, removed lines first, as diff -u prints them.
  for (let k = 0; k < suffix; k += 1) {
    out.push({ kind: ' ', text: a[a.length - suffix + k], oldLine: a.length - suffix + k + 1, newLine: b.length - suffix + k + 1 });
  }
  return reorderChanges(out);
}

function reorderChanges(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k].kind === ' ') {
      out.push(lines[k]);
      k += 1;
      continue;
    }
    const run: DiffLine[] = [];
    while (k < lines.length && lines[k].kind !== ' ') run.push(lines[k++]);
    out.push(...run.filter((line) => line.kind === '-'), ...run.filter((line) => line.kind === '+'));
  }
  return out;
}

/** The hunks of old → new: changes with `context` lines around them, changes closer than 2×context in one hunk. */
export function diffHunks(oldText: string, newText: string, context = 3): DiffHunk[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const lines = diffLines(a, b);
  const changed = lines.flatMap((line, index) => (line.kind === ' ' ? [] : [index]));
  const hunks: DiffHunk[] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1] - changed[end] <= 2 * context) end += 1;
    const from = Math.max(0, changed[start] - context);
    const to = Math.min(lines.length, changed[end] + context + 1);
    const slice = lines.slice(from, to);
    const oldCount = slice.filter((line) => line.kind !== '+').length;
    const newCount = slice.filter((line) => line.kind !== '-').length;
    // The line before the hunk, when a side has no line in it (diff -u numbers an empty side by the line before).
    const oldBefore = lines.slice(0, from).filter((line) => line.kind !== '+').length;
    const newBefore = lines.slice(0, from).filter((line) => line.kind !== '-').length;
    hunks.push({ oldStart: oldCount === 0 ? oldBefore : oldBefore + 1, oldCount, newStart: newCount === 0 ? newBefore : newBefore + 1, newCount, lines: slice });
    start = end + 1;
  }
  return hunks;
}

/** The unified diff of old → new ('' when they are the same text). */
export function unifiedDiff(oldText: string, newText: string, file: string, options: UnifiedDiffOptions = {}): string {
  if (oldText === newText) return '';
  const hunks = diffHunks(oldText, newText, options.context ?? 3);
  const out = [`--- a/${file}`, `+++ b/${file}`];
  for (const hunk of hunks) {
    out.push(...(options.annotate?.(hunk) ?? []));
    out.push(`@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@`);
    for (const line of hunk.lines) out.push(`${line.kind}${line.text}`);
  }
  return `${out.join('\n')}\n`;
}
