/**
 * `--into-existing`: writing rows into the application's table. A batch's rows are grouped by the
 * columns they carry (an attribute an item lacks is left out, so the column takes its default),
 * one multi-row upsert per group. The upsert never overwrites another item's row: the primary key
 * is compared byte for byte (a case-insensitive key collation would otherwise merge `u1` and `U1`),
 * and a collision on a UNIQUE key sets the key to NULL, which the server refuses. A refused row is
 * then explained from the table itself: which unique key and which other row's key, or which
 * foreign key has no parent row.
 */
import type { ExplainedReject, RowCodec } from './copy.js';
import { mapExistingItem, existingRowColumns, USE_DEFAULT, type ExistingRow } from './convert-existing.js';
import type { JsonValue } from './convert.js';
import type { IntoExistingPlan } from './existing-mapping.js';
import type { ExistingKey } from './existing-table.js';
import { quoteIdent } from './mapping.js';
import type { SqlParam, SqlSession, UpsertStatement } from './sql-session.js';

/** INSERT ... ON DUPLICATE KEY UPDATE for the given columns of the plan's table. */
export function existingUpsert(plan: IntoExistingPlan, columns: string[]): UpsertStatement {
  const keys = plan.shape.primaryKey;
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  const sameKey = keys.map((k) => `CAST(${quoteIdent(k)} AS BINARY) <=> CAST(VALUES(${quoteIdent(k)}) AS BINARY)`).join(' AND ');
  const first = quoteIdent(keys[0] as string);
  const assignments = [`${first} = IF(${sameKey}, ${first}, NULL)`];
  for (const column of columns) if (!lower.has(column.toLowerCase())) assignments.push(`${quoteIdent(column)} = VALUES(${quoteIdent(column)})`);
  return {
    head: `INSERT INTO ${quoteIdent(plan.target)} (${columns.map(quoteIdent).join(', ')}) VALUES`,
    tail: ` ON DUPLICATE KEY UPDATE ${assignments.join(', ')}`,
    columnCount: columns.length,
  };
}

