/**
 * `--into-existing`: how a DynamoDB table lands in a table the application already has. A pure
 * mapper from the table's description (information_schema) and the attribute names a sample saw
 * to a plan: attribute → column by name (the config's word first, then the exact name, then
 * camelCase → snake_case), each column's exact conversion, and what cannot be mapped (a list of
 * problems that stops the copy before it starts).
 */
import type { MigrateTableConfig } from './config-schema.js';
import { enumValues, hasDefault, ignoresCase, type ExistingColumn, type ExistingTableShape } from './existing-table.js';

export type ExistingConversion =
  /** CHAR/VARCHAR (characters) and TEXT types (bytes); TEXT also takes maps and lists as JSON text. */
  | { kind: 'string'; maxChars: number | null; maxBytes: number | null; text: boolean }
  | { kind: 'integer'; min: bigint; max: bigint }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'datetime'; fsp: number; timestamp: boolean }
  | { kind: 'json' }
  | { kind: 'binary'; maxBytes: number | null };

export interface ExistingColumnMapping {
  attribute: string;
  /** The column as the table spells it. */
  column: string;
  /** COLUMN_TYPE in upper case, for messages. */
  sqlType: string;
  conversion: ExistingConversion;
  nullable: boolean;
  /** Left out of the INSERT when the item lacks the attribute, so the server fills in its default. */
  hasDefault: boolean;
  defaultValue: string | null;
  how: 'exact name' | 'camelCase → snake_case' | 'config';
  /** ENUM value map, from the config only. */
  values?: Record<string, string>;
  /** What `schema --into-existing` says about the column (precision cut, case-insensitive unique key, ...). */
  notes: string[];
}

export interface IntoExistingPlan {
  source: string;
  target: string;
  keys: string[];
  /** Key columns first, then the other mapped attributes in name order. */
  columns: ExistingColumnMapping[];
  /** JSON column for attributes without a column; null: none named. */
  extraColumn: string | null;
  dropUnmapped: boolean;
  /** Attributes the config sets to null: into extraColumn if there is one, else left out. */
  leftOut: string[];
  /** Attributes seen with no column: left out under --drop-unmapped, else each one a problem. */
  unmapped: string[];
  /** Columns no attribute feeds, with their default. */
  unfed: Array<{ column: string; fill: string }>;
  /** Why the copy cannot start; empty when it can. */
  problems: string[];
  shape: ExistingTableShape;
}

export interface IntoExistingInput {
  source: string;
  target: string;
  keys: string[];
  /** Every attribute name the sample saw (keys included). */
  attributes: Iterable<string>;
  shape: ExistingTableShape;
  tableConfig?: MigrateTableConfig;
  /** --extra-column (wins over the config's extraColumn). */
  extraColumn?: string;
  dropUnmapped: boolean;
}

/** `createdAt` → `created_at`, `userID` → `user_id`, `HTTPStatus` → `http_status`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[\s.-]+/g, '_')
    .toLowerCase();
}

/** `enum('a','b')` → `ENUM('a','b')`, `int(10) unsigned` → `INT(10) UNSIGNED`: the type in capitals, ENUM values as they are. */
export function sqlTypeOf(column: ExistingColumn): string {
  return column.columnType.replace(/^[a-z]+/, (m) => m.toUpperCase()).replace(/ (unsigned|zerofill)/g, (m) => m.toUpperCase());
}

const INTEGER_BITS: Record<string, number> = { tinyint: 8, smallint: 16, mediumint: 24, int: 32, integer: 32, bigint: 64 };

/** The exact conversion into `column`, or why there is none. */
export function conversionFor(column: ExistingColumn): ExistingConversion | string {
  const type = column.dataType;
  if (type === 'tinyint' && /^tinyint\(1\)/.test(column.columnType)) return { kind: 'boolean' };
  if (type === 'bool' || type === 'boolean') return { kind: 'boolean' };
  const bits = INTEGER_BITS[type];
  if (bits) {
    const unsigned = column.columnType.includes('unsigned');
    const span = 1n << BigInt(bits);
    return unsigned ? { kind: 'integer', min: 0n, max: span - 1n } : { kind: 'integer', min: -(span / 2n), max: span / 2n - 1n };
  }
  if (type === 'decimal' || type === 'numeric') return { kind: 'decimal', precision: column.precision ?? 10, scale: column.scale ?? 0 };
  if (type === 'char' || type === 'varchar') return { kind: 'string', maxChars: column.maxLength, maxBytes: null, text: false };
  if (['tinytext', 'text', 'mediumtext', 'longtext'].includes(type)) return { kind: 'string', maxChars: null, maxBytes: column.maxBytes ?? column.maxLength, text: true };
  if (type === 'enum') return { kind: 'enum', values: enumValues(column.columnType) };
  if (type === 'timestamp' || type === 'datetime') return { kind: 'datetime', fsp: column.fsp ?? 0, timestamp: type === 'timestamp' };
  if (type === 'json') return { kind: 'json' };
  if (['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob'].includes(type)) return { kind: 'binary', maxBytes: column.maxBytes ?? column.maxLength };
  return `${column.columnType.toUpperCase()} has no exact conversion from a DynamoDB value`;
}

