/** The migration's own bookkeeping in the target database: scan positions per segment, and the applied mapping. */
import { createTableSql, MAPPING_TABLE, REJECTS_TABLE, rejectsTableSpec, STATE_TABLE } from './ddl.js';
import { dataObject } from './data-object.js';
import type { Item, WireValue } from './dynamo-json.js';
import type { TableMapping } from './mapping.js';
import type { SqlParam, SqlSession } from './sql-session.js';

export interface SegmentState {
  segment: number;
  totalSegments: number;
  /** DynamoDB's LastEvaluatedKey after the last committed batch; null before the first. */
  lastKey: Item | null;
  done: boolean;
  read: number;
  written: number;
  rejected: number;
}

/** Keys are S, N or B: DynamoDB JSON, binary as base64 (as the Scan answer gave it). */
export function serializeKey(key: Item | null | undefined): string | null {
  if (!key) return null;
  const out = dataObject<WireValue>();
  for (const name of Object.keys(key)) {
    const value = key[name] as WireValue;
    if (value.S !== undefined) out[name] = { S: value.S };
    else if (value.N !== undefined) out[name] = { N: value.N };
    else if (value.B !== undefined) out[name] = { B: value.B };
  }
  return JSON.stringify(out);
}

export function deserializeKey(text: string | null): Item | null {
  return text ? (JSON.parse(text) as Item) : null;
}

export async function loadState(session: SqlSession, target: string): Promise<SegmentState[]> {
  const rows = await session.query(
    `SELECT segment, total_segments, last_key, done, items_read, items_written, items_rejected FROM ${STATE_TABLE} WHERE target_table = ? ORDER BY segment`,
    [target],
  );
  return rows.map((row) => ({
    segment: Number(row.segment),
    totalSegments: Number(row.total_segments),
    lastKey: deserializeKey((row.last_key as string | null) ?? null),
    done: Number(row.done) === 1,
    read: Number(row.items_read),
    written: Number(row.items_written),
    rejected: Number(row.items_rejected),
  }));
}

/** Starts over: one fresh row per segment. */
export async function resetState(session: SqlSession, target: string, totalSegments: number): Promise<SegmentState[]> {
  await session.begin();
  try {
    await session.query(`DELETE FROM ${STATE_TABLE} WHERE target_table = ?`, [target]);
    for (let segment = 0; segment < totalSegments; segment++) {
      await session.query(`INSERT INTO ${STATE_TABLE} (target_table, segment, total_segments) VALUES (?, ?, ?)`, [target, segment, totalSegments]);
    }
    await session.commit();
  } catch (error) {
    await session.rollback().catch(() => undefined);
    throw error;
  }
  return Array.from({ length: totalSegments }, (_, segment) => ({ segment, totalSegments, lastKey: null, done: false, read: 0, written: 0, rejected: 0 }));
}

/** The UPDATE that records a segment's position and counts. */
export function checkpointStatement(target: string, state: SegmentState): { sql: string; params: SqlParam[] } {
  return {
    sql: `UPDATE ${STATE_TABLE} SET last_key = ?, done = ?, items_read = ?, items_written = ?, items_rejected = ? WHERE target_table = ? AND segment = ?`,
    params: [serializeKey(state.lastKey), state.done ? 1 : 0, state.read, state.written, state.rejected, target, state.segment],
  };
}

/** Runs inside the batch's transaction, so the position and the rows commit together. */
export async function saveCheckpoint(session: SqlSession, target: string, state: SegmentState): Promise<void> {
  const { sql, params } = checkpointStatement(target, state);
  await session.query(sql, params);
}

export async function loadMapping(session: SqlSession, target: string): Promise<TableMapping | null> {
  const rows = await session.query(`SELECT mapping FROM ${MAPPING_TABLE} WHERE target_table = ?`, [target]);
  const text = rows[0]?.mapping;
  return typeof text === 'string' ? (JSON.parse(text) as TableMapping) : null;
}

/** Written once: a second `schema --apply` keeps the mapping the table was built with. */
export async function saveMappingIfAbsent(session: SqlSession, mapping: TableMapping): Promise<boolean> {
  const existing = await loadMapping(session, mapping.target);
  if (existing) return false;
  await session.query(`INSERT INTO ${MAPPING_TABLE} (target_table, source_table, mapping) VALUES (?, ?, ?)`, [
    mapping.target,
    mapping.source,
    JSON.stringify(mapping),
  ]);
  return true;
}

/** Records the absolute path of the rejects file a copy of `target` writes to (the last copy's wins). */
export async function recordRejectsPath(session: SqlSession, target: string, path: string): Promise<void> {
  await session.query(createTableSql(rejectsTableSpec()));
  await session.query(`INSERT INTO ${REJECTS_TABLE} (target_table, rejects_path) VALUES (?, ?) ON DUPLICATE KEY UPDATE rejects_path = VALUES(rejects_path)`, [target, path]);
}

/** The rejects file the last copy of `target` recorded; null when none did (a copy by an older version, or none yet). */
export async function loadRejectsPath(session: SqlSession, target: string, existing: { has(name: string): boolean }): Promise<string | null> {
  if (!existing.has(REJECTS_TABLE)) return null;
  const rows = await session.query(`SELECT rejects_path FROM ${REJECTS_TABLE} WHERE target_table = ?`, [target]);
  const path = rows[0]?.rejects_path;
  return typeof path === 'string' ? path : null;
}
