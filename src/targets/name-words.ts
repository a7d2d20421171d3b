/**
 * The words of a resource name, for patterns that match on word boundaries: `CheckDatabaseConnectivityFunction`
 * is check, database, connectivity, function; `get-patients_v2` is get, patients, v2. Names split at every
 * character that is not a letter or a digit, and inside PascalCase and camelCase at each capital that starts a
 * word (an acronym stays one word: `SummarizeNoteAIFunction` is summarize, note, ai, function). Digits stay with
 * the letters before them (`S3Upload` is s3, upload).
 */

/** A capital run not followed by a lowercase letter (an acronym), a capitalised or lowercase word, or a number. */
const NAME_WORD = /[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z]+[0-9]*|[0-9]+/g;
/** The same over a pattern, where `*` and `?` are part of the word they touch. */
const PATTERN_WORD = /[A-Z]+(?![a-z])[0-9*?]*|[A-Z]?[a-z*?]+[0-9*?]*|[0-9*?]+/g;

/** CloudFormation's random suffix on a name it generates: 12 or 13 capital letters and digits. */
const GENERATED_SUFFIX = /^[A-Z0-9]{12,13}$/;
/** A logical ID: letters and digits only, starting with a letter. */
const LOGICAL_ID = /^[A-Za-z][A-Za-z0-9]*$/;

function split(text: string, word: RegExp, separators: RegExp): string[] {
  return text
    .split(separators)
    .flatMap((part) => part.match(word) ?? [])
    .map((w) => w.toLowerCase());
}

/** The words of a name, lowercased, in order. */
export function nameWords(name: string): string[] {
  return split(name, NAME_WORD, /[^A-Za-z0-9]+/);
}

/**
 * The words of a pattern, lowercased, each a glob over one word (`report*` is one word, `check-in` two).
 * A lone `*` at either end is dropped: `*-ai-*` is the one word `ai`.
 */
export function patternWords(pattern: string): string[] {
  const words = split(pattern, PATTERN_WORD, /[^A-Za-z0-9*?]+/);
  while (words[0] === '*') words.shift();
  while (words.at(-1) === '*') words.pop();
  return words;
}

/**
 * The part of a physical name that names the resource itself. A name CloudFormation generated
 * (`<stack name>-<logical ID>-<random suffix>`, e.g. `clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F`)
 * names it by its logical ID: the stack name is every sibling's, and the suffix is random, so neither is a word
 * of it. Any other name is kept whole.
 */
export function ownName(physicalName: string): string {
  const segments = physicalName.split('-');
  if (segments.length < 3) return physicalName;
  const suffix = segments[segments.length - 1] ?? '';
  const logicalId = segments[segments.length - 2] ?? '';
  return GENERATED_SUFFIX.test(suffix) && LOGICAL_ID.test(logicalId) ? logicalId : physicalName;
}
