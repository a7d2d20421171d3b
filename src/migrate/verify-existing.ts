/**
 * `verify --into-existing`: every item the mapping accepts must have its row in the application's
 * table with the same values; the table must hold no other rows. A column the item left to the
 * server's default (`created_at DEFAULT CURRENT_TIMESTAMP(3)`) is not compared: its value was never
 * the item's. Reads the target in primary-key order, in pages, as `verify` does.
 */
import { canonicalDecimal } from './numbers.js';
import { keyOf, type Item, type JsonValue } from './convert.js';
import { existingRowColumns, mapExistingItem, USE_DEFAULT, type ExistingValue } from './convert-existing.js';
import type { ExistingConversion, IntoExistingPlan } from './existing-mapping.js';
import { quoteIdent } from './mapping.js';
import type { ItemSource } from './source.js';
import type { SqlRow, SqlSession } from './sql-session.js';
import type { Difference, DifferenceKind, VerifyResult } from './verify.js';

/** Not compared: the server filled the column in. */
const SKIP = null;

function canonicalJsonText(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  try {
    return JSON.stringify(sort(typeof value === 'string' ? JSON.parse(value) : value));
  } catch {
    return `\u0000INVALID${String(value)}`;
  }
}

/** One spelling per value, from the mapping or back from the server. */
export function canonicalExisting(conversion: ExistingConversion | 'json', value: unknown): string {
  if (value === null || value === undefined) return '\u0000NULL';
  const kind = conversion === 'json' ? 'json' : conversion.kind;
  if (kind === 'integer' || kind === 'decimal') return canonicalDecimal(String(value)) ?? String(value);
  if (kind === 'boolean') return String(Number(value));
  if (kind === 'json') return canonicalJsonText(value);
  if (kind === 'binary') return Buffer.isBuffer(value) ? value.toString('hex') : String(value);
  if (kind === 'datetime' && conversion !== 'json' && conversion.kind === 'datetime') {
    const [whole, fraction = ''] = String(value).split('.');
    return conversion.fsp ? `${whole}.${fraction.padEnd(conversion.fsp, '0').slice(0, conversion.fsp)}` : (whole as string);
  }
  return String(value);
}

export interface VerifyExistingOptions {
  plan: IntoExistingPlan;
  source: ItemSource;
  session: SqlSession;
  segments: number;
  batchSize: number;
  maxKeys: number;
  pageSize?: number;
  /** Reasons in the copy's rejects file by item key: a missing item found there is a reject the server made, not a loss. */
  recordedRejects?: Map<string, string>;
}

export async function verifyIntoExisting(options: VerifyExistingOptions): Promise<VerifyResult> {
  const { plan, source, session, maxKeys } = options;
  const conversions: Array<ExistingConversion | 'json'> = [...plan.columns.map((c) => c.conversion), ...(plan.extraColumn ? ['json' as const] : [])];
  const columns = existingRowColumns(plan);
  const pk = plan.shape.primaryKey;
  const keyIndexes = pk.map((k) => columns.findIndex((c) => c.toLowerCase() === k.toLowerCase()));
  const counts: Record<DifferenceKind, number> = { missing: 0, extra: 0, changed: 0, rejected: 0 };
  const differences: Difference[] = [];
  const note = (difference: Difference): void => {
    if (counts[difference.kind]++ < maxKeys) differences.push(difference);
  };
  const keyText = (values: Array<string | null>): string => keyIndexes.map((i) => values[i] ?? '').join('\u0001');

  const expected = new Map<string, { values: Array<string | null>; key: Record<string, JsonValue> }>();
  let sourceItems = 0;
  await Promise.all(
    Array.from({ length: options.segments }, async (_, segment) => {
      let startKey: Item | undefined;
      do {
        const page = await source.scanPage(segment, options.segments, startKey, options.batchSize);
        for (const item of page.items) {
          sourceItems++;
          const mapped = mapExistingItem(item, plan);
          if (!mapped.ok) {
            note({ kind: 'rejected', key: keyOf(item, plan), reason: mapped.reason });
            continue;
          }
          const values = mapped.row.map((v: ExistingValue, i) => (v === USE_DEFAULT ? SKIP : canonicalExisting(conversions[i] as ExistingConversion | 'json', v)));
          expected.set(keyText(values), { values, key: keyOf(item, plan) });
        }
        startKey = page.lastKey;
      } while (startKey);
    }),
  );

  const keyList = pk.map(quoteIdent).join(', ');
  const select = columns.map((c) => quoteIdent(c)).join(', ');
  const pageSize = options.pageSize ?? 5000;
  let after: unknown[] | null = null;
  let targetRows = 0;
  let matched = 0;
  for (;;) {
    const where = after ? ` WHERE (${keyList}) > (${pk.map(() => '?').join(', ')})` : '';
    const rows: SqlRow[] = await session.query(`SELECT ${select} FROM ${quoteIdent(plan.target)}${where} ORDER BY ${keyList} LIMIT ${pageSize}`, (after ?? []) as never[]);
    for (const row of rows) {
      targetRows++;
      const values = columns.map((c, i) => canonicalExisting(conversions[i] as ExistingConversion | 'json', row[c]));
      const text = keyText(values);
      const found = expected.get(text);
      if (!found) {
        note({ kind: 'extra', key: Object.fromEntries(pk.map((k, i) => [k, values[keyIndexes[i] as number] as string])) });
        continue;
      }
      expected.delete(text);
      if (found.values.every((v, i) => v === SKIP || v === values[i])) matched++;
      else note({ kind: 'changed', key: found.key });
    }
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1] as SqlRow;
    after = pk.map((k) => last[columns[keyIndexes[pk.indexOf(k)] as number] as string]);
  }
  let rejectedOnFile = 0;
  for (const row of expected.values()) {
    const reason = options.recordedRejects?.get(JSON.stringify(row.key));
    if (reason === undefined) note({ kind: 'missing', key: row.key });
    else {
      rejectedOnFile++;
      note({ kind: 'rejected', key: row.key, reason: `on file: ${reason}` });
    }
  }
  return {
    rejectedOnFile,
    table: plan.source,
    target: plan.target,
    sourceItems,
    targetRows,
    matched,
    counts,
    differences,
    ok: counts.missing + counts.extra + counts.changed + counts.rejected === 0,
  };
}
