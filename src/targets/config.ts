/** Finds, parses and validates the config file, and merges it over the design's targets. */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors.js';
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

export function targetsFromConfig(config: ConfigFile, base: TargetProfile = DESIGN_TARGETS): TargetProfile {
  let targets = structuredClone(base);
  if (config.environmentTagKey) targets.environmentTagKey = config.environmentTagKey;
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
  return { file, config, targets: targetsFromConfig(config) };
}
