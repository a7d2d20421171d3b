/**
 * Compares source and target: every mappable item must have its row, with the same mapped values
 * (a per-row checksum), and the target must hold no other rows. Reads the target by primary-key
 * ranges, so it works through mysql2 and the Data API alike.
 */
import { canonicalValue, joinCanonical, rowHash } from './canonical.js';
import type { ColumnType } from './column-type.js';
import { keyOf, mapItem, type Item, type JsonValue } from './convert.js';
import { keyColumns, quoteIdent, type TableMapping } from './mapping.js';
import type { ItemSource } from './source.js';
import type { SqlRow, SqlSession } from './sql-session.js';
import type { RejectsCheck } from './verify-rejects.js';

export type DifferenceKind = 'missing' | 'extra' | 'changed' | 'rejected';

export interface Difference {
  kind: DifferenceKind;
  key: Record<string, JsonValue>;
  reason?: string;
}

export interface VerifyResult {
  table: string;
  target: string;
  sourceItems: number;
  targetRows: number;
  matched: number;
  counts: Record<DifferenceKind, number>;
  /** Up to `maxKeys` of each kind. */
  differences: Difference[];
  /** --into-existing: source items missing from the target because the server refused them (their line is in the rejects file); counted in `rejected`. */
  rejectedOnFile?: number;
  /** The rejects file against the checkpoints' count (set by the command). */
  rejects?: RejectsCheck;
  ok: boolean;
}

export interface VerifyOptions {
  mapping: TableMapping;
  source: ItemSource;
  session: SqlSession;
  segments: number;
  batchSize: number;
  maxKeys: number;
  pageSize?: number;
  onProgress?: (phase: 'source' | 'target', count: number) => void;
}

interface SourceRow {
  hash: string;
  key: Record<string, JsonValue>;
}

function columnTypes(mapping: TableMapping): Array<ColumnType | 'json'> {
  return [...mapping.columns.map((c) => c.type), 'json'];
}

function selectExpression(column: string, type: ColumnType | 'json'): string {
  const kind = type === 'json' ? 'json' : type.kind;
  const quoted = quoteIdent(column);
  return ['bigint', 'decimal', 'json'].includes(kind) ? `CAST(${quoted} AS CHAR) AS ${quoted}` : quoted;
}

function keyParam(type: ColumnType): string {
  if (type.kind === 'bigint') return 'CAST(? AS SIGNED)';
  if (type.kind === 'decimal') return `CAST(? AS DECIMAL(${type.precision},${type.scale}))`;
  return '?';
}

function isResponseTooLarge(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return name === 'BadRequestException' && /size|too large|limit/i.test(message ?? '');
}

export async function verifyTable(options: VerifyOptions): Promise<VerifyResult> {
  const { mapping, source, session, maxKeys } = options;
  const types = columnTypes(mapping);
  const keys = keyColumns(mapping);
  const keyIndexes = keys.map((k) => mapping.columns.indexOf(k));
  const counts: Record<DifferenceKind, number> = { missing: 0, extra: 0, changed: 0, rejected: 0 };
  const differences: Difference[] = [];
  const note = (difference: Difference): void => {
    if (counts[difference.kind]++ < maxKeys) differences.push(difference);
  };

  // Source: key → checksum of the mapped values.
  const expected = new Map<string, SourceRow>();
  let sourceItems = 0;
  await Promise.all(
    Array.from({ length: options.segments }, async (_, segment) => {
      let startKey: Item | undefined;
      do {
        const page = await source.scanPage(segment, options.segments, startKey, options.batchSize);
        for (const item of page.items) {
          sourceItems++;
          const mapped = mapItem(item, mapping);
          if (!mapped.ok) {
            note({ kind: 'rejected', key: keyOf(item, mapping), reason: mapped.reason });
            continue;
          }
          const values = mapped.row.map((value, i) => canonicalValue(types[i] as ColumnType | 'json', value));
          const keyText = joinCanonical(keyIndexes.map((i) => values[i] as string));
          expected.set(keyText, { hash: rowHash(values), key: keyOf(item, mapping) });
        }
        options.onProgress?.('source', sourceItems);
        startKey = page.lastKey;
      } while (startKey);
    }),
  );

  // Target: primary-key order, one page at a time.
  const columns = [...mapping.columns.map((c) => c.column), mapping.extraColumn];
  const select = columns.map((c, i) => selectExpression(c, types[i] as ColumnType | 'json')).join(', ');
  const keyList = keys.map((k) => quoteIdent(k.column)).join(', ');
  let pageSize = options.pageSize ?? 5000;
  let after: unknown[] | null = null;
  let targetRows = 0;
  let matched = 0;
  for (;;) {
    const where: string = after ? ` WHERE (${keyList}) > (${keys.map((k) => keyParam(k.type)).join(', ')})` : '';
    let rows: SqlRow[];
    try {
      rows = await session.query(`SELECT ${select} FROM ${quoteIdent(mapping.target)}${where} ORDER BY ${keyList} LIMIT ${pageSize}`, (after ?? []) as never[]);
    } catch (error) {
      // The Data API refuses responses over 1 MiB: read smaller pages.
      if (pageSize > 1 && isResponseTooLarge(error)) {
        pageSize = Math.max(1, Math.floor(pageSize / 2));
        continue;
      }
      throw error;
    }
    for (const row of rows) {
      targetRows++;
      const values = columns.map((c, i) => canonicalValue(types[i] as ColumnType | 'json', row[c]));
      const keyText = joinCanonical(keyIndexes.map((i) => values[i] as string));
      const found = expected.get(keyText);
      if (!found) {
        note({ kind: 'extra', key: Object.fromEntries(keys.map((k, i) => [k.attribute, values[keyIndexes[i] as number] as string])) });
        continue;
      }
      expected.delete(keyText);
      if (found.hash === rowHash(values)) matched++;
      else note({ kind: 'changed', key: found.key });
    }
    options.onProgress?.('target', targetRows);
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = keys.map((k) => last[k.column]);
  }
  for (const row of expected.values()) note({ kind: 'missing', key: row.key });

  return {
    table: mapping.source,
    target: mapping.target,
    sourceItems,
    targetRows,
    matched,
    counts,
    differences,
    ok: counts.missing + counts.extra + counts.changed + counts.rejected === 0,
  };
}
