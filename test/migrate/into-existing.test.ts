/** --into-existing's pure parts: ISO-8601 to UTC, camelCase → snake_case, the mapper's choices and refusals, foreign-key order. */
import { describe, expect, it } from 'vitest';
import { mapExistingItem } from '../../src/migrate/convert-existing.js';
import { planIntoExisting, snakeCase } from '../../src/migrate/existing-mapping.js';
import { enumValues, foreignKeyOrder, type ExistingColumn, type ExistingTableShape } from '../../src/migrate/existing-table.js';
import { isoToUtc } from '../../src/migrate/iso-datetime.js';

function col(name: string, columnType: string, extra: Partial<ExistingColumn> = {}): ExistingColumn {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return {
    name,
    dataType,
    columnType,
    nullable: true,
    defaultValue: null,
    autoIncrement: false,
    generated: false,
    maxLength: /varchar\((\d+)\)/.exec(columnType) ? Number(/varchar\((\d+)\)/.exec(columnType)?.[1]) : null,
    maxBytes: null,
    precision: /decimal\((\d+),(\d+)\)/.exec(columnType) ? Number(/decimal\((\d+)/.exec(columnType)?.[1]) : null,
    scale: /decimal\((\d+),(\d+)\)/.exec(columnType) ? Number(/decimal\(\d+,(\d+)/.exec(columnType)?.[1]) : null,
    fsp: /timestamp\((\d)\)/.exec(columnType) ? Number(/timestamp\((\d)\)/.exec(columnType)?.[1]) : columnType.startsWith('timestamp') ? 0 : null,
    collation: dataType === 'varchar' ? 'utf8mb4_general_ci' : null,
    ...extra,
  };
}

const users: ExistingTableShape = {
  name: 'users',
  columns: [
    col('id', 'varchar(36)', { nullable: false }),
    col('email', 'varchar(255)', { nullable: false }),
    col('first_name', 'varchar(100)', { nullable: false }),
    col('last_name', 'varchar(100)', { nullable: false }),
    col('role', "enum('admin','doctor','nurse','receptionist')", { nullable: false, defaultValue: "'nurse'" }),
    col('created_at', 'timestamp(3)', { nullable: false, defaultValue: 'current_timestamp(3)' }),
    col('updated_at', 'timestamp(3)'),
  ],
  primaryKey: ['id'],
  uniqueKeys: [{ name: 'uq_email', columns: ['email'] }],
  foreignKeys: [],
};
const services: ExistingTableShape = {
  name: 'services',
  columns: [col('id', 'varchar(36)', { nullable: false }), col('created_by', 'varchar(36)')],
  primaryKey: ['id'],
  uniqueKeys: [],
  foreignKeys: [{ name: 'fk_created_by', columns: ['created_by'], refTable: 'users', refColumns: ['id'] }],
};

const plan = (attributes: string[], extra: Partial<Parameters<typeof planIntoExisting>[0]> = {}) =>
  planIntoExisting({ source: 'app-users', target: 'users', keys: ['id'], attributes, shape: users, dropUnmapped: false, ...extra });

describe('ISO-8601 → UTC for TIMESTAMP/DATETIME', () => {
  it('converts zones to UTC and cuts (never rounds) the digits beyond the column precision', () => {
    expect(isoToUtc('2025-03-04T10:00:00.123456Z', 3, 'timestamp')).toEqual({ ok: true, value: '2025-03-04 10:00:00.123', cut: true });
    expect(isoToUtc('2025-03-04T10:00:00.999999Z', 0, 'timestamp')).toEqual({ ok: true, value: '2025-03-04 10:00:00', cut: true });
    expect(isoToUtc('2025-03-04T01:30:00+02:00', 0, 'datetime')).toEqual({ ok: true, value: '2025-03-03 23:30:00', cut: false });
    expect(isoToUtc('2024-02-29T23:59:59.5-05:30', 6, 'datetime')).toEqual({ ok: true, value: '2024-03-01 05:29:59.5', cut: false });
  });
  it('refuses what is no date, has no zone, or is out of range', () => {
    expect(isoToUtc('yesterday', 3, 'timestamp')).toMatchObject({ ok: false, reason: expect.stringContaining('not an ISO-8601') });
    expect(isoToUtc('2025-03-04T10:00:00', 3, 'timestamp')).toMatchObject({ ok: false, reason: expect.stringContaining('no time zone') });
    expect(isoToUtc('2025-02-29T10:00:00Z', 3, 'timestamp')).toMatchObject({ ok: false, reason: expect.stringContaining('not a valid') });
    expect(isoToUtc('2040-01-01T00:00:00Z', 0, 'timestamp')).toMatchObject({ ok: false, reason: expect.stringContaining('outside the range of TIMESTAMP') });
    expect(isoToUtc('2040-01-01T00:00:00Z', 0, 'datetime')).toMatchObject({ ok: true });
  });
});

describe('the into-existing mapper', () => {
  it('maps by exact name, then camelCase → snake_case; the config overrides both', () => {
    expect(snakeCase('createdAt')).toBe('created_at');
    expect(snakeCase('userID')).toBe('user_id');
    const p = plan(['id', 'email', 'firstName', 'lastName', 'role', 'createdAt']);
    expect(p.problems).toEqual([]);
    expect(p.columns.map((c) => [c.attribute, c.column, c.how])).toEqual([
      ['id', 'id', 'exact name'],
      ['createdAt', 'created_at', 'camelCase → snake_case'],
      ['email', 'email', 'exact name'],
      ['firstName', 'first_name', 'camelCase → snake_case'],
      ['lastName', 'last_name', 'camelCase → snake_case'],
      ['role', 'role', 'exact name'],
    ]);
    expect(p.unfed).toEqual([{ column: 'updated_at', fill: 'default NULL' }]);
    const configured = plan(['id', 'email', 'given', 'lastName', 'createdAt'], { tableConfig: { columns: { given: 'first_name', createdAt: null } } });
    expect(configured.columns.find((c) => c.attribute === 'given')).toMatchObject({ column: 'first_name', how: 'config' });
    expect(configured.leftOut).toEqual(['createdAt']);
  });

  it('lists attributes without a column unless a JSON column is named or --drop-unmapped; refuses an unfed NOT NULL column', () => {
    expect(plan(['id', 'email', 'firstName', 'lastName', 'legacy']).problems).toEqual([expect.stringContaining('attribute "legacy" has no column in users')]);
    expect(plan(['id', 'email', 'firstName', 'lastName', 'legacy'], { dropUnmapped: true }).problems).toEqual([]);
    expect(plan(['id', 'email', 'firstName', 'legacy'], { dropUnmapped: true }).problems).toEqual([expect.stringContaining('column last_name is NOT NULL without a default')]);
    // --extra-column serves the whole run: a table without that column needs it only for attributes without a column.
    expect(plan(['id', 'email', 'firstName', 'lastName'], { extraColumn: 'nope' }).problems).toEqual([]);
    expect(plan(['id', 'email', 'firstName', 'lastName', 'legacy'], { extraColumn: 'nope' }).problems).toEqual([
      '--extra-column nope is not a column of users',
      expect.stringContaining('attribute "legacy" has no column'),
    ]);
    expect(plan(['id', 'email', 'firstName', 'lastName'], { tableConfig: { extraColumn: 'nope' } }).problems).toEqual([expect.stringContaining('nope (migrate.tables["app-users"].extraColumn) is not a column')]);
    expect(plan(['id', 'email', 'firstName', 'lastName', 'first_name']).problems).toEqual([expect.stringContaining('both map to column first_name')]);
  });

  it('applies an ENUM value map only when the config writes it, and refuses a map to a value the ENUM lacks', () => {
    const item = { id: { S: 'u1' }, email: { S: 'a@x' }, firstName: { S: 'A' }, lastName: { S: 'B' }, role: { S: 'frontdesk' } };
    expect(mapExistingItem(item, plan(Object.keys(item)))).toEqual({ ok: false, column: 'role', reason: expect.stringContaining('"frontdesk" is not one of the ENUM') });
    const mapped = plan(Object.keys(item), { tableConfig: { columns: { role: { values: { frontdesk: 'receptionist' } } } } });
    expect(mapExistingItem(item, mapped)).toEqual({ ok: true, row: ['u1', 'a@x', 'A', 'B', 'receptionist'] });
    expect(plan(Object.keys(item), { tableConfig: { columns: { role: { values: { frontdesk: 'desk' } } } } }).problems).toEqual([expect.stringContaining('"desk" is not one of')]);
    expect(enumValues("enum('a','it''s')")).toEqual(['a', "it's"]);
  });

  it('orders tables by foreign key', () => {
    expect(foreignKeyOrder([services, users]).map((s) => s.name)).toEqual(['users', 'services']);
  });

  it('converts numbers, booleans and text exactly or refuses them, naming the column', () => {
    const shape: ExistingTableShape = {
      name: 't',
      columns: [
        col('id', 'varchar(10)', { nullable: false }),
        col('qty', 'tinyint(3) unsigned'),
        col('price', 'decimal(10,2)'),
        col('ok', 'tinyint(1)'),
        col('notes', 'text', { maxBytes: 10 }),
      ],
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
    };
    const p = planIntoExisting({ source: 't', target: 't', keys: ['id'], attributes: ['qty', 'price', 'ok', 'notes'], shape, dropUnmapped: false });
    expect(p.problems).toEqual([]);
    const map = (values: Record<string, unknown>) => mapExistingItem({ id: { S: 'k' }, ...(values as Record<string, { S: string }>) }, p);
    expect(map({ qty: { S: '255' }, price: { N: '1.2E+2' }, ok: { BOOL: false }, notes: { M: { a: { N: '1' } } } })).toEqual({ ok: true, row: ['k', '{"a":1}', 0, '120', '255'] });
    expect(map({ qty: { N: '256' } })).toMatchObject({ ok: false, column: 'qty', reason: expect.stringContaining('256 is outside 0..255') });
    expect(map({ qty: { S: ' 5' } })).toMatchObject({ ok: false, column: 'qty', reason: expect.stringContaining('" 5" is not a number') });
    expect(map({ price: { S: '0.125' } })).toMatchObject({ ok: false, column: 'price', reason: expect.stringContaining('does not fit without rounding') });
    expect(map({ ok: { S: 'yes' } })).toMatchObject({ ok: false, column: 'ok', reason: expect.stringContaining('is not true or false') });
    expect(map({ notes: { S: 'ééééééé' } })).toMatchObject({ ok: false, column: 'notes', reason: expect.stringContaining('14 bytes are longer than the column (10)') });
  });
});
