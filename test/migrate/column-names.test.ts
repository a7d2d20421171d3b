import { describe, expect, it } from 'vitest';
import { buildMapping } from '../../src/migrate/build-mapping.js';
import { isPlainColumnName, nameColumns } from '../../src/migrate/column-names.js';
import { SampleStats } from '../../src/migrate/sample-stats.js';
import { CliError } from '../../src/errors.js';

function stats(items: Array<Record<string, unknown>>): SampleStats {
  const s = new SampleStats();
  for (const item of items) s.add(item as never);
  return s;
}

const columnOf = (mapping: ReturnType<typeof buildMapping>) => Object.fromEntries(mapping.columns.map((c) => [c.attribute, c.column]));

describe('column names', () => {
  it('an attribute with a plain name keeps exactly that name, even when a renamed attribute sorts first', () => {
    const mapping = buildMapping({
      source: 'services',
      keys: [{ name: 'id', type: 'S' }],
      stats: stats([{ id: { S: 'a' }, name: { S: 'n' }, 'unit price': { N: '1' }, unit_price: { N: '2' }, 'unit-price': { S: 'x' } }]),
    });
    const columns = columnOf(mapping);
    expect(columns.unit_price).toBe('unit_price');
    expect(columns['unit price']).not.toBe('unit_price');
    expect(columns['unit-price']).not.toBe('unit_price');
    expect(new Set(Object.values(columns)).size).toBe(Object.keys(columns).length);
  });

  it('a rename never takes the name of another attribute, even one that has no column (mixed types)', () => {
    const mapping = buildMapping({
      source: 'services',
      keys: [{ name: 'id', type: 'S' }],
      stats: stats([
        { id: { S: 'a' }, name: { S: 'n' }, 'a.b': { S: 'x' }, a_b: { S: 'y' } },
        { id: { S: 'b' }, name: { S: 'n' }, a_b: { N: '1' } },
      ]),
    });
    const columns = columnOf(mapping);
    expect(columns).not.toHaveProperty('a_b');
    expect(columns['a.b']).toBe('a_b_2');
  });

  it('reserved words and names differing only in case are renamed, with the reason kept for `schema`', () => {
    const mapping = buildMapping({
      source: 'services',
      keys: [{ name: 'id', type: 'S' }],
      stats: stats([{ id: { S: 'a' }, name: { S: 'n' }, order: { N: '1' }, Price: { N: '2' }, extra: { S: 'e' } }]),
    });
    const byAttribute = Object.fromEntries(mapping.columns.map((c) => [c.attribute, c]));
    expect(byAttribute.order).toMatchObject({ column: 'order_attr', renamed: 'reserved word' });
    expect(byAttribute.price).toMatchObject({ column: 'price' });
    expect(byAttribute.Price).toMatchObject({ column: 'Price_2', renamed: 'differs only in case from another attribute' });
    // An attribute named `extra` keeps its column; the JSON column for the rest moves aside.
    expect(byAttribute.extra).toMatchObject({ column: 'extra' });
    expect(mapping.extraColumn).toBe('extra_attributes');
  });

  it('a configured column name used twice, or an extraColumn that is an attribute\'s column, is a usage error', () => {
    const sample = stats([{ id: { S: 'a' }, name: { S: 'n' }, a: { S: 'x' }, b: { S: 'y' } }]);
    const twice = { tables: { services: { columns: { a: { column: 'same' }, b: { column: 'same' } } } } };
    expect(() => buildMapping({ source: 'services', keys: [{ name: 'id', type: 'S' }], stats: sample, config: twice as never })).toThrow(CliError);
    const extra = { tables: { services: { extraColumn: 'a' } } };
    expect(() => buildMapping({ source: 'services', keys: [{ name: 'id', type: 'S' }], stats: sample, config: extra as never })).toThrow(/extraColumn "a"/);
  });

  it('plain names: ASCII identifiers up to 64 characters that are not reserved', () => {
    expect(isPlainColumnName('unit_price')).toBe(true);
    expect(isPlainColumnName('_x9')).toBe(true);
    expect(isPlainColumnName('9lives')).toBe(false);
    expect(isPlainColumnName('select')).toBe(false);
    expect(isPlainColumnName('a'.repeat(65))).toBe(false);
    expect(nameColumns([{ attribute: 'a'.repeat(70) }], []).map((c) => c.column.length)).toEqual([58]);
  });
});
