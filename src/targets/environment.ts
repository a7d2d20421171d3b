/**
 * Which environment a resource belongs to: its environment tag, else an environment word in its
 * name, else the --env the user gave (the account is that environment), else unknown. Never guessed.
 */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Env = (typeof ENVIRONMENTS)[number];
export type ResolvedEnv = Env | 'unknown';

const ALIASES: Record<string, Env> = {
  dev: 'dev',
  develop: 'dev',
  development: 'dev',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  prod: 'prod',
  prd: 'prod',
  production: 'prod',
};

export function normalizeEnv(value: string | undefined | null): Env | undefined {
  if (!value) return undefined;
  return ALIASES[value.trim().toLowerCase()];
}

export function isEnv(value: string): value is Env {
  return (ENVIRONMENTS as readonly string[]).includes(value);
}

/** The environment words in a name, e.g. "clinnet-patients-prod" → prod; two different words → undefined. */
export function envFromName(name: string): Env | undefined {
  const found = new Set<Env>();
  for (const token of name.toLowerCase().split(/[^a-z0-9]+/)) {
    const env = ALIASES[token];
    if (env) found.add(env);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

export interface EnvSource {
  env: ResolvedEnv;
  /** How it was told: 'tag', 'name', 'flag' or 'none'. */
  from: 'tag' | 'name' | 'flag' | 'none';
}

export function resolveEnv(
  resource: { name: string; tags?: Record<string, string> },
  options: { tagKey: string; flagEnv?: Env },
): EnvSource {
  const tags = resource.tags ?? {};
  const tagValue = Object.entries(tags).find(([key]) => key.toLowerCase() === options.tagKey.toLowerCase())?.[1];
  const fromTag = normalizeEnv(tagValue);
  if (fromTag) return { env: fromTag, from: 'tag' };
  const fromName = envFromName(resource.name);
  if (fromName) return { env: fromName, from: 'name' };
  if (options.flagEnv) return { env: options.flagEnv, from: 'flag' };
  return { env: 'unknown', from: 'none' };
}