const FSP_UNITS = ['seconds', 'tenths of a second', 'hundredths of a second', 'milliseconds', '4 fraction digits', '5 fraction digits', 'microseconds'];

function notesFor(column: ExistingColumn, conversion: ExistingConversion, shape: ExistingTableShape, values?: Record<string, string>): string[] {
  const notes: string[] = [];
  if (conversion.kind === 'datetime') {
    notes.push(`ISO-8601 with a zone, stored as UTC; the column keeps ${FSP_UNITS[conversion.fsp] ?? `${conversion.fsp} fraction digits`}: digits beyond ${conversion.fsp} are cut`);
  }
  if (conversion.kind === 'decimal') notes.push('numbers and numeric strings, never rounded');
  if (conversion.kind === 'integer') notes.push('integers and integer strings in range');
  if (conversion.kind === 'enum') {
    notes.push(values ? `values mapped by the config: ${Object.entries(values).map(([a, b]) => `"${a}" → "${b}"`).join(', ')}; any other value outside the ENUM is rejected` : 'a value outside the ENUM is rejected');
  }
  for (const key of shape.uniqueKeys) {
    if (!key.columns.some((c) => c.toLowerCase() === column.name.toLowerCase())) continue;
    notes.push(
      `unique key ${key.name}${ignoresCase(column) ? ` (collation ${column.collation} ignores case: a value differing only in case collides, and the item is rejected naming both keys)` : ''}`,
    );
  }
  for (const fk of shape.foreignKeys) {
    const at = fk.columns.findIndex((c) => c.toLowerCase() === column.name.toLowerCase());
    if (at >= 0) notes.push(`references ${fk.refTable}.${fk.refColumns[at] ?? '?'}: an item whose parent row is missing is rejected`);
  }
  return notes;
}

type ColumnRequest = string | { column?: string; type?: string; nullable?: boolean; unique?: boolean; values?: Record<string, string> } | null;

