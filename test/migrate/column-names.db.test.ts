/** Columns keep their attributes' names, through the built CLI against dynalite and MariaDB; `schema` prints the mapping. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type TestDynamo } from '../support/dynalite.js';
import { startMysql, type TestMysql } from '../support/mariadb.js';
import { assertBuilt, runCli } from './cli-helpers.js';
import { createServicesTable, seed } from './fixtures.js';

const TABLE = 'names-services';
let mysql: TestMysql;
let dynamo: TestDynamo;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  [mysql, dynamo] = await Promise.all([startMysql(), startDynalite()]);
  const client = dynamo.client();
  await createServicesTable(client, TABLE);
  await seed(client, TABLE, [
    { id: { S: 's1' }, name: { S: 'one' }, unit_price: { N: '10' }, 'unit price': { N: '20' }, order: { N: '3' }, extra: { S: 'own' }, odd: { S: 'x' } },
    { id: { S: 's2' }, name: { S: 'two' }, unit_price: { N: '11' }, 'unit price': { N: '21' }, order: { N: '4' }, extra: { S: 'own2' }, odd: { N: '1' } },
  ]);
  client.destroy();
  env = { ...dynamo.env };
});

afterAll(async () => {
  await Promise.all([mysql?.stop(), dynamo?.stop()]);
});

describe('migrate-dynamo: column names', () => {
  it('an attribute named unit_price lands in column unit_price; `unit price` and `order` get names no attribute has; schema prints the mapping', async () => {
    const url = await mysql.createDatabase('names');
    const schema = await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply'], env);
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toContain(`-- mapping ${TABLE} → services_migrated (attribute → column type):`);
    expect(schema.stdout).toMatch(/-- +"unit_price" +→ unit_price BIGINT\n/);
    expect(schema.stdout).toMatch(/-- +"unit price" +→ unit_price_2 BIGINT {2}\(renamed: not a plain column name\)/);
    expect(schema.stdout).toMatch(/-- +"order" +→ order_attr BIGINT {2}\(renamed: reserved word\)/);
    expect(schema.stdout).toMatch(/-- +"extra" +→ extra VARCHAR\(64\)/);
    expect(schema.stdout).toContain('--   every other attribute → extra_attributes JSON');

    const copy = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url], env);
    expect(copy.code, copy.stderr).toBe(0);
    const connection = await mysql.connect(new URL(url).pathname.slice(1));
    const [rows] = await connection.query('SELECT id, unit_price, unit_price_2, order_attr, extra, extra_attributes FROM services_migrated ORDER BY id');
    await connection.end();
    const parsed = (rows as Array<Record<string, unknown>>).map((r) => ({ ...r, extra_attributes: typeof r.extra_attributes === 'string' ? JSON.parse(r.extra_attributes) : r.extra_attributes }));
    expect(parsed).toEqual([
      { id: 's1', unit_price: '10', unit_price_2: '20', order_attr: '3', extra: 'own', extra_attributes: { odd: 'x' } },
      { id: 's2', unit_price: '11', unit_price_2: '21', order_attr: '4', extra: 'own2', extra_attributes: { odd: 1 } },
    ]);

    // A second schema run prints the stored mapping again and changes nothing.
    const again = await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url], env);
    expect(again.stdout).toMatch(/-- +"unit_price" +→ unit_price BIGINT\n/);
    expect(again.stdout).toContain('schema is up to date');
  });
});
