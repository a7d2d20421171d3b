/**
 * The DDL `migrate-dynamo schema` prints and applies. Every statement is accepted by MySQL 8.0
 * (Aurora MySQL 3) and MariaDB 10.11; where the design's DDL is rejected, this is the working
 * equivalent (docs/migration.md lists each difference). Idempotent: tables are created IF NOT
 * EXISTS and missing columns/indexes are added after checking information_schema.
 */
import { columnSql } from './column-type.js';
import { quoteIdent, type TableMapping } from './mapping.js';

export type Flavor = 'mysql' | 'mariadb';

export interface ColumnSpec {
  name: string;
  definition: string;
}
export interface IndexSpec {
  name: string;
  columns: string[];
  unique: boolean;
}
export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  primaryKey: string[];
  indexes: IndexSpec[];
  /** Table options after the closing parenthesis (engine, charset, partitioning). */
  options: string;
}

export const STATE_TABLE = 'clinnet_migrate_state';
export const MAPPING_TABLE = 'clinnet_migrate_mapping';
export const REJECTS_TABLE = 'clinnet_migrate_rejects';
export const AUDIT_TABLE = 'audit_log_partitioned';
export const PATIENTS_TABLE = 'patients_optimized';
export const FIRST_AUDIT_YEAR = 2024;

/**
 * Keys must compare byte for byte as DynamoDB does: a binary collation with NO PAD ('a' ≠ 'a ').
 * The two servers name it differently (utf8mb4_0900_bin exists only in MySQL 8.0, utf8mb4_nopad_bin only in MariaDB).
 */
export function binaryCollation(flavor: Flavor): string {
  return flavor === 'mariadb' ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
}

function tableOptions(flavor: Flavor): string {
  return `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${binaryCollation(flavor)}`;
}

export function migratedTableSpec(mapping: TableMapping, flavor: Flavor): TableSpec {
  const columns = mapping.columns.map((c) => ({
    name: c.column,
    definition: `${columnSql(c.type)} ${c.nullable ? 'NULL' : 'NOT NULL'}`,
  }));
  columns.push({ name: mapping.extraColumn, definition: 'JSON NULL' });
  return {
    name: mapping.target,
    columns,
    primaryKey: mapping.keys.map((k) => mapping.columns.find((c) => c.attribute === k)?.column ?? k),
    indexes: mapping.columns.filter((c) => c.unique).map((c) => ({ name: `uq_${c.column}`.slice(0, 64), columns: [c.column], unique: true })),
    options: tableOptions(flavor),
  };
}

/**
 * The design's patients_optimized. Its `INDEX (DATE(created_at))` names a column the table lacks and is
 * a functional index (MySQL 8.0.13+ only, with double parentheses; MariaDB has none): a stored generated
 * column `created_date` with a plain index does the same on both servers.
 */
export function patientsSpec(flavor: Flavor): TableSpec {
  return {
    name: PATIENTS_TABLE,
    columns: [
      { name: 'id', definition: 'VARCHAR(36) NOT NULL' },
      { name: 'first_name', definition: 'VARCHAR(100) NOT NULL' },
      { name: 'last_name', definition: 'VARCHAR(100) NOT NULL' },
      { name: 'email', definition: 'VARCHAR(255) NULL' },
      { name: 'created_at', definition: 'DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP' },
      { name: 'created_date', definition: 'DATE AS (DATE(created_at)) STORED' },
    ],
    primaryKey: ['id'],
    indexes: [
      { name: 'idx_name_email', columns: ['last_name', 'first_name', 'email'], unique: false },
      { name: 'idx_created_date', columns: ['created_date'], unique: false },
    ],
    options: tableOptions(flavor),
  };
}

/** 1 January of `year`, 00:00:00 UTC, as a Unix timestamp: an integer bound no session time zone can move. */
export function yearStart(year: number): number {
  return Date.UTC(year, 0, 1) / 1000;
}

export function partitionClause(name: string, year: number): string {
  return `PARTITION ${name} VALUES LESS THAN (${yearStart(year + 1)}) /* < ${year + 1}-01-01 00:00:00 UTC */`;
}

/**
 * The design partitions by RANGE (YEAR(changed_at)) over a TIMESTAMP, which both servers reject
 * (the value depends on the session time zone). RANGE over UNIX_TIMESTAMP(changed_at) is the permitted
 * form for TIMESTAMP columns; bounds are UTC year starts.
 */
