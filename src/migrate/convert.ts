/**
 * One DynamoDB item → one row of SQL values, or the reason it cannot be stored exactly.
 * Nothing is coerced: a value that does not fit its column is a reject, never a truncation.
 */
import { DECIMAL_TEXT_LENGTH, columnTypeName, type ColumnType } from './column-type.js';
import type { ColumnMapping, TableMapping } from './mapping.js';
import { fitsBigint, fitsDecimal, formatDecimal, isDoubleExact, parseDecimal } from './numbers.js';
import { dataObject } from './data-object.js';
import type { Item, WireValue } from './dynamo-json.js';
import { charLength, dynamoTypeOf } from './sample-stats.js';

export type SqlValue = string | number | Buffer | null;
export type { Item } from './dynamo-json.js';
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type MappedItem = { ok: true; row: SqlValue[] } | { ok: false; reason: string; column?: string };

/** A value that cannot be stored exactly: the item is rejected with this message. */
export class Reject extends Error {}

/** A nested value that cannot be stored: its path inside the attribute is filled in as the error rises. */
class NestedReject extends Error {
  path = '';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** Binary inside JSON (maps, lists, sets, `extra`): `{"$binary": "<base64>"}`, as in MongoDB's extended JSON. */
export const BINARY_TAG = '$binary';

/** A number inside JSON: the JSON text of a double that holds it exactly, or of its decimal string. */
function jsonNumber(text: string, mode: TableMapping['jsonExactNumbers']): number | string {
  // Fast path: when the double's own spelling is the text, the round trip is exact by definition
  // (the same test isDoubleExact makes, without the decimal parsing).
  const quick = Number(text);
  if (Number.isFinite(quick) && String(quick) === text) return quick;
  const number = parseDecimal(text);
  if (!number) throw new NestedReject(`"${text}" is not a number`);
  if (isDoubleExact(number)) return Number(formatDecimal(number));
  if (mode === 'string') return formatDecimal(number);
  throw new NestedReject(
    `number ${text} cannot be stored exactly in a JSON column (MySQL keeps JSON numbers as doubles); give the attribute its own column or set jsonExactNumbers: "string"`,
  );
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byNumberThenText(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : byText(String(a), String(b));
}

/** Prefixes a nested reject with the step it rose through; path strings are built only on a reject. */
function rethrowWithin(error: unknown, step: string): never {
  if (error instanceof NestedReject) error.path = `${step}${error.path}`;
  throw error;
}

const binaryJson = (base64: string): string => `{"${BINARY_TAG}":${JSON.stringify(base64)}}`;

/**
 * Appends the JSON text of a DynamoDB value to `out`, joined once by the caller: a copy does this
 * for every map, list and set of every item. A tree handed to JSON.stringify doubled the garbage,
 * and `+=` would leave a rope of string pieces alive until the driver flattens it.
 * Map keys are sorted by UTF-16 code unit, sets are sorted (DynamoDB gives sets no order).
 */
function writeJson(out: string[], value: WireValue, mode: TableMapping['jsonExactNumbers']): void {
  switch (dynamoTypeOf(value)) {
    case 'S':
      out.push(JSON.stringify(value.S));
      return;
    case 'N':
      out.push(JSON.stringify(jsonNumber(value.N as string, mode)));
      return;
    case 'BOOL':
      out.push(value.BOOL ? 'true' : 'false');
      return;
    case 'NULL':
      out.push('null');
      return;
    case 'B':
      out.push(binaryJson(value.B as string));
      return;
    case 'M': {
      const map = value.M ?? {};
      const keys = Object.keys(map).sort(byText);
      out.push('{');
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        out.push(i ? `,${JSON.stringify(key)}:` : `${JSON.stringify(key)}:`);
        try {
          writeJson(out, map[key] as WireValue, mode);
        } catch (error) {
          rethrowWithin(error, `.${key}`);
        }
      }
      out.push('}');
      return;
    }
    case 'L': {
      const list = value.L ?? [];
      out.push('[');
      for (let i = 0; i < list.length; i++) {
        if (i) out.push(',');
        try {
          writeJson(out, list[i] as WireValue, mode);
        } catch (error) {
          rethrowWithin(error, `[${i}]`);
        }
      }
      out.push(']');
      return;
    }
    case 'SS':
      out.push(JSON.stringify([...(value.SS ?? [])].sort(byText)));
      return;
    case 'NS':
      out.push(JSON.stringify((value.NS ?? []).map((n) => jsonNumber(n, mode)).sort(byNumberThenText)));
      return;
    case 'BS':
      out.push(`[${[...(value.BS ?? [])].sort(byText).map(binaryJson).join(',')}]`);
      return;
  }
}

/** Appends the JSON text of a value; a nested value that cannot be stored is a reject naming `path`. */
export function writeJsonAt(out: string[], value: WireValue, path: string, mode: TableMapping['jsonExactNumbers']): void {
  try {
    writeJson(out, value, mode);
  } catch (error) {
    if (error instanceof NestedReject) throw new Reject(`${path}${error.path}: ${error.detail}`);
    throw error;
  }
}

/** DynamoDB value → JSON text. `path` names the value in a reject. */
export function toJsonText(value: WireValue, path: string, mode: TableMapping['jsonExactNumbers']): string {
  const out: string[] = [];
  writeJsonAt(out, value, path, mode);
  return out.join('');
}

function describe(column: ColumnMapping): string {
  return `column ${column.column} ${columnTypeName(column.type)}`;
}

/** At most 18 digits, no leading zero: already canonical and within BIGINT. */
const PLAIN_BIGINT = /^-?[1-9]\d{0,17}$/;

function numberFor(column: ColumnMapping, text: string, type: ColumnType): string {
  if (type.kind === 'bigint' && (text === '0' || PLAIN_BIGINT.test(text))) return text;
  const number = parseDecimal(text);
  if (!number) throw new Reject(`${column.attribute}: "${text}" is not a number`);
  const plain = formatDecimal(number);
  if (type.kind === 'bigint' && !fitsBigint(number)) throw new Reject(`${column.attribute}: ${text} does not fit ${describe(column)}`);
  if (type.kind === 'decimal' && !fitsDecimal(number, type.precision, type.scale)) {
    throw new Reject(`${column.attribute}: ${text} does not fit ${describe(column)} without rounding`);
  }
  if (type.kind === 'decimal-text' && plain.length > DECIMAL_TEXT_LENGTH) throw new Reject(`${column.attribute}: ${text} is too long for ${describe(column)}`);
  return plain;
}

function mismatch(column: ColumnMapping, value: WireValue): Reject {
  return new Reject(`${column.attribute}: a ${dynamoTypeOf(value)} value does not fit ${describe(column)}`);
}

/** MEDIUMTEXT's limit in bytes; a UTF-16 code unit is at most 3 UTF-8 bytes, so short strings need no count. */
const TEXT_MAX_BYTES = 16_777_215;

function valueFor(column: ColumnMapping, value: WireValue, mode: TableMapping['jsonExactNumbers']): SqlValue {
  const type = column.type;
  switch (type.kind) {
    case 'varchar':
    case 'text': {
      if (value.S === undefined) throw mismatch(column, value);
      // UTF-16 length bounds the character count, so most strings need no counting.
      if (type.kind === 'varchar' && value.S.length > type.length && charLength(value.S) > type.length) {
        throw new Reject(`${column.attribute}: ${charLength(value.S)} characters do not fit ${describe(column)}`);
      }
      if (type.kind === 'text' && value.S.length * 3 > TEXT_MAX_BYTES && Buffer.byteLength(value.S) > TEXT_MAX_BYTES) throw new Reject(`${column.attribute}: too long for ${describe(column)}`);
      return value.S;
    }
    case 'bigint':
    case 'decimal':
    case 'decimal-text':
      if (value.N === undefined) throw mismatch(column, value);
      return numberFor(column, value.N, type);
    case 'boolean':
      if (value.BOOL === undefined) throw mismatch(column, value);
      return value.BOOL ? 1 : 0;
    case 'json':
      if (value.M === undefined && value.L === undefined && value.SS === undefined && value.NS === undefined && value.BS === undefined) throw mismatch(column, value);
      return toJsonText(value, column.attribute, mode);
    case 'varbinary':
    case 'blob': {
      if (value.B === undefined) throw mismatch(column, value);
      const buffer = Buffer.from(value.B, 'base64');
      if (type.kind === 'varbinary' && buffer.byteLength > type.length) throw new Reject(`${column.attribute}: ${buffer.byteLength} bytes do not fit ${describe(column)}`);
      return buffer;
    }
  }
}

/** Per mapping, computed once: the attributes that have a column, and the key attributes. */
const attributeSets = new WeakMap<TableMapping, { mapped: Set<string>; keys: Set<string> }>();

function attributesOf(mapping: TableMapping): { mapped: Set<string>; keys: Set<string> } {
  let sets = attributeSets.get(mapping);
  if (!sets) {
    sets = { mapped: new Set(mapping.columns.map((c) => c.attribute)), keys: new Set(mapping.keys) };
    attributeSets.set(mapping, sets);
  }
  return sets;
}

/** Maps one item; the row follows `rowColumns(mapping)`. */
export function mapItem(item: Item, mapping: TableMapping): MappedItem {
  try {
    const row: SqlValue[] = [];
    const { mapped, keys } = attributesOf(mapping);
    // `extra`'s JSON text, written as the attributes are met; '{' alone means it stays NULL.
    const extra: string[] = ['{'];
    for (const column of mapping.columns) {
      const value = item[column.attribute];
      if (value === undefined || dynamoTypeOf(value) === 'NULL') {
        if (keys.has(column.attribute)) throw new Reject(`item has no key attribute ${column.attribute}`);
        if (!column.nullable) throw new Reject(`${column.attribute}: missing, but ${describe(column)} is NOT NULL`);
        // An explicit NULL attribute is kept in `extra`, so "absent" and "NULL" stay distinguishable.
        if (value !== undefined) extra.push(`${extra.length > 1 ? ',' : ''}${JSON.stringify(column.attribute)}:null`);
        row.push(null);
        continue;
      }
      row.push(valueFor(column, value, mapping.jsonExactNumbers));
    }
    for (const name of Object.keys(item).filter((n) => !mapped.has(n)).sort(byText)) {
      const value = item[name] as WireValue;
      extra.push(`${extra.length > 1 ? ',' : ''}${JSON.stringify(name)}:`);
      writeJsonAt(extra, value, name, mapping.jsonExactNumbers);
    }
    if (extra.length > 1) extra.push('}');
    row.push(extra.length > 1 ? extra.join('') : null);
    return { ok: true, row };
  } catch (error) {
    if (error instanceof Reject) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The item's key as plain JSON, for rejects and difference lists. */
export function keyOf(item: Item, mapping: Pick<TableMapping, 'keys'>): Record<string, JsonValue> {
  const out = dataObject<JsonValue>();
  for (const name of mapping.keys) {
    const value = item[name];
    if (value === undefined) continue;
    try {
      out[name] = value.N !== undefined ? value.N : value.S !== undefined ? value.S : (JSON.parse(toJsonText(value, name, 'string')) as JsonValue);
    } catch {
      out[name] = null;
    }
  }
  return out;
}
