/** A before/after value as one short line of text (for messages; the plan shows values whole). */
import type { JsonValue } from '../rules/types.js';

export function formatValue(value: JsonValue, max = 160): string {
  if (value === null) return 'none';
  if (typeof value !== 'object') return String(value);
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
