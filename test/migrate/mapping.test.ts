import { describe, expect, it } from 'vitest';
import { buildMapping } from '../../src/migrate/build-mapping.js';
import { mapItem } from '../../src/migrate/convert.js';
import { SampleStats } from '../../src/migrate/sample-stats.js';
import { MigrateConfig } from '../../src/migrate/config-schema.js';
import { CliError } from '../../src/errors.js';

const keys = [{ name: 'id', type: 'S' as const }];

function stats(items: Array<Record<string, unknown>>): SampleStats {
  const s = new SampleStats();
  for (const item of items) s.add(item as never);
  return s;
}

describe('mapping', () => {
  const sample = stats([
    { id: { S: 'a' }, n: { N: '5' }, d: { N: '1.25' }, huge: { N: '1E+100' }, m: { M: {} }, b: { B: 'AQ==' }, mixed: { S: 'x' }, 'odd name!': { BOOL: true } },
    { id: { S: 'b' }, n: { N: '-7' }, d: { N: '100.5' }, huge: { N: '2' }, mixed: { N: '1' } },
  ]);
  const mapping = buildMapping({ source: 'prod-services', keys, stats: sample });

  it('starts from the design columns and infers the rest by type, range and precision', () => {
    const types = Object.fromEntries(mapping.columns.map((c) => [c.column, c.type]));
    expect(mapping.target).toBe('services_migrated');
    expect(types).toMatchObject({
      id: { kind: 'varchar', length: 36 },
      name: { kind: 'varchar', length: 200 },
      price: { kind: 'decimal', precision: 10, scale: 2 },
      n: { kind: 'bigint' },
      d: { kind: 'decimal', precision: 65, scale: 2 },
      huge: { kind: 'decimal-text' },
      m: { kind: 'json' },
      b: { kind: 'varbinary', length: 255 },
      odd_name: { kind: 'boolean' },
    });
    expect(types).not.toHaveProperty('mixed');
  });

  it('keeps attributes without a column in extra, and NULL apart from absent', () => {
    const result = mapItem({ id: { S: 'k' }, name: { S: 'n' }, category: { NULL: true }, mixed: { S: 'x' } }, mapping);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.parse(result.row.at(-1) as string)).toEqual({ category: null, mixed: 'x' });
  });


  it('writes JSON text with sorted keys and sets, escaped strings and tagged binary', () => {
    const item = {
      id: { S: 'k' },
      name: { S: 'n' },
      m: {
        M: {
          b: { L: [{ N: '1.50' }, { S: 'quote " back \\ tab \t nul \u0000 lone \ud800 名 🚀' }, { NULL: true }, { BOOL: false }] },
          '10': { SS: ['z', 'a', 'É'] },
          '2': { NS: ['10', '-1', '2.5'] },
          a: { M: { bin: { B: 'AP8=' }, set: { BS: ['Ag==', 'AQ=='] }, empty: { M: {} } } },
        },
      },
      'odd name!': { BOOL: true },
      zz: { L: [] },
      mixed: { N: '1E+2' },
    };
    const result = mapItem(item as never, mapping);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const m = result.row[mapping.columns.findIndex((c) => c.column === 'm')];
    expect(m).toBe(
      '{"10":["a","z","É"],"2":[-1,2.5,10],"a":{"bin":{"$binary":"AP8="},"empty":{},"set":[{"$binary":"AQ=="},{"$binary":"Ag=="}]},' +
        '"b":[1.5,"quote \\" back \\\\ tab \\t nul \\u0000 lone \\ud800 名 🚀",null,false]}',
    );
    expect(JSON.parse(m as string)).toMatchObject({ a: { bin: { $binary: 'AP8=' } } });
    expect(result.row.at(-1)).toBe('{"mixed":100,"zz":[]}');
  });
  it('rejects an item without its key, and a value that does not fit, never coercing it', () => {
    expect(mapItem({ name: { S: 'n' } }, mapping)).toEqual({ ok: false, reason: 'item has no key attribute id' });
    expect(mapItem({ id: { S: 'k' }, name: { S: 'n' }, n: { N: '1.5' } }, mapping)).toMatchObject({ ok: false, reason: expect.stringContaining('does not fit column n BIGINT') });
    expect(mapItem({ id: { S: 'k' }, name: { S: 'n' }, n: { S: '15' } }, mapping)).toMatchObject({ ok: false, reason: expect.stringContaining('a S value does not fit column n BIGINT') });
  });

  it('names where a nested value sits when it cannot be stored, in a column and in extra', () => {
    const precise = { N: '0.10000000000000000000001' };
    expect(mapItem({ id: { S: 'k' }, name: { S: 'n' }, m: { M: { a: { L: [{ N: '1' }, { M: { 'b c': precise } }] } } } }, mapping)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^m\.a\[1\]\.b c: number 0\.10000000000000000000001 cannot be stored exactly in a JSON column/),
    });
    expect(mapItem({ id: { S: 'k' }, name: { S: 'n' }, other: { L: [{ S: 'x' }, precise] } }, mapping)).toMatchObject({ ok: false, reason: expect.stringMatching(/^other\[1\]: number /) });
    expect(mapItem({ id: { S: 'k' }, name: { S: 'n' }, m: { L: [{ N: '2.5' }, { NS: ['3', '1'] }] } }, mapping)).toMatchObject({ ok: true });
  });

  it('keeps an attribute or map key spelled "__proto__" like any other name', () => {
    // JSON.parse makes "__proto__" an own property, as the SDK does for a DynamoDB answer.
    const item = JSON.parse('{"id":{"S":"k"},"name":{"S":"n"},"__proto__":{"S":"x"},"m":{"M":{"__proto__":{"N":"1"},"b":{"L":[{"M":{"__proto__":{"BOOL":true}}}]}}}}');
    const result = mapItem(item, mapping);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.row.at(-1)).toBe('{"__proto__":"x"}');
    const m = result.row[mapping.columns.findIndex((c) => c.attribute === 'm')];
    expect(m).toBe('{"__proto__":1,"b":[{"__proto__":true}]}');
  });

  it('applies config overrides, and refuses a bad one with a usage error', () => {
    const config = MigrateConfig.parse({ tables: { services: { target: 'svc', columns: { n: { column: 'amount', type: 'DECIMAL(12,4)' }, m: null } } } });
    const overridden = buildMapping({ source: 'prod-services', keys, stats: sample, config });
    expect(overridden.target).toBe('svc');
    expect(overridden.columns.find((c) => c.attribute === 'n')).toMatchObject({ column: 'amount', type: { kind: 'decimal', precision: 12, scale: 4 } });
    expect(overridden.columns.find((c) => c.attribute === 'm')).toBeUndefined();
    expect(MigrateConfig.safeParse({ tables: { services: { columns: { n: { type: 'FLOAT' } } } } }).success).toBe(false);
    expect(MigrateConfig.safeParse({ tables: { services: { colums: {} } } }).success).toBe(false);
    const keyToExtra = MigrateConfig.parse({ tables: { services: { columns: { id: null } } } });
    expect(() => buildMapping({ source: 'prod-services', keys, config: keyToExtra })).toThrow(CliError);
  });

  it('refuses a table the design does not migrate', () => {
    expect(() => buildMapping({ source: 'medical-reports', keys })).toThrow(/unknown table "medical-reports"/);
  });
});
