/**
 * One spelling per value, whether it comes from the mapping of a DynamoDB item or back from the
 * database (DECIMAL '12.50' vs '12.5', JSON key order and spacing, BIGINT as text): verify hashes these.
 */
import { createHash } from 'node:crypto';
import type { ColumnType } from './column-type.js';
import { dataObject } from './data-object.js';
import { canonicalDecimal } from './numbers.js';

const NULL = '\u0000NULL';

function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (typeof value === 'object' && value !== null) {
    const out = dataObject<unknown>();
    for (const key of Object.keys(value).sort()) out[key] = canonicalJson((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function canonicalValue(type: ColumnType | 'json', value: unknown): string {
  if (value === null || value === undefined) return NULL;
  const kind = type === 'json' ? 'json' : type.kind;
  switch (kind) {
    case 'bigint':
    case 'decimal':
    case 'decimal-text':
      return canonicalDecimal(String(value)) ?? String(value);
    case 'boolean':
      return String(Number(value));
    case 'json':
      try {
        return JSON.stringify(canonicalJson(typeof value === 'string' ? JSON.parse(value) : value));
      } catch {
        return `\u0000INVALID${String(value)}`;
      }
    case 'varbinary':
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('hex') : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : String(value);
    default:
      return String(value);
  }
}

export function joinCanonical(values: string[]): string {
  return values.map((v) => `${v.length}:${v}`).join('|');
}

export function rowHash(values: string[]): string {
  return createHash('sha1').update(joinCanonical(values)).digest('base64');
}
