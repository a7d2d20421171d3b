/** `--env E`: an environment of the targets (the design's, or one the config file adds), by its name or an alias. */
import { usageError } from '../errors.js';
import type { TargetProfile } from '../targets/design.js';
import { BUILTIN_ENVIRONMENTS, envChoices, normalizeEnv, type Env, type EnvironmentDef } from '../targets/environment.js';

export const ENV_OPTION_HELP = 'dev, test, staging, prod, or one the config file adds';

export function parseEnvOption(value: string | undefined, targets?: Pick<TargetProfile, 'environments'>): Env | undefined {
  if (value === undefined) return undefined;
  const environments: readonly EnvironmentDef[] = targets?.environments ?? BUILTIN_ENVIRONMENTS;
  const env = normalizeEnv(value, environments);
  if (!env) throw usageError(`--env must be ${envChoices(environments)} (got "${value}")`);
  return env;
}
