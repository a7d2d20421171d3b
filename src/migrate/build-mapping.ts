/**
 * The mapping of one table: the design's columns, then one column per attribute the sample shows
 * with a single type, then the config file's overrides. Attributes with mixed types (or only NULL)
 * get no column and travel in `extra`.
 */
import { usageError } from '../errors.js';
import {
  COLUMN_TYPE_SPELLINGS,
  MAX_KEY_VARCHAR,
  parseColumnType,
  type ColumnType,
} from './column-type.js';
import type { MigrateConfig, MigrateTableConfig } from './config-schema.js';
import { extraColumnName, nameColumns, type NamedColumn } from './column-names.js';
import { DESIGN_TABLES, designTableOf } from './design-tables.js';
import type { ColumnMapping, TableMapping } from './mapping.js';
import { MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE } from './numbers.js';
import type { AttributeStats, DynamoType, SampleStats } from './sample-stats.js';

export interface MappingInput {
  source: string;
  /** Key attribute names and their DynamoDB scalar type (S, N or B), partition key first. */
  keys: Array<{ name: string; type: 'S' | 'N' | 'B' }>;
  stats?: SampleStats;
  config?: MigrateConfig;
}

export function tableConfigFor(source: string, config: MigrateConfig | undefined): MigrateTableConfig | undefined {
  const tables = config?.tables ?? {};
  const design = designTableOf(source);
  return tables[source] ?? (design ? tables[design] : undefined);
}

export function targetNameFor(source: string, config: MigrateConfig | undefined): string {
  const fromConfig = tableConfigFor(source, config)?.target;
  if (fromConfig) return fromConfig;
  const design = designTableOf(source);
  if (design) return DESIGN_TABLES[design].target;
  throw usageError(
    `unknown table "${source}": the design migrates only *services* and *users*; add migrate.tables["${source}"] to the config file to migrate it`,
  );
}

function numberType(stats: AttributeStats): ColumnType {
  if (stats.allBigint) return { kind: 'bigint' };
  const integer = stats.maxIntegerDigits;
  const scale = stats.maxFractionDigits;
  if (scale <= MAX_DECIMAL_SCALE && integer + scale <= MAX_DECIMAL_PRECISION) {
    return { kind: 'decimal', precision: MAX_DECIMAL_PRECISION, scale };
  }
  return { kind: 'decimal-text' };
}

function inferType(stats: AttributeStats, isKey: boolean): ColumnType | null {
  const types = [...stats.types].filter((t) => t !== 'NULL');
  if (types.length !== 1) return null;
  const only = types[0] as DynamoType;
  switch (only) {
    case 'S':
      if (isKey) return { kind: 'varchar', length: stats.maxChars <= 255 ? 255 : MAX_KEY_VARCHAR };
      if (stats.maxChars <= 64) return { kind: 'varchar', length: 64 };
      if (stats.maxChars <= 255) return { kind: 'varchar', length: 255 };
      return { kind: 'text' };
    case 'N':
      return numberType(stats);
    case 'B':
      if (isKey) return { kind: 'varbinary', length: 1024 };
      return stats.maxBytes <= 255 ? { kind: 'varbinary', length: 255 } : { kind: 'blob' };
    case 'BOOL':
      return { kind: 'boolean' };
    default:
      return { kind: 'json' };
  }
}

function keyDefaultType(type: 'S' | 'N' | 'B'): ColumnType {
  if (type === 'S') return { kind: 'varchar', length: 255 };
  if (type === 'B') return { kind: 'varbinary', length: 1024 };
  return { kind: 'decimal', precision: MAX_DECIMAL_PRECISION, scale: MAX_DECIMAL_SCALE };
}