function jsonOf(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

const show = (value: SqlParam): string => (Buffer.isBuffer(value) ? `0x${value.toString('hex')}` : JSON.stringify(value));

/** The other row holding this row's value of `key` (the primary key: equal under the collation, different bytes). */
async function holderOf(session: SqlSession, plan: IntoExistingPlan, key: ExistingKey, values: Map<string, SqlParam>): Promise<Record<string, JsonValue> | null> {
  const pk = plan.shape.primaryKey;
  if (key.columns.some((c) => values.get(c.toLowerCase()) === undefined || values.get(c.toLowerCase()) === null)) return null;
  if (pk.some((c) => values.get(c.toLowerCase()) === undefined)) return null;
  const where = key.columns.map((c) => `${quoteIdent(c)} = ?`).join(' AND ');
  const notSelf = pk.map((c) => `CAST(${quoteIdent(c)} AS BINARY) <=> CAST(? AS BINARY)`).join(' AND ');
  const selected = [...new Set([...pk, ...key.columns])];
  const rows = await session.query(`SELECT ${selected.map((c, i) => `${quoteIdent(c)} AS c${i}`).join(', ')} FROM ${quoteIdent(plan.target)} WHERE ${where} AND NOT (${notSelf}) LIMIT 1`, [
    ...key.columns.map((c) => values.get(c.toLowerCase()) as SqlParam),
    ...pk.map((c) => values.get(c.toLowerCase()) as SqlParam),
  ]);
  const row = rows[0];
  if (!row) return null;
  const out: Record<string, JsonValue> = {};
  selected.forEach((c, i) => (out[c] = jsonOf(row[`c${i}`])));
  return out;
}

async function explain(session: SqlSession, plan: IntoExistingPlan, columns: string[], row: ExistingRow, index: number, message: string): Promise<ExplainedReject> {
  const values = new Map<string, SqlParam>();
  columns.forEach((c, i) => {
    const v = row[i];
    if (v !== USE_DEFAULT && v !== undefined) values.set(c.toLowerCase(), v);
  });
  const pk = plan.shape.primaryKey;
  const pkColumn = pk[0] ?? '';
  const collided = /Duplicate entry/i.test(message) || message.includes(`Column '${pkColumn}' cannot be null`);
  if (collided) {
    const keys: ExistingKey[] = [{ name: 'PRIMARY', columns: pk }, ...plan.shape.uniqueKeys];
    for (const key of keys) {
      const holder = await holderOf(session, plan, key, values);
      if (!holder) continue;
      const own = Object.fromEntries(pk.map((c) => [c, jsonOf(values.get(c.toLowerCase()))]));
      const held = key.columns.map((c) => `${c} ${show(values.get(c.toLowerCase()) as SqlParam)}`).join(', ');
      const theirs = key.columns.map((c) => `${c} ${JSON.stringify(holder[c])}`).join(', ');
      return {
        index,
        reason: `unique key ${key.name} (${key.columns.join(', ')}): ${held} of the row with key ${JSON.stringify(own)} collides with ${theirs} of the row with key ${JSON.stringify(
          Object.fromEntries(pk.map((c) => [c, holder[c] ?? null])),
        )}, which is kept (never overwritten)`,
        column: key.columns.join(', '),
        conflictsWith: Object.fromEntries(pk.map((c) => [c, holder[c] ?? null])),
        uniqueCollision: true,
      };
    }
  }
  if (collided && message.includes(`Column '${pkColumn}' cannot be null`)) {
    // The upsert refused to take over another row, but the holder could not be read back (a unique key over a column the item leaves to its default).
    return { index, reason: `a unique key of ${plan.target} already holds this item's value for another row, which is kept (never overwritten)`, uniqueCollision: true };
  }
  if (/foreign key constraint fails/i.test(message)) {
    for (const fk of plan.shape.foreignKeys) {
      const own = fk.columns.map((c) => values.get(c.toLowerCase()));
      if (own.some((v) => v === undefined || v === null)) continue;
      const where = fk.refColumns.map((c) => `${quoteIdent(c)} = ?`).join(' AND ');
      const found = await session.query(`SELECT 1 AS found FROM ${quoteIdent(fk.refTable)} WHERE ${where} LIMIT 1`, own as SqlParam[]);
      if (found.length) continue;
      const pairs = fk.columns.map((c, i) => `${c} ${show(own[i] as SqlParam)}`).join(', ');
      return { index, reason: `foreign key ${fk.name}: ${pairs} has no row in ${fk.refTable} (${fk.refColumns.join(', ')})`, column: fk.columns.join(', ') };
    }
  }
  const column = /column '([^']+)'/i.exec(message)?.[1];
  return { index, reason: `rejected by the server: ${message}`, ...(column ? { column } : {}) };
}

export function intoExistingCodec(plan: IntoExistingPlan): RowCodec<ExistingRow> {
  const all = existingRowColumns(plan);
  return {
    map: (item) => mapExistingItem(item, plan),
    async write(session, rows) {
      const groups = new Map<string, { columns: number[]; indexes: number[] }>();
      rows.forEach((row, index) => {
        const present: number[] = [];
        for (let i = 0; i < row.length; i++) if (row[i] !== USE_DEFAULT) present.push(i);
        const mask = present.join(',');
        let group = groups.get(mask);
        if (!group) groups.set(mask, (group = { columns: present, indexes: [] }));
        group.indexes.push(index);
      });
      const out: ExplainedReject[] = [];
      for (const group of groups.values()) {
        const columns = group.columns.map((i) => all[i] as string);
        const statement = existingUpsert(plan, columns);
        const groupRows = group.indexes.map((index) => group.columns.map((i) => (rows[index] as ExistingRow)[i] as SqlParam));
        for (const reject of await session.upsert(statement, groupRows)) {
          const index = group.indexes[reject.index] as number;
          out.push(await explain(session, plan, columns, groupRows[reject.index] as ExistingRow, index, reject.reason));
        }
      }
      return out.sort((a, b) => a.index - b.index);
    },
  };
}
