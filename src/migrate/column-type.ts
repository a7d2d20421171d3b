/** Column types a DynamoDB attribute can map to, their SQL spelling, and the config file's spelling. */

export type ColumnType =
  | { kind: 'varchar'; length: number }
  | { kind: 'text' }
  | { kind: 'bigint' }
  | { kind: 'decimal'; precision: number; scale: number }
  /** The exact decimal string, for numbers no DECIMAL(65,30) can hold (e.g. 1E+125, 1E-130). */
  | { kind: 'decimal-text' }
  | { kind: 'boolean' }
  | { kind: 'json' }
  | { kind: 'varbinary'; length: number }
  | { kind: 'blob' };

/** Plain spelling of any DynamoDB number: sign, up to 126 integer or 167 fraction digits. */
export const DECIMAL_TEXT_LENGTH = 200;
/** InnoDB's 3072-byte index limit over 4-byte utf8mb4 characters. */
export const MAX_KEY_VARCHAR = 768;
export const MAX_VARCHAR = 16383;
export const MAX_VARBINARY = 65535;

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => ColumnType | null]> = [
  [/^VARCHAR\((\d+)\)$/, (m) => bounded({ kind: 'varchar' as const, length: Number(m[1]) }, MAX_VARCHAR)],
  [/^(?:MEDIUM)?TEXT$/, () => ({ kind: 'text' })],
  [/^BIGINT$/, () => ({ kind: 'bigint' })],
  [/^DECIMAL\((\d+),\s*(\d+)\)$/, (m) => decimal(Number(m[1]), Number(m[2]))],
  [/^DECIMAL_TEXT$/, () => ({ kind: 'decimal-text' })],
  [/^BOOL(?:EAN)?$/, () => ({ kind: 'boolean' })],
  [/^JSON$/, () => ({ kind: 'json' })],
  [/^VARBINARY\((\d+)\)$/, (m) => bounded({ kind: 'varbinary' as const, length: Number(m[1]) }, MAX_VARBINARY)],
  [/^(?:MEDIUM)?BLOB$/, () => ({ kind: 'blob' })],
];

function bounded<T extends { length: number }>(type: T, max: number): T | null {
  return type.length >= 1 && type.length <= max ? type : null;
}

function decimal(precision: number, scale: number): ColumnType | null {
  if (precision < 1 || precision > 65 || scale > 30 || scale > precision) return null;
  return { kind: 'decimal', precision, scale };
}

/** Parses the config file's spelling ("VARCHAR(36)", "DECIMAL(10,2)", "DECIMAL_TEXT", ...); null if not one. */
export function parseColumnType(text: string): ColumnType | null {
  const normalized = text.trim().toUpperCase();
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(normalized);
    if (match) return build(match);
  }
  return null;
}

export const COLUMN_TYPE_SPELLINGS =
  'VARCHAR(n), TEXT, BIGINT, DECIMAL(p,s), DECIMAL_TEXT, BOOLEAN, JSON, VARBINARY(n), BLOB';

/** The SQL type in DDL; accepted by MySQL 8.0 and MariaDB 10.11 alike. */
export function columnSql(type: ColumnType): string {
  switch (type.kind) {
    case 'varchar':
      return `VARCHAR(${type.length})`;
    case 'text':
      return 'MEDIUMTEXT';
    case 'bigint':
      return 'BIGINT';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'decimal-text':
      return `VARCHAR(${DECIMAL_TEXT_LENGTH}) CHARACTER SET ascii COLLATE ascii_bin`;
    case 'boolean':
      return 'BOOLEAN';
    case 'json':
      return 'JSON';
    case 'varbinary':
      return `VARBINARY(${type.length})`;
    case 'blob':
      return 'MEDIUMBLOB';
  }
}

/** The config file's spelling of a type (what `parseColumnType` reads back). */
export function columnTypeName(type: ColumnType): string {
  if (type.kind === 'decimal-text') return 'DECIMAL_TEXT';
  if (type.kind === 'text') return 'TEXT';
  if (type.kind === 'blob') return 'BLOB';
  return columnSql(type);
}
