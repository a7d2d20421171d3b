/** Finds, parses and validates the config file, and merges it over the design's targets. */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, usageError } from '../errors.js';
import { describeZodIssue } from '../zod-issues.js';
import { ConfigFile } from './config-schema.js';
import { DESIGN_TARGETS, type TargetProfile } from './design.js';

export const DEFAULT_CONFIG_NAMES = ['clinnet-opt.config.json', 'clinnet-opt.config.yaml', 'clinnet-opt.config.yml'];

export interface LoadedConfig {
  /** The file read, or null when none was found and the defaults apply. */
  file: string | null;
  config: ConfigFile;
  targets: TargetProfile;
}

export type YamlParse = (text: string) => unknown;

const isYaml = (file: string): boolean => /\.ya?ml$/i.test(file);

/** A config file's text → its validated content. A YAML file needs the `yaml` package's parse (loadConfig imports it only then). */
export function parseConfigText(text: string, file: string, parseYaml?: YamlParse): ConfigFile {
  let raw: unknown;
  if (isYaml(file) && !parseYaml) throw new Error(`parseConfigText: ${file} is YAML: pass the yaml parser`);
  try {
    raw = isYaml(file) && parseYaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw usageError(`${file}: cannot parse config: ${detail}`);
  }
  if (raw === null || raw === undefined) raw = {};
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) throw usageError(`${file}: invalid config at ${describeZodIssue(parsed.error.issues[0])}`);
  return parsed.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where arrays and scalars in `override` replace, objects merge. */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    out[key] = key in out ? deepMerge(out[key], value) : value;
  }
  return out as T;
}

/** The config's environments over the base's: new ones start from `like`'s targets (default staging), aliases add up; a word may mean one environment only. */
function withEnvironments(targets: TargetProfile, config: ConfigFile): TargetProfile {
  const environments = targets.environments.map((e) => ({ name: e.name, aliases: [...e.aliases] }));
  const envs = { ...targets.envs };
  for (const [name, settings] of Object.entries(config.environments ?? {})) {
    const aliases = (settings.aliases ?? []).map((a) => a.trim().toLowerCase());
    const existing = environments.find((e) => e.name === name);
    if (existing) {
      if (settings.like !== undefined) throw usageError(`environments.${name}.like: ${name} is one of the design's environments; only a new one starts from another's targets`);
      existing.aliases.push(...aliases.filter((a) => !existing.aliases.includes(a)));
      continue;
    }
    const like = settings.like ?? 'staging';
    if (!envs[like]) throw usageError(`environments.${name}.like: "${like}" is not an environment (known: ${environments.map((e) => e.name).join(', ')})`);
    environments.push({ name, aliases });
    envs[name] = structuredClone(envs[like]);
  }
  const owner = new Map<string, string>();
  for (const env of environments) {
    for (const word of [env.name, ...env.aliases]) {
      const other = owner.get(word);
      if (other && other !== env.name) throw usageError(`environments: "${word}" would mean both ${other} and ${env.name}`);
      owner.set(word, env.name);
    }
  }
  return { ...targets, environments, envs };
}

export function targetsFromConfig(config: ConfigFile, base: TargetProfile = DESIGN_TARGETS): TargetProfile {
  let targets = withEnvironments(structuredClone(base), config);
  if (config.environmentTagKey) targets.environmentTagKey = config.environmentTagKey;
  if (config.environmentParameterNames) targets.environmentParameterNames = config.environmentParameterNames;
  const unknownTargets = Object.keys(config.targets ?? {}).filter((name) => !targets.envs[name]);
  if (unknownTargets.length) {
    throw usageError(`targets.${unknownTargets[0]}: not an environment (known: ${targets.environments.map((e) => e.name).join(', ')}; add it under "environments" first)`);
  }
  if (config.lambdaTierPatterns) targets.lambdaTierPatterns = deepMerge(targets.lambdaTierPatterns, config.lambdaTierPatterns);
  if (config.criticalFunctionPatterns) targets.criticalFunctionPatterns = config.criticalFunctionPatterns;
  if (config.lambdaConsolidationGroups) targets.lambdaConsolidationGroups = config.lambdaConsolidationGroups;
  if (config.targets) targets = { ...targets, envs: deepMerge(targets.envs, config.targets) };
  return targets;
}

/** `--config FILE`, else the first default name in the working directory, else the design's defaults. */
export async function loadConfig(explicitFile?: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const file = explicitFile ?? DEFAULT_CONFIG_NAMES.map((name) => join(cwd, name)).find((path) => existsSync(path)) ?? null;
  if (!file) return { file: null, config: {}, targets: structuredClone(DESIGN_TARGETS) };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read config (${code === 'ENOENT' ? 'no such file' : code ?? 'read error'})`);
  }
  // The YAML parser loads only for a YAML file: most runs have a JSON config or none.
  const parseYaml = isYaml(file) ? (await import('yaml')).parse : undefined;
  const config = parseConfigText(text, file, parseYaml);
  try {
    return { file, config, targets: targetsFromConfig(config) };
  } catch (error) {
    if (error instanceof CliError) throw usageError(`${file}: invalid config at ${error.message}`);
    throw error;
  }
}
