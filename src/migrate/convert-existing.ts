/**
 * `--into-existing`: one DynamoDB item → one row of the application's table, or the reason and the
 * column it cannot be stored in. Conversions are exact or refused; a value is never rewritten except
 * by an ENUM value map the user wrote in the config.
 */
import { Reject, toJsonText, writeJsonAt, type SqlValue } from './convert.js';
import type { Item, WireValue } from './dynamo-json.js';
import type { ExistingColumnMapping, IntoExistingPlan } from './existing-mapping.js';
import { isoToUtc } from './iso-datetime.js';
import { fitsDecimal, formatDecimal, fractionDigits, parseDecimal } from './numbers.js';
import { charLength, dynamoTypeOf } from './sample-stats.js';

/** In a row: the item lacks the attribute, so the column is left out of the INSERT and takes its default. */
export const USE_DEFAULT: unique symbol = Symbol('USE_DEFAULT');
export type ExistingValue = SqlValue | typeof USE_DEFAULT;
export type ExistingRow = ExistingValue[];

export type MappedExisting = { ok: true; row: ExistingRow } | { ok: false; reason: string; column?: string };

class ColumnReject extends Reject {
  constructor(
    message: string,
    readonly column: string,
  ) {
    super(message);
  }
}

/** Column order of every row: the plan's columns, then the extra column when there is one. */
export function existingRowColumns(plan: IntoExistingPlan): string[] {
  return [...plan.columns.map((c) => c.column), ...(plan.extraColumn ? [plan.extraColumn] : [])];
}

const NUMERIC_STRING = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function refuse(column: ExistingColumnMapping, detail: string): never {
  throw new ColumnReject(`${column.attribute} → column ${column.column} ${column.sqlType}: ${detail}`, column.column);
}

function numberText(column: ExistingColumnMapping, value: WireValue): string {
  if (value.N !== undefined) return value.N;
  if (value.S !== undefined && NUMERIC_STRING.test(value.S)) return value.S;
  if (value.S !== undefined) refuse(column, `"${value.S}" is not a number`);
  return refuse(column, `a ${dynamoTypeOf(value)} value is not a number`);
}

