/** The environment tag filter: the audit's tag key, and the tag values that mean each environment. */
import { ENVIRONMENTS, normalizeEnv, type Env } from '../targets/environment.js';
import type { CostConfig } from './config-schema.js';

/** The spellings the audit reads as each environment (src/targets/environment.ts); exact, as Cost Explorer matches. */
export const DEFAULT_ENV_TAG_VALUES: Record<Env, string[]> = {
  dev: ['dev', 'develop', 'development'],
  test: ['test', 'qa', 'uat'],
  staging: ['staging', 'stage', 'stg'],
  prod: ['prod', 'prd', 'production'],
};

export function envTagValues(env: Env, config: CostConfig | undefined): string[] {
  const configured: Partial<Record<Env, string[]>> | undefined = config?.environmentTagValues;
  return configured?.[env] ?? DEFAULT_ENV_TAG_VALUES[env] ?? [env];
}

export function tagNotActivatedMessage(tagKey: string, env: Env, values: string[]): string {
  return `Cost Explorer returned no costs tagged ${tagKey}=${values.join('|')} (--env ${env}): activate "${tagKey}" as a cost allocation tag (Billing and Cost Management → Cost allocation tags → Activate); costs are tagged only from activation on, up to 24 hours later`;
}

/**
 * The environment a cost allocation tag value means: a value listed for it (cost.environmentTagValues
 * or the defaults), else the audit's reading of the word (src/targets/environment.ts), else none.
 */
export function envOfTagValue(value: string, config: CostConfig | undefined): Env | null {
  for (const env of ENVIRONMENTS) if (envTagValues(env, config).includes(value)) return env;
  return normalizeEnv(value) ?? null;
}
