/**
 * Which tier a function is, from what it is called: its physical name and its logical ID (the stack's,
 * or the template's under audit --template), matched against the tier patterns (lambdaTierPatterns).
 *
 * A pattern is a case-insensitive glob (`*` any run of characters, `?` one). It matches a name when
 * - it matches the whole name (`clinnet-reports-*`), or
 * - its words match a run of consecutive words of the name, word by word (see name-words.ts): `report*`
 *   matches the word `Reports` of `GetPatientReportsFunction`, `check-in` the words check, in of
 *   `CheckInPatientFunction`, `ai` the word `AI` of `SummarizeNoteAIFunction` but not `maintenance`; a `*`
 *   between words stands for one word (`check-*-connectivity`), and a lone `*` at either end is dropped
 *   (`*-ai-*` is the word `ai`). `*report*` matches any word that holds "report" (`medicalreports`).
 * For a physical name CloudFormation generated (`<stack>-<LogicalId>-<suffix>`), the name matched is its
 * logical-ID part: the stack name and the random suffix are not words of the function.
 *
 * The tier whose best pattern matches the most words wins (`check-in`, high-frequency, beats `check`,
 * low-frequency); on a tie the order is LAMBDA_TIER_ORDER (data-intensive, low-frequency, high-frequency).
 */
import type { LambdaTier, TargetProfile } from './design.js';
import { LAMBDA_TIER_ORDER } from './design.js';
import { globToRegExp } from './glob.js';
import { nameWords, ownName, patternWords } from './name-words.js';

/** What a function is called: its physical name, and the logical IDs a stack or a template gives it. */
export interface NamedFunction {
  name: string;
  stack?: { logicalId: string } | undefined;
  template?: { logicalId: string } | undefined;
}

interface Candidate {
  /** How a message names it: `name "…"`, `logical ID "…"`. */
  shown: string;
  value: string;
  words: string[];
}

export interface TierMatch {
  tier: LambdaTier;
  pattern: string;
  /** Where it matched, e.g. `logical ID "CheckDatabaseConnectivityFunction"`. */
  matched: string;
}

export type TierResult = TierMatch | { tier: null; reason: string };

interface Compiled {
  whole: RegExp;
  words: RegExp[];
}

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  let c = compiled.get(pattern);
  if (!c) {
    c = { whole: globToRegExp(pattern), words: patternWords(pattern).map((w) => globToRegExp(w)) };
    compiled.set(pattern, c);
  }
  return c;
}

function candidates(fn: NamedFunction): Candidate[] {
  const own = ownName(fn.name);
  const shown = own === fn.name ? `name "${fn.name}"` : `name "${fn.name}" (its logical-ID part "${own}")`;
  const out: Candidate[] = [{ shown, value: own, words: nameWords(own) }];
  for (const logicalId of [fn.stack?.logicalId, fn.template?.logicalId]) {
    if (logicalId && !out.some((c) => c.value === logicalId)) out.push({ shown: `logical ID "${logicalId}"`, value: logicalId, words: nameWords(logicalId) });
  }
  return out;
}

function wordsMatch(pattern: RegExp[], words: readonly string[]): boolean {
  if (pattern.length === 0) return false;
  for (let start = 0; start + pattern.length <= words.length; start++) {
    if (pattern.every((re, i) => re.test(words[start + i] ?? ''))) return true;
  }
  return false;
}

/** How many words a pattern names: a longer pattern is a more specific one. */
function specificity(pattern: string): number {
  return patternWords(pattern).length;
}

function describe(candidate: Candidate, how: 'whole' | 'words'): string {
  return how === 'whole' ? candidate.shown : `${candidate.shown} (words: ${candidate.words.join(', ') || 'none'})`;
}

function firstMatch(pattern: string, names: readonly Candidate[]): string | null {
  const { whole, words } = compile(pattern);
  for (const c of names) if (whole.test(c.value)) return describe(c, 'whole');
  for (const c of names) if (wordsMatch(words, c.words)) return describe(c, 'words');
  return null;
}

/** The tier of a function and the pattern that gave it, or why none did. */
export function matchTier(fn: NamedFunction, targets: TargetProfile): TierResult {
  const names = candidates(fn);
  let best: (TierMatch & { score: number }) | null = null;
  for (const tier of LAMBDA_TIER_ORDER) {
    for (const pattern of targets.lambdaTierPatterns[tier] ?? []) {
      const score = specificity(pattern);
      if (best && score <= best.score) continue;
      const matched = firstMatch(pattern, names);
      if (matched) best = { tier, pattern, matched, score };
    }
  }
  if (best) return { tier: best.tier, pattern: best.pattern, matched: best.matched };
  const seen = names.map((c) => describe(c, 'words')).join(' or ');
  return { tier: null, reason: `no tier pattern (lambdaTierPatterns) matches its ${seen}` };
}