export function buildMapping(input: MappingInput): TableMapping {
  const { source, keys, stats, config } = input;
  const tableConfig = tableConfigFor(source, config);
  const target = targetNameFor(source, config);
  const design = designTableOf(source);
  const keyNames = new Set(keys.map((k) => k.name));
  const columns = new Map<string, Omit<ColumnMapping, 'column'> & { column?: string }>();

  if (design) {
    for (const column of DESIGN_TABLES[design].columns) {
      // The design's `id` is its key; when the table's key is something else, `id` is inferred like any attribute.
      if (column.attribute === 'id' && !keyNames.has('id')) continue;
      columns.set(column.attribute, { ...column });
    }
  }
  for (const key of keys) {
    if (!columns.has(key.name)) {
      const seen = stats?.attributes.get(key.name);
      const type = (seen && inferType(seen, true)) ?? keyDefaultType(key.type);
      columns.set(key.name, { attribute: key.name, type, nullable: false, unique: false });
    }
  }
  if (stats) {
    for (const name of [...stats.attributes.keys()].sort()) {
      if (columns.has(name)) continue;
      const type = inferType(stats.attributes.get(name) as AttributeStats, false);
      if (type) columns.set(name, { attribute: name, type, nullable: true, unique: false });
    }
  }

  for (const [attribute, raw] of Object.entries(tableConfig?.columns ?? {})) {
    const where = `migrate.tables["${source}"].columns["${attribute}"]`;
    const override = typeof raw === 'string' ? { column: raw } : raw;
    if (override?.values) throw usageError(`${where}: "values" maps ENUM values of an existing table: it applies with --into-existing only`);
    if (override === null) {
      if (keyNames.has(attribute)) throw usageError(`${where}: a key attribute needs its own column`);
      columns.delete(attribute);
      continue;
    }
    const existing = columns.get(attribute);
    const type = override.type ? parseColumnType(override.type) : existing?.type;
    if (!type) throw usageError(`${where}: no type known for this attribute; set "type" (${COLUMN_TYPE_SPELLINGS})`);
    columns.set(attribute, {
      attribute,
      type,
      nullable: keyNames.has(attribute) ? false : (override.nullable ?? existing?.nullable ?? true),
      unique: override.unique ?? existing?.unique ?? false,
      column: override.column ?? existing?.column,
    });
  }

  // Keys first, so the primary key leads the table; then the rest in a stable order.
  const ordered = [...keys.map((k) => columns.get(k.name)), ...[...columns.values()].filter((c) => !keyNames.has(c.attribute))].filter(
    (c): c is NonNullable<typeof c> => c !== undefined,
  );
  const knownAttributes = [...columns.keys(), ...(stats ? stats.attributes.keys() : [])];
  const configuredExtra = tableConfig?.extraColumn;
  const claimed = ordered.map((c) => c.column ?? c.attribute);
  if (configuredExtra && claimed.some((name) => name.toLowerCase() === configuredExtra.toLowerCase())) {
    throw usageError(`migrate.tables["${source}"]: extraColumn "${configuredExtra}" is also the column of an attribute; choose another name`);
  }
  const extraColumn = configuredExtra ?? extraColumnName('extra', claimed);
  let names: NamedColumn[];
  try {
    names = nameColumns(
      ordered.map((c) => ({ attribute: c.attribute, explicit: c.column })),
      knownAttributes,
      [extraColumn],
    );
  } catch (error) {
    throw usageError(`migrate.tables["${source}"]: ${(error as Error).message}`);
  }
  const named: ColumnMapping[] = ordered.map((column, i) => {
    const { renamed, column: name } = names[i] as NamedColumn;
    return { ...column, column: name, ...(renamed ? { renamed } : {}) };
  });
  for (const key of keys) {
    const column = named.find((c) => c.attribute === key.name) as ColumnMapping;
    if (column.type.kind === 'varchar' && column.type.length > MAX_KEY_VARCHAR) {
      throw usageError(`migrate.tables["${source}"]: key column ${column.column} can be at most VARCHAR(${MAX_KEY_VARCHAR}) (index size limit)`);
    }
    if (['text', 'blob', 'json', 'boolean'].includes(column.type.kind)) {
      throw usageError(`migrate.tables["${source}"]: key column ${column.column} cannot be ${column.type.kind}`);
    }
  }
  return {
    source,
    target,
    keys: keys.map((k) => k.name),
    columns: named,
    extraColumn,
    jsonExactNumbers: tableConfig?.jsonExactNumbers ?? 'reject',
  };
}
