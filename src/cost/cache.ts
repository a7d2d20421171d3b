/**
 * Cost Explorer charges per request, so answers for closed periods are kept on disk, one file per
 * request hash. A corrupt or unreadable entry is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CostCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const CACHE_KIND = 'clinnet-opt/cost-cache';
export const CACHE_SCHEMA_VERSION = 1;

/** A stable key: the same request (whatever its key order) gives the same hash. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex').slice(0, 32);
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class DiskCostCache implements CostCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  async get(key: string): Promise<unknown> {
    try {
      const parsed = JSON.parse(await readFile(this.file(key), 'utf8')) as { kind?: string; schemaVersion?: number; key?: string; value?: unknown };
      if (parsed.kind !== CACHE_KIND || parsed.schemaVersion !== CACHE_SCHEMA_VERSION || parsed.key !== key) return undefined;
      return parsed.value;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.file(key);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ kind: CACHE_KIND, schemaVersion: CACHE_SCHEMA_VERSION, key, savedAt: new Date().toISOString(), value }), 'utf8');
    await rename(temp, target);
  }
}