export function auditLogSpec(flavor: Flavor, throughYear: number): TableSpec {
  const partitions: string[] = [];
  for (let year = FIRST_AUDIT_YEAR; year <= throughYear; year++) partitions.push(partitionClause(`p${year}`, year));
  partitions.push('PARTITION p_future VALUES LESS THAN MAXVALUE');
  return {
    name: AUDIT_TABLE,
    columns: [
      { name: 'id', definition: 'BIGINT NOT NULL AUTO_INCREMENT' },
      { name: 'table_name', definition: 'VARCHAR(50) NOT NULL' },
      { name: 'record_id', definition: 'VARCHAR(36) NOT NULL' },
      { name: 'action', definition: "ENUM('INSERT','UPDATE','DELETE') NOT NULL" },
      { name: 'changed_at', definition: 'TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP' },
    ],
    primaryKey: ['id', 'changed_at'],
    indexes: [],
    options: `${tableOptions(flavor)}\nPARTITION BY RANGE (UNIX_TIMESTAMP(changed_at)) (\n  ${partitions.join(',\n  ')}\n)`,
  };
}

/** Per-segment scan position, committed with each batch. */
export function stateTableSpec(): TableSpec {
  return {
    name: STATE_TABLE,
    columns: [
      { name: 'target_table', definition: 'VARCHAR(64) NOT NULL' },
      { name: 'segment', definition: 'INT NOT NULL' },
      { name: 'total_segments', definition: 'INT NOT NULL' },
      { name: 'last_key', definition: 'MEDIUMTEXT NULL' },
      { name: 'done', definition: 'BOOLEAN NOT NULL DEFAULT FALSE' },
      { name: 'items_read', definition: 'BIGINT NOT NULL DEFAULT 0' },
      { name: 'items_written', definition: 'BIGINT NOT NULL DEFAULT 0' },
      { name: 'items_rejected', definition: 'BIGINT NOT NULL DEFAULT 0' },
      { name: 'updated_at', definition: 'TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP' },
    ],
    primaryKey: ['target_table', 'segment'],
    indexes: [],
    options: 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  };
}

/** The mapping applied with the schema: copy and verify read it back, so all three agree. */
export function mappingTableSpec(): TableSpec {
  return {
    name: MAPPING_TABLE,
    columns: [
      { name: 'target_table', definition: 'VARCHAR(64) NOT NULL' },
      { name: 'source_table', definition: 'VARCHAR(255) NOT NULL' },
      { name: 'mapping', definition: 'MEDIUMTEXT NOT NULL' },
      { name: 'created_at', definition: 'TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP' },
    ],
    primaryKey: ['target_table'],
    indexes: [],
    options: 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  };
}

function indexSql(index: IndexSpec): string {
  return `${index.unique ? 'UNIQUE INDEX' : 'INDEX'} ${quoteIdent(index.name)} (${index.columns.map(quoteIdent).join(', ')})`;
}

/**
 * Where each target table's copy writes its rejects, so `verify` reads the same file. A table of its own,
 * created by copy itself (CREATE TABLE IF NOT EXISTS), so a schema applied by an older version needs no ALTER.
 */
export function rejectsTableSpec(): TableSpec {
  return {
    name: REJECTS_TABLE,
    columns: [
      { name: 'target_table', definition: 'VARCHAR(64) NOT NULL' },
      { name: 'rejects_path', definition: 'VARCHAR(4096) NOT NULL' },
      { name: 'updated_at', definition: 'TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP' },
    ],
    primaryKey: ['target_table'],
    indexes: [],
    options: 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  };
}

export function createTableSql(spec: TableSpec): string {
  const lines = [
    ...spec.columns.map((c) => `${quoteIdent(c.name)} ${c.definition}`),
    `PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')})`,
    ...spec.indexes.map(indexSql),
  ];
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(spec.name)} (\n  ${lines.join(',\n  ')}\n) ${spec.options}`;
}

/** What information_schema says exists (names lower-cased). */
export interface ExistingTable {
  columns: Set<string>;
  indexes: Set<string>;
}
export type ExistingSchema = Map<string, ExistingTable>;

/** The statements that bring `existing` up to `specs`; none when everything is there. */
export function planSchema(specs: TableSpec[], existing: ExistingSchema): string[] {
  const statements: string[] = [];
  for (const spec of specs) {
    const table = existing.get(spec.name.toLowerCase());
    if (!table) {
      statements.push(createTableSql(spec));
      continue;
    }
    for (const column of spec.columns) {
      if (!table.columns.has(column.name.toLowerCase())) {
        statements.push(`ALTER TABLE ${quoteIdent(spec.name)} ADD COLUMN ${quoteIdent(column.name)} ${column.definition}`);
      }
    }
    for (const index of spec.indexes) {
      if (!table.indexes.has(index.name.toLowerCase())) statements.push(`ALTER TABLE ${quoteIdent(spec.name)} ADD ${indexSql(index)}`);
    }
  }
  return statements;
}
