/**
 * Column names for attributes. An attribute whose name is a valid, unreserved column name gets
 * exactly that column. Any other (spaces, dots, non-ASCII, reserved words, a second spelling that
 * differs only in case) is renamed to a name that no attribute of the table has and no other column
 * takes, so a rename can never land on another attribute's column.
 */

/** MySQL 8.0's reserved words (an unquoted column may not be named so), plus MariaDB's own. */
const RESERVED = new Set(
  (
    'accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call cascade case change char character check collate column condition ' +
    'constraint continue convert create cross cube cume_dist current_date current_role current_time current_timestamp current_user cursor database databases day_hour day_microsecond ' +
    'day_minute day_second dec decimal declare default delayed delete delete_domain_id dense_rank desc describe deterministic distinct distinctrow div do_domain_ids double drop dual each else elseif empty ' +
    'enclosed escaped except exists exit explain false fetch first_value float float4 float8 for force foreign from fulltext function general generated get grant group grouping groups ' +
    'having high_priority hour_microsecond hour_minute hour_second if ignore ignore_domain_ids ignore_server_ids in index infile inner inout insensitive insert int int1 int2 int3 int4 int8 integer intersect interval into ' +
    'io_after_gtids io_before_gtids is iterate join json_table key keys kill lag last_value lateral lead leading leave left like limit linear lines load localtime localtimestamp ' +
    'lock long longblob longtext loop low_priority master_bind master_heartbeat_period master_ssl_verify_server_cert match maxvalue mediumblob mediumint mediumtext middleint minute_microsecond minute_second mod modifies ' +
    'natural not no_write_to_binlog nth_value ntile null numeric of offset on optimize optimizer_costs option optionally or order out outer outfile over page_checksum parse_vcol_expr partition percent_rank ' +
    'position precision primary procedure purge range rank read read_write reads real recursive ref_system_id references regexp release rename repeat replace require resignal restrict return ' +
    'returning revoke right rlike row row_number rows schema schemas second_microsecond select sensitive separator set show signal slow smallint spatial specific sql sql_big_result ' +
    'sql_calc_found_rows sql_small_result sqlexception sqlstate sqlwarning ssl starting stats_auto_recalc stats_persistent stats_sample_pages stored straight_join system table terminated then tinyblob tinyint tinytext to ' +
    'trailing trigger true undo union unique unlock unsigned update usage use using utc_date utc_time utc_timestamp values varbinary varchar varcharacter varying virtual when where while window ' +
    'with write xor year_month zerofill'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** MySQL's limit is 64 characters; renames keep room for a `_N` suffix. */
const MAX_COLUMN = 64;
const MAX_BASE = 58;

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}

/** A name usable as a column exactly as spelled: ASCII letters, digits and `_`, not starting with a digit, at most 64 characters, not reserved. */
export function isPlainColumnName(name: string): boolean {
  return name.length <= MAX_COLUMN && IDENTIFIER.test(name) && !isReservedWord(name);
}

/** The readable part of a rename ("unit price" → unit_price, "order" → order_attr, "日本語" → attr). */
export function renameBase(attribute: string): string {
  let name = attribute.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') name = 'attr';
  if (/^\d/.test(name)) name = `a_${name}`;
  name = name.slice(0, MAX_BASE);
  if (isReservedWord(name)) name = `${name}_attr`;
  return name;
}

export interface NameRequest {
  attribute: string;
  /** A column name the config file sets. */
  explicit?: string;
}

export interface NamedColumn {
  attribute: string;
  column: string;
  /** Why the column is not named as the attribute; absent when it is. */
  renamed?: 'config' | 'not a plain column name' | 'reserved word' | 'differs only in case from another attribute';
}

/**
 * Names every requested attribute's column (in the order given: the first of two attributes that
 * differ only in case keeps its name). `attributes` is every attribute name the table is known to
 * have, columns or not: no rename takes one of them. `reserved` are names already in use (`extra`).
 */
export function nameColumns(requests: NameRequest[], attributes: Iterable<string>, reserved: string[] = []): NamedColumn[] {
  const used = new Set(reserved.map((r) => r.toLowerCase()));
  const attributeNames = new Set([...attributes].map((a) => a.toLowerCase()));
  for (const r of requests) attributeNames.add(r.attribute.toLowerCase());
  const named = new Map<string, NamedColumn>();
  const explicitSeen = new Set<string>();
  for (const r of requests) {
    if (!r.explicit) continue;
    const lower = r.explicit.toLowerCase();
    if (used.has(lower) || explicitSeen.has(lower)) throw new Error(`column "${r.explicit}" is used twice`);
    explicitSeen.add(lower);
    used.add(lower);
    named.set(r.attribute, { attribute: r.attribute, column: r.explicit, ...(r.explicit === r.attribute ? {} : { renamed: 'config' as const }) });
  }
  const pending: NameRequest[] = [];
  for (const r of requests) {
    if (named.has(r.attribute)) continue;
    if (isPlainColumnName(r.attribute) && !used.has(r.attribute.toLowerCase())) {
      used.add(r.attribute.toLowerCase());
      named.set(r.attribute, { attribute: r.attribute, column: r.attribute });
    } else pending.push(r);
  }
  for (const r of pending) {
    const base = renameBase(r.attribute);
    let column = base;
    for (let n = 2; used.has(column.toLowerCase()) || attributeNames.has(column.toLowerCase()); n++) column = `${base}_${n}`;
    used.add(column.toLowerCase());
    const renamed = isPlainColumnName(r.attribute)
      ? 'differs only in case from another attribute'
      : IDENTIFIER.test(r.attribute) && isReservedWord(r.attribute)
        ? 'reserved word'
        : 'not a plain column name';
    named.set(r.attribute, { attribute: r.attribute, column, renamed });
  }
  return requests.map((r) => named.get(r.attribute) as NamedColumn);
}

/** The JSON column for attributes without a column: `preferred` unless an attribute or column holds that name. */
export function extraColumnName(preferred: string, taken: Iterable<string>): string {
  const names = new Set([...taken].map((t) => t.toLowerCase()));
  if (!names.has(preferred.toLowerCase())) return preferred;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${preferred}_attributes` : `${preferred}_attributes_${n}`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}