function valueFor(column: ExistingColumnMapping, value: WireValue): SqlValue {
  const conversion = column.conversion;
  switch (conversion.kind) {
    case 'string': {
      if (value.S === undefined) {
        if (conversion.text && (value.M || value.L || value.SS || value.NS || value.BS)) return toJsonText(value, column.attribute, 'reject');
        return refuse(column, `a ${dynamoTypeOf(value)} value is not a string`);
      }
      if (conversion.maxChars !== null && value.S.length > conversion.maxChars && charLength(value.S) > conversion.maxChars) {
        refuse(column, `${charLength(value.S)} characters are longer than the column (${conversion.maxChars})`);
      }
      if (conversion.maxBytes !== null && value.S.length * 4 > conversion.maxBytes && Buffer.byteLength(value.S) > conversion.maxBytes) {
        refuse(column, `${Buffer.byteLength(value.S)} bytes are longer than the column (${conversion.maxBytes})`);
      }
      return value.S;
    }
    case 'integer': {
      const text = numberText(column, value);
      const number = parseDecimal(text);
      if (!number) return refuse(column, `"${text}" is not a number`);
      if (fractionDigits(number) > 0) refuse(column, `${text} is not an integer (never rounded)`);
      const plain = formatDecimal(number);
      const big = BigInt(plain);
      if (big < conversion.min || big > conversion.max) refuse(column, `${text} is outside ${conversion.min}..${conversion.max}`);
      return plain;
    }
    case 'decimal': {
      const text = numberText(column, value);
      const number = parseDecimal(text);
      if (!number) return refuse(column, `"${text}" is not a number`);
      if (!fitsDecimal(number, conversion.precision, conversion.scale)) refuse(column, `${text} does not fit without rounding`);
      return formatDecimal(number);
    }
    case 'boolean':
      if (value.BOOL === undefined) return refuse(column, `a ${dynamoTypeOf(value)} value is not true or false`);
      return value.BOOL ? 1 : 0;
    case 'enum': {
      if (value.S === undefined) return refuse(column, `a ${dynamoTypeOf(value)} value is not one of the ENUM's values`);
      const mapped = column.values && Object.hasOwn(column.values, value.S) ? (column.values[value.S] as string) : value.S;
      if (!conversion.values.includes(mapped)) refuse(column, `"${value.S}" is not one of the ENUM's values (never rewritten without a value map in the config)`);
      return mapped;
    }
    case 'datetime': {
      if (value.S === undefined) return refuse(column, `a ${dynamoTypeOf(value)} value is not an ISO-8601 date-time`);
      const result = isoToUtc(value.S, conversion.fsp, conversion.timestamp ? 'timestamp' : 'datetime');
      if (!result.ok) return refuse(column, result.reason);
      return result.value;
    }
    case 'json':
      return toJsonText(value, column.attribute, 'reject');
    case 'binary': {
      if (value.B === undefined) return refuse(column, `a ${dynamoTypeOf(value)} value is not binary`);
      const buffer = Buffer.from(value.B, 'base64');
      if (conversion.maxBytes !== null && buffer.byteLength > conversion.maxBytes) refuse(column, `${buffer.byteLength} bytes are longer than the column (${conversion.maxBytes})`);
      return buffer;
    }
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const prepared = new WeakMap<IntoExistingPlan, { mapped: Set<string>; keys: Set<string>; leftOut: Set<string> }>();

function setsOf(plan: IntoExistingPlan): { mapped: Set<string>; keys: Set<string>; leftOut: Set<string> } {
  let sets = prepared.get(plan);
  if (!sets) {
    sets = { mapped: new Set(plan.columns.map((c) => c.attribute)), keys: new Set(plan.keys), leftOut: new Set(plan.leftOut) };
    prepared.set(plan, sets);
  }
  return sets;
}

export function mapExistingItem(item: Item, plan: IntoExistingPlan): MappedExisting {
  try {
    const row: ExistingRow = [];
    const { mapped, keys, leftOut } = setsOf(plan);
    for (const column of plan.columns) {
      const value = item[column.attribute];
      const isNull = value !== undefined && dynamoTypeOf(value) === 'NULL';
      if (value === undefined || isNull) {
        if (keys.has(column.attribute)) throw new ColumnReject(`item has no key attribute ${column.attribute}`, column.column);
        if (isNull && !column.nullable) throw new ColumnReject(`${column.attribute} is NULL, but column ${column.column} is NOT NULL`, column.column);
        if (!isNull && !column.hasDefault) throw new ColumnReject(`${column.attribute}: missing, and column ${column.column} is NOT NULL without a default`, column.column);
        row.push(isNull ? null : USE_DEFAULT);
        continue;
      }
      row.push(valueFor(column, value as WireValue));
    }
    const extra: string[] = ['{'];
    for (const name of Object.keys(item).sort(byText)) {
      if (mapped.has(name)) continue;
      if (plan.extraColumn) {
        extra.push(`${extra.length > 1 ? ',' : ''}${JSON.stringify(name)}:`);
        writeJsonAt(extra, item[name] as WireValue, name, 'reject');
      } else if (!plan.dropUnmapped && !leftOut.has(name)) {
        throw new ColumnReject(`attribute ${name} has no column in ${plan.target} (name a JSON column with --extra-column, or --drop-unmapped)`, '');
      }
    }
    if (plan.extraColumn) row.push(extra.length > 1 ? `${extra.join('')}}` : USE_DEFAULT);
    return { ok: true, row };
  } catch (error) {
    if (error instanceof ColumnReject) return { ok: false, reason: error.message, ...(error.column ? { column: error.column } : {}) };
    if (error instanceof Reject) return { ok: false, reason: error.message };
    throw error;
  }
}
