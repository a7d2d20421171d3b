/** Text forms of money and finding values shared by the human-readable renderers. */
import type { JsonValue } from '../rules/types.js';

export const USAGE_NEEDED = 'usage data needed';
const MINUS = '\u2212';

/** One formatter for every figure: toLocaleString with options builds a new one per call (~0.15 ms). */
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** $1,234.56 (unsigned). */
export function usd(value: number): string {
  return `$${CENTS.format(Math.abs(value))}`;
}

/** Signed money: +$ costs more, −$ saves, "usage data needed" when unpriced. */
export function signedUsd(value: number | null): string {
  if (value === null) return USAGE_NEEDED;
  const cents = Math.round(value * 100);
  if (cents === 0) return '$0.00';
  return `${cents > 0 ? '+' : MINUS}${usd(value)}`;
}

function transitionsOf(value: { [key: string]: JsonValue }): string | null {
  const transitions = value.Transitions;
  if (!Array.isArray(transitions)) return null;
  return transitions
    .map((t) => (t && typeof t === 'object' && !Array.isArray(t) ? `${t.Days ?? t.Date ?? '?'}d ${t.StorageClass ?? '?'}` : String(t)))
    .join(', ');
}

function compact(value: JsonValue): string {
  if (value === null) return 'none';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(compact).join('; ') : 'none';
  // S3 lifecycle rules and similar API objects read best by their id and what they do.
  const id = typeof value.ID === 'string' ? value.ID : typeof value.Id === 'string' ? value.Id : null;
  if (id) {
    const transitions = transitionsOf(value);
    return transitions ? `${id} (${transitions})` : id;
  }
  const entries = Object.entries(value);
  return entries.length ? entries.map(([key, inner]) => `${key}: ${compact(inner)}`).join(', ') : 'none';
}

/** A value in a few words, whole. */
export function compactValue(value: JsonValue): string {
  return compact(value);
}

const isRecord = (value: JsonValue): value is { [key: string]: JsonValue } => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * "current → target" in a few words: for two records, only the keys that differ ("maxAcu: 16 → 3.5").
 * Longer than `max`, it stops at a space and says so with "…" (a word is never cut).
 */
export function changeText(current: JsonValue, target: JsonValue, max = 160): string {
  const text = changes(current, target, '').join('; ') || `${compact(current)} → ${compact(target)}`;
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max - 2);
  return `${text.slice(0, cut > 0 ? cut : max - 2)} …`;
}

const sameKeys = (a: { [key: string]: JsonValue }, b: { [key: string]: JsonValue }): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b);
};

/** "path: before → after" for each differing leaf of two records (nested records by dotted path). */
function changes(current: JsonValue, target: JsonValue, path: string): string[] {
  // Records of the same shape: the keys that differ. Of different shapes: both whole.
  if (isRecord(current) && isRecord(target) && sameKeys(current, target)) {
    const keys = Object.keys(current);
    return keys.flatMap((key) => changes(current[key], target[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(current) === JSON.stringify(target)) return [];
  return [`${path ? `${path}: ` : ''}${compact(current)} → ${compact(target)}`];
}

/** A finding's current/target value in a few words, cut at `max` characters. */
export function describeValue(value: JsonValue, max = 60): string {
  const text = compact(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const SERVICE_LABELS: Record<string, string> = {
  aurora: 'Aurora',
  lambda: 'Lambda',
  dynamodb: 'DynamoDB',
  s3: 'S3',
  cloudfront: 'CloudFront',
  vpc: 'VPC',
  logs: 'CloudWatch Logs',
  apigateway: 'API Gateway',
};

export function serviceLabel(service: string): string {
  return SERVICE_LABELS[service] ?? service;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
