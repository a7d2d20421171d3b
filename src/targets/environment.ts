/**
 * Environment names and the words that mean them. The list comes from the targets (the design's
 * environments, plus any a config file adds), so every function here takes it; the built-in list
 * is the default where no targets are at hand (parsing a saved plan, completion).
 *
 * How a resource's environment is read (tag, stack parameter, name, owner, --env) is
 * src/targets/environment-resolver.ts.
 */
import { nameWords } from './name-words.js';

/** An environment name: one of the targets' environments (dev, test, staging, prod, or one a config adds). */
export type Env = string;
/** An environment, or 'unknown' when nothing tells (no rule judges it then). */
export type ResolvedEnv = Env | 'unknown';

export interface EnvironmentDef {
  name: Env;
  /** Other words that mean it, in tags, stack parameters, names and --env (lower case). */
  aliases: string[];
}

/** The design's environments, in report order. `test` has the design's "most environments" targets (staging's). */
export const BUILTIN_ENVIRONMENTS: readonly EnvironmentDef[] = [
  { name: 'dev', aliases: ['develop', 'development'] },
  { name: 'test', aliases: ['qa', 'uat'] },
  { name: 'staging', aliases: ['stage', 'stg'] },
  { name: 'prod', aliases: ['prd', 'production'] },
];

/** The stack parameter names read as the environment when the config names none (case-insensitive). */
export const DEFAULT_ENVIRONMENT_PARAMETERS: readonly string[] = ['Environment', 'Env', 'Stage'];

/** The built-in environment names (completion and cost code that runs without targets). */
export const ENVIRONMENTS: readonly Env[] = BUILTIN_ENVIRONMENTS.map((e) => e.name);

/** Every word (name or alias, lower case) → the environment it means. */
export function envWords(environments: readonly EnvironmentDef[] = BUILTIN_ENVIRONMENTS): Map<string, Env> {
  const words = new Map<string, Env>();
  for (const env of environments) {
    for (const word of [env.name, ...env.aliases]) words.set(word.toLowerCase(), env.name);
  }
  return words;
}

export function normalizeEnv(value: string | undefined | null, environments: readonly EnvironmentDef[] = BUILTIN_ENVIRONMENTS): Env | undefined {
  if (!value) return undefined;
  return envWords(environments).get(value.trim().toLowerCase());
}

export function isEnv(value: string, environments: readonly EnvironmentDef[] = BUILTIN_ENVIRONMENTS): value is Env {
  return environments.some((e) => e.name === value);
}

/** CloudFormation's random suffix at the end of a name it generated (`…-GetPatientsFunction-1A2B3C4D5E6F`). */
const GENERATED_SUFFIX = /-[A-Z0-9]{12,13}$/;

/**
 * The words of a name that may say its environment: the name's words (name-words.ts: separators, PascalCase
 * and camelCase, acronyms kept whole) without CloudFormation's random suffix, which is no word of it
 * ("…-1X2Y3Z4W5DEV" never reads as dev). The stack name inside a generated name stays: it may say the environment.
 */
export function envNameWords(name: string): string[] {
  return nameWords(name.replace(GENERATED_SUFFIX, ''));
}

/** The environments whose words a name holds ("clinnet-patients-prod" → [prod]); several when the name is ambiguous. */
export function envsInName(name: string, environments: readonly EnvironmentDef[] = BUILTIN_ENVIRONMENTS): Env[] {
  const words = envWords(environments);
  const found: Env[] = [];
  for (const word of envNameWords(name)) {
    const env = words.get(word);
    if (env && !found.includes(env)) found.push(env);
  }
  return found;
}

/** The environment word in a name, e.g. "clinnet-patients-prod" → prod; none or two different ones → undefined. */
export function envFromName(name: string, environments: readonly EnvironmentDef[] = BUILTIN_ENVIRONMENTS): Env | undefined {
  const found = envsInName(name, environments);
  return found.length === 1 ? found[0] : undefined;
}

/** "dev, test, staging or prod": what --env accepts, for messages. */
export function envChoices(environments: readonly EnvironmentDef[] = BUILTIN_ENVIRONMENTS): string {
  const names = environments.map((e) => e.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}
