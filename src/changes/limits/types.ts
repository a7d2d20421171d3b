/** A service limit: which request field it bounds, the check, and where AWS documents it. */
import type { JsonObject } from '../change.js';

export interface Limit {
  /** 'service:Operation' whose input it checks. */
  operation: string;
  /** What it bounds, as a user reads it: 'MemorySize', 'ServerlessV2ScalingConfiguration.MinCapacity'. */
  field: string;
  /** The rule in words, e.g. '128–10,240 MB'. */
  rule: string;
  /** The AWS page that documents it. */
  source: string;
  /** A message when the input breaks the limit; null when it is within it (or the field is absent). */
  check: (input: JsonObject) => string | null;
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** An integer in [min, max], or absent. */
export function integerIn(field: string, value: unknown, min: number, max: number, unit = ''): string | null {
  if (value === undefined) return null;
  if (!isNumber(value) || !Number.isInteger(value) || value < min || value > max) {
    return `${field} ${JSON.stringify(value)} is not an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}${unit}`;
  }
  return null;
}

export function oneOf(field: string, value: unknown, allowed: readonly (string | number)[]): string | null {
  if (value === undefined) return null;
  return allowed.includes(value as string | number) ? null : `${field} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`;
}
