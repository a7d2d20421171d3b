/**
 * `--parameter Key=Value` (repeatable), as `sam deploy --parameter-overrides` takes them: `Key=Value`,
 * or CloudFormation's `ParameterKey=Key,ParameterValue=Value`. A value may be empty and may hold '='
 * (everything after the first one). Pure; a malformed entry is a usage error (exit 2).
 */
import { usageError } from '../errors.js';

const KEY = /^[A-Za-z0-9]+$/;
const LONG_FORM = /^ParameterKey=([^,]*),ParameterValue=(.*)$/s;

export function parseParameterOverrides(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const long = LONG_FORM.exec(entry);
    const eq = entry.indexOf('=');
    const [key, value] = long ? [long[1], long[2]] : eq > 0 ? [entry.slice(0, eq), entry.slice(eq + 1)] : [null, null];
    if (key === null || value === null || !KEY.test(key)) {
      throw usageError(`--parameter "${entry}": expected Key=Value (a template parameter name, letters and digits, then = and its value), e.g. --parameter Environment=prod`);
    }
    if (key in out && out[key] !== value) throw usageError(`--parameter ${key} given twice with different values ("${out[key]}", "${value}"): give it once`);
    out[key] = value;
  }
  return out;
}
