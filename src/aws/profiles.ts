/**
 * Whether a named profile exists in the shared AWS config and credentials files, read as the SDK and
 * the AWS CLI read them: `[profile NAME]` (or `[default]`) in the config file, `[NAME]` in the
 * credentials file; AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move the files.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../errors.js';

export interface SharedFiles {
  config: string;
  credentials: string;
}

export function sharedFiles(env: NodeJS.ProcessEnv = process.env): SharedFiles {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** Section names of an ini text, as written between brackets (trimmed). */
export function iniSections(text: string): string[] {
  const sections: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*\[([^\]]+)\]\s*(?:[#;].*)?$/.exec(line);
    if (match) sections.push(match[1].trim());
  }
  return sections;
}

/** The profiles a config file and a credentials file define. */
export function profilesIn(configText: string, credentialsText: string): Set<string> {
  const names = new Set<string>();
  for (const section of iniSections(configText)) {
    if (section === 'default') names.add('default');
    const profile = /^profile\s+(.+)$/.exec(section);
    if (profile) names.add(profile[1].trim());
  }
  for (const section of iniSections(credentialsText)) names.add(section.replace(/^profile\s+/, ''));
  return names;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Throws a usage error naming the profile and the files looked in when the profile is defined in
 * neither. `source` says where the name came from ("--profile", "AWS_PROFILE").
 */
export function assertProfileExists(profile: string, source: string, env: NodeJS.ProcessEnv = process.env): void {
  const files = sharedFiles(env);
  if (profilesIn(readOrEmpty(files.config), readOrEmpty(files.credentials)).has(profile)) return;
  throw usageError(`profile "${profile}" (${source}) not found in ${files.config} or ${files.credentials}: check the name, or run \`aws configure --profile ${profile}\``);
}