export function planIntoExisting(input: IntoExistingInput): IntoExistingPlan {
  const { source, target, shape, tableConfig } = input;
  const problems: string[] = [];
  const where = (attribute: string): string => `migrate.tables["${source}"].columns["${attribute}"]`;
  const byName = new Map(shape.columns.map((c) => [c.name.toLowerCase(), c]));
  const configured = (tableConfig?.columns ?? {}) as Record<string, ColumnRequest>;
  const attributes = [...new Set([...input.keys, ...input.attributes, ...Object.keys(configured).filter((a) => configured[a] !== null)])];
  const keySet = new Set(input.keys);
  const ordered = [...input.keys, ...attributes.filter((a) => !keySet.has(a)).sort()];

  // --extra-column serves every table of the run: a table without that column needs it only when it has attributes without a column.
  const extraColumn = input.extraColumn ?? tableConfig?.extraColumn ?? null;
  const extra = extraColumn ? byName.get(extraColumn.toLowerCase()) : undefined;
  const extraMissing = Boolean(extraColumn && !extra);
  if (extraMissing && !input.extraColumn) problems.push(`the extra column ${extraColumn} (migrate.tables["${source}"].extraColumn) is not a column of ${target}`);
  else if (extra && !['json', 'text', 'mediumtext', 'longtext'].includes(extra.dataType)) problems.push(`the extra column ${extra.name} is ${extra.columnType.toUpperCase()}: it must be JSON or TEXT`);

  const columns: ExistingColumnMapping[] = [];
  const leftOut: string[] = [];
  const unmapped: string[] = [];
  const claimed = new Map<string, string>();
  for (const attribute of ordered) {
    const request = configured[attribute];
    if (request === null) {
      if (keySet.has(attribute)) problems.push(`${where(attribute)}: a key attribute needs its column`);
      else leftOut.push(attribute);
      continue;
    }
    const override = typeof request === 'string' ? { column: request } : request;
    if (override && (override.type !== undefined || override.nullable !== undefined || override.unique !== undefined)) {
      problems.push(`${where(attribute)}: type, nullable and unique are the existing column's; give only "column" and "values"`);
    }
    let column: ExistingColumn | undefined;
    let how: ExistingColumnMapping['how'];
    if (override?.column) {
      column = byName.get(override.column.toLowerCase());
      how = 'config';
      if (!column) {
        problems.push(`${where(attribute)}: ${target} has no column ${override.column}`);
        continue;
      }
    } else {
      column = byName.get(attribute.toLowerCase());
      how = 'exact name';
      if (!column) {
        column = byName.get(snakeCase(attribute));
        how = 'camelCase → snake_case';
      }
    }
    if (!column || (extra && column === extra)) {
      unmapped.push(attribute);
      continue;
    }
    const other = claimed.get(column.name.toLowerCase());
    if (other) {
      problems.push(`attributes "${other}" and "${attribute}" both map to column ${column.name}: set one of them to another column or to null in migrate.tables["${source}"].columns`);
      continue;
    }
    claimed.set(column.name.toLowerCase(), attribute);
    const conversion = conversionFor(column);
    if (typeof conversion === 'string') {
      problems.push(`"${attribute}" → ${column.name}: ${conversion}; map the attribute to another column or to null in ${where(attribute)}`);
      continue;
    }
    if (column.generated) {
      problems.push(`"${attribute}" → ${column.name}: a generated column cannot be written; map the attribute elsewhere or to null`);
      continue;
    }
    const values = override?.values;
    if (values) {
      if (conversion.kind !== 'enum') problems.push(`${where(attribute)}: "values" maps ENUM values, but ${column.name} is ${column.columnType.toUpperCase()}`);
      else for (const [from, to] of Object.entries(values)) if (!conversion.values.includes(to)) problems.push(`${where(attribute)}: "${from}" → "${to}", but "${to}" is not one of ${column.columnType}`);
    }
    columns.push({
      attribute,
      column: column.name,
      sqlType: sqlTypeOf(column),
      conversion,
      nullable: column.nullable,
      hasDefault: hasDefault(column),
      defaultValue: column.defaultValue,
      how,
      ...(values ? { values } : {}),
      notes: notesFor(column, conversion, shape, values),
    });
  }

  const keyColumns = input.keys.map((k) => columns.find((c) => c.attribute === k)?.column.toLowerCase());
  const primary = shape.primaryKey.map((c) => c.toLowerCase());
  if (keyColumns.some((c) => c === undefined) || keyColumns.length !== primary.length || !primary.every((c) => keyColumns.includes(c))) {
    problems.push(
      `the DynamoDB key (${input.keys.join(', ')}) must map to ${target}'s primary key (${shape.primaryKey.join(', ') || 'none'}), so that a rerun updates the rows it wrote; map the key attributes in migrate.tables["${source}"].columns`,
    );
  }
  const unfed: IntoExistingPlan['unfed'] = [];
  for (const column of shape.columns) {
    if (claimed.has(column.name.toLowerCase()) || column === extra) continue;
    if (hasDefault(column)) {
      unfed.push({ column: column.name, fill: column.autoIncrement ? 'AUTO_INCREMENT' : column.generated ? 'generated' : `default ${column.defaultValue ?? 'NULL'}` });
    } else problems.push(`column ${column.name} is NOT NULL without a default and no attribute maps to it: map one in migrate.tables["${source}"].columns`);
  }
  if (!extra && !input.dropUnmapped) {
    if (extraMissing && input.extraColumn && unmapped.length) problems.push(`--extra-column ${input.extraColumn} is not a column of ${target}`);
    for (const attribute of unmapped) {
      problems.push(`attribute "${attribute}" has no column in ${target}: name a JSON column for such attributes (--extra-column NAME or extraColumn in the config), map it in migrate.tables["${source}"].columns, or leave such attributes out with --drop-unmapped`);
    }
  }
  return { source, target, keys: input.keys, columns, extraColumn: extra?.name ?? null, dropUnmapped: input.dropUnmapped, leftOut, unmapped, unfed, problems, shape };
}
