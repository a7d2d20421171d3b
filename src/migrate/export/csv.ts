/**
 * Mapped rows as the text `LOAD DATA` reads (Aurora's `LOAD DATA FROM S3` and `LOAD DATA LOCAL
 * INFILE` take the same format): fields separated by commas and enclosed in double quotes, `\` as
 * the escape character, one row per line, SQL NULL as an unquoted `\N`, binary values as hex that
 * the statement turns back into bytes with UNHEX.
 */
import type { SqlValue } from '../convert.js';
import { quoteIdent, rowColumns, type TableMapping } from '../mapping.js';

function escapeText(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let replacement: string | null = null;
    if (c === 0x5c) replacement = '\\\\';
    else if (c === 0x22) replacement = '\\"';
    else if (c === 0x0a) replacement = '\\n';
    else if (c === 0x0d) replacement = '\\r';
    else if (c === 0x00) replacement = '\\0';
    if (replacement !== null) {
      out += text.slice(start, i) + replacement;
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

export function csvField(value: SqlValue): string {
  if (value === null) return '\\N';
  if (Buffer.isBuffer(value)) return `"${value.toString('hex')}"`;
  if (typeof value === 'number') return String(value);
  return `"${escapeText(value)}"`;
}

export function csvLine(row: SqlValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(row[i] as SqlValue);
  return `${line}\n`;
}

const FORMAT = "CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' ENCLOSED BY '\"' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'";

/** `(a, @v1, c) SET b = UNHEX(@v1)`: binary columns travel as hex. */
function columnList(mapping: TableMapping): string {
  const binary = new Set(mapping.columns.filter((c) => c.type.kind === 'varbinary' || c.type.kind === 'blob').map((c) => c.column));
  const names = rowColumns(mapping);
  const list = names.map((name, i) => (binary.has(name) ? `@v${i}` : quoteIdent(name))).join(', ');
  const sets = names.flatMap((name, i) => (binary.has(name) ? [`${quoteIdent(name)} = UNHEX(@v${i})`] : [])).join(', ');
  return `(${list})${sets ? ` SET ${sets}` : ''}`;
}

/**
 * Aurora MySQL's server-side load of every CSV object under `s3://bucket/prefix`. REPLACE makes a
 * reload after a crash an upsert by primary key (the export path refuses tables with other UNIQUE
 * columns, where REPLACE would delete a row that shares the value).
 */
export function auroraLoadStatement(mapping: TableMapping, bucket: string, prefix: string): string {
  const uri = `s3://${bucket}/${prefix}`.replace(/'/g, "''");
  return `LOAD DATA FROM S3 PREFIX '${uri}' REPLACE INTO TABLE ${quoteIdent(mapping.target)} ${FORMAT} ${columnList(mapping)}`;
}

/** The same load from a stream this process sends (servers without LOAD DATA FROM S3: MySQL, MariaDB). */
export function localLoadStatement(mapping: TableMapping, name: string): string {
  return `LOAD DATA LOCAL INFILE '${name.replace(/'/g, "''")}' REPLACE INTO TABLE ${quoteIdent(mapping.target)} ${FORMAT} ${columnList(mapping)}`;
}
