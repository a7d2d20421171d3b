/** What an application's own table looks like, as information_schema describes it: the input of the into-existing mapping. */

export interface ExistingColumn {
  name: string;
  /** information_schema DATA_TYPE, lower case: varchar, int, decimal, enum, timestamp, ... */
  dataType: string;
  /** information_schema COLUMN_TYPE, lower case: varchar(255), tinyint(1), enum('a','b'), int(10) unsigned, ... */
  columnType: string;
  nullable: boolean;
  /** The column's default as information_schema spells it (null: none). */
  defaultValue: string | null;
  autoIncrement: boolean;
  generated: boolean;
  /** Characters (CHAR, VARCHAR) or bytes (TEXT, BLOB, BINARY). */
  maxLength: number | null;
  maxBytes: number | null;
  precision: number | null;
  scale: number | null;
  /** Fractional-seconds precision of TIMESTAMP/DATETIME (0..6). */
  fsp: number | null;
  collation: string | null;
}

export interface ExistingKey {
  name: string;
  columns: string[];
}

export interface ExistingForeignKey extends ExistingKey {
  refTable: string;
  refColumns: string[];
}

export interface ExistingTableShape {
  name: string;
  columns: ExistingColumn[];
  primaryKey: string[];
  /** UNIQUE indexes other than the primary key. */
  uniqueKeys: ExistingKey[];
  foreignKeys: ExistingForeignKey[];
}

/** ENUM('a','b''c') → ['a', "b'c"]. */
export function enumValues(columnType: string): string[] {
  const match = /^(?:enum|set)\((.*)\)$/is.exec(columnType.trim());
  if (!match) return [];
  const values: string[] = [];
  const re = /'((?:[^']|'')*)'/g;
  for (let m = re.exec(match[1] as string); m; m = re.exec(match[1] as string)) values.push((m[1] as string).replace(/''/g, "'"));
  return values;
}

/** A default the server fills in when the column is left out of an INSERT. */
export function hasDefault(column: ExistingColumn): boolean {
  return column.autoIncrement || column.generated || column.defaultValue !== null || column.nullable;
}

/** A case-insensitive (or accent-insensitive) collation: `Ann@x` and `ann@x` are one value for a UNIQUE key. */
export function ignoresCase(column: ExistingColumn): boolean {
  return column.collation !== null && /_ci$|_ai_ci$/i.test(column.collation);
}

/**
 * Tables in foreign-key order: a table after every table of the run it references. Self-references
 * and references to tables outside the run impose nothing; a cycle keeps the given order for its tables.
 */
export function foreignKeyOrder(shapes: ExistingTableShape[]): ExistingTableShape[] {
  const byName = new Map(shapes.map((s) => [s.name.toLowerCase(), s]));
  const out: ExistingTableShape[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (shape: ExistingTableShape): void => {
    const key = shape.name.toLowerCase();
    if (state.get(key)) return;
    state.set(key, 'visiting');
    for (const fk of shape.foreignKeys) {
      const parent = byName.get(fk.refTable.toLowerCase());
      if (parent && parent !== shape && !state.get(parent.name.toLowerCase())) visit(parent);
    }
    state.set(key, 'done');
    out.push(shape);
  };
  for (const shape of shapes) visit(shape);
  return out;
}
