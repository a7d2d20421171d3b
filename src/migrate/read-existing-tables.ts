/** Reads the application's own tables from information_schema (the same views on MySQL 8.0 and MariaDB). */
import type { ExistingColumn, ExistingForeignKey, ExistingKey, ExistingTableShape } from './existing-table.js';
import type { SqlRow, SqlSession } from './sql-session.js';

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * MariaDB spells "no default" as NULL and a NULL default as the text 'NULL'; MySQL spells both as
 * NULL. Either way a nullable column may be left out of an INSERT.
 */
function columnOf(row: SqlRow): ExistingColumn {
  const extra = (text(row.extra) ?? '').toLowerCase();
  return {
    name: String(row.name),
    dataType: String(row.dataType).toLowerCase(),
    columnType: String(row.columnType).toLowerCase(),
    nullable: String(row.nullable).toUpperCase() === 'YES',
    defaultValue: text(row.defaultValue),
    autoIncrement: extra.includes('auto_increment'),
    generated: /\b(virtual|stored|persistent)\b/.test(extra) && !extra.includes('default_generated'),
    maxLength: num(row.maxLength),
    maxBytes: num(row.maxBytes),
    precision: num(row.numericPrecision),
    scale: num(row.numericScale),
    fsp: num(row.fsp),
    collation: text(row.collation),
  };
}

function groupKeys(rows: SqlRow[]): Map<string, ExistingKey & { refTable?: string; refColumns: string[] }> {
  const keys = new Map<string, ExistingKey & { refTable?: string; refColumns: string[] }>();
  for (const row of rows) {
    const name = String(row.keyName);
    let key = keys.get(name);
    if (!key) {
      key = { name, columns: [], refColumns: [], ...(row.refTable ? { refTable: String(row.refTable) } : {}) };
      keys.set(name, key);
    }
    key.columns.push(String(row.columnName));
    if (row.refColumn) key.refColumns.push(String(row.refColumn));
  }
  return keys;
}

/** The named tables of the current database; a name with no table is absent from the map (keys lower case). */
export async function readExistingTables(session: SqlSession, names: string[]): Promise<Map<string, ExistingTableShape>> {
  const out = new Map<string, ExistingTableShape>();
  for (const name of names) {
    const columns = await session.query(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS defaultValue,
              EXTRA AS extra, CHARACTER_MAXIMUM_LENGTH AS maxLength, CHARACTER_OCTET_LENGTH AS maxBytes, NUMERIC_PRECISION AS numericPrecision,
              NUMERIC_SCALE AS numericScale, DATETIME_PRECISION AS fsp, COLLATION_NAME AS collation
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [name],
    );
    if (!columns.length) continue;
    const unique = await session.query(
      `SELECT INDEX_NAME AS keyName, COLUMN_NAME AS columnName FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [name],
    );
    const foreign = await session.query(
      `SELECT CONSTRAINT_NAME AS keyName, COLUMN_NAME AS columnName, REFERENCED_TABLE_NAME AS refTable, REFERENCED_COLUMN_NAME AS refColumn
         FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION`,
      [name],
    );
    const uniqueKeys = [...groupKeys(unique).values()];
    const primary = uniqueKeys.find((k) => k.name === 'PRIMARY');
    const shape: ExistingTableShape = {
      name,
      columns: columns.map(columnOf),
      primaryKey: primary?.columns ?? [],
      uniqueKeys: uniqueKeys.filter((k) => k.name !== 'PRIMARY').map(({ name: keyName, columns: cols }) => ({ name: keyName, columns: cols })),
      foreignKeys: [...groupKeys(foreign).values()].map(
        (k): ExistingForeignKey => ({ name: k.name, columns: k.columns, refTable: k.refTable ?? '', refColumns: k.refColumns }),
      ),
    };
    out.set(name.toLowerCase(), shape);
  }
  return out;
}
