/** What exists in the target database, read from information_schema (the same views on both servers). */
import { AUDIT_TABLE, type ExistingSchema } from './ddl.js';
import type { ExistingPartition } from './partitions.js';
import type { SqlSession } from './sql-session.js';

export async function readExistingSchema(session: SqlSession): Promise<ExistingSchema> {
  const schema: ExistingSchema = new Map();
  const tables = await session.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
  for (const row of tables) schema.set(String(row.t).toLowerCase(), { columns: new Set(), indexes: new Set() });
  const columns = await session.query('SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()');
  for (const row of columns) schema.get(String(row.t).toLowerCase())?.columns.add(String(row.c).toLowerCase());
  const indexes = await session.query('SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()');
  for (const row of indexes) schema.get(String(row.t).toLowerCase())?.indexes.add(String(row.i).toLowerCase());
  return schema;
}

export async function readAuditPartitions(session: SqlSession): Promise<ExistingPartition[] | null> {
  const rows = await session.query(
    'SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS description FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION',
    [AUDIT_TABLE],
  );
  if (!rows.length) return null;
  return rows.filter((r) => r.name !== null).map((r) => ({ name: String(r.name), description: String(r.description) }));
}
