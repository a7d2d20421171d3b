/**
 * Which environments a template serves: the parameter that names the environment (`Environment`, `Env`,
 * `Stage` by default, matched case-insensitively, the first name of the list that the template declares
 * wins) and its AllowedValues; and the runs `audit --template` makes, one per environment. Pure.
 */
import type { ParsedTemplate, TemplateParameter } from './types.js';

export const DEFAULT_ENVIRONMENT_PARAMETERS: readonly string[] = ['Environment', 'Env', 'Stage'];

/** One resolution of the template: the environment it stands for (null when none is named) and the parameters to resolve with. */
export interface EnvironmentRun {
  readonly environment: string | null;
  readonly parameters: Record<string, string>;
}

/** The declared parameter that names the environment, or null when the template declares none of `names`. */
export function environmentParameter(
  parsed: ParsedTemplate,
  names: readonly string[] = DEFAULT_ENVIRONMENT_PARAMETERS,
): TemplateParameter | null {
  for (const name of names) {
    const found = parsed.parameters.find((parameter) => parameter.name.toLowerCase() === name.toLowerCase());
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * The runs to make: with a given value for the environment parameter, that one; without, one per allowed
 * value, else one for its Default, else a single run with environment null (as when the template declares no
 * environment parameter). Every run carries the other given parameters unchanged.
 */
export function environmentRuns(
  parsed: ParsedTemplate,
  given: Record<string, string>,
  envParamNames: readonly string[] = DEFAULT_ENVIRONMENT_PARAMETERS,
): EnvironmentRun[] {
  const parameter = environmentParameter(parsed, envParamNames);
  if (parameter === null) return [{ environment: null, parameters: { ...given } }];
  if (Object.hasOwn(given, parameter.name)) return [{ environment: given[parameter.name], parameters: { ...given } }];
  const values = parameter.allowedValues ?? (parameter.default !== null ? [parameter.default] : []);
  if (values.length === 0) return [{ environment: null, parameters: { ...given } }];
  return values.map((value) => ({ environment: value, parameters: { ...given, [parameter.name]: value } }));
}
