/**
 * Whether an environment variable's NAME says it holds a secret (its value is never read). Names are
 * split into words on snake, kebab, dot and camel/PascalCase boundaries (DB_PASSWORD, dbPassword,
 * DBPassword, api-token), and a word says secret when it is, or ends in, password, secret or token
 * (DBPASSWORD, CLIENTSECRET, ACCESSTOKEN count too), or is pwd, passwd or passphrase; "api key" and
 * "private key" (as two words or one) count as well.
 *
 * Not secrets: a word that merely starts with one (TOKENIZER_MODE), plurals used as settings
 * (MAX_TOKENS), and names whose words after the last secret word say they point at, or configure, a
 * secret rather than hold it (DB_SECRET_ARN, SECRET_NAME, TOKEN_URL, TOKEN_TTL, PASSWORD_MIN_LENGTH):
 * those are the run-time read this rule recommends.
 */

const REFERENCE_OR_SETTING = new Set([
  'arn', 'name', 'id', 'path', 'param', 'parameter', 'ref', 'uri', 'url', 'endpoint', 'file', 'location', 'region', 'version', 'stage',
  'ttl', 'expiry', 'expiration', 'expires', 'length', 'header', 'type', 'mode', 'policy', 'enabled', 'seconds', 'minutes', 'hours', 'days',
]);

const EXACT = new Set(['pwd', 'passwd', 'passphrase', 'apikey', 'privatekey']);
const SUFFIXES = ['password', 'secret', 'token'];

/** The words of a variable name, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

function secretWordAt(words: readonly string[], index: number): string | null {
  const word = words[index];
  if (EXACT.has(word)) return word === 'apikey' ? 'api key' : word === 'privatekey' ? 'private key' : word;
  const suffix = SUFFIXES.find((s) => word.endsWith(s));
  if (suffix) return suffix;
  if (word === 'key' && (words[index - 1] === 'api' || words[index - 1] === 'private')) return `${words[index - 1]} key`;
  return null;
}

/** The secret word the name says ('password', 'secret', 'token', 'api key', …), or null when it says none. */
export function secretWordOf(name: string): string | null {
  const words = nameWords(name);
  for (let index = words.length - 1; index >= 0; index--) {
    const said = secretWordAt(words, index);
    if (said) return words.slice(index + 1).some((word) => REFERENCE_OR_SETTING.has(word)) ? null : said;
  }
  return null;
}
