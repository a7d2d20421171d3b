/**
 * End to end against dynalite and a real MariaDB, through the built CLI: schema (twice), copy of
 * 20,000 items of every DynamoDB type, rerun, verify (and what it detects), and that DynamoDB
 * only ever received reads.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type TestDynamo } from '../support/dynalite.js';
import { startMysql, type TestMysql } from '../support/mariadb.js';
import { writeFile } from 'node:fs/promises';
import { PutItemCommand, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { assertBuilt, runCli, startCli } from './cli-helpers.js';
import { createServicesTable, range, seed, serviceItem, waitForActive } from './fixtures.js';

/** Copies through the built CLI take minutes, not seconds, on a loaded 2-core machine (a timeout, not a timing). */
const HEAVY_TIMEOUT_MS = 300_000;

const ITEMS = 20_000;
const TABLE = 'services';

let mysql: TestMysql;
let dynamo: TestDynamo;
let url: string;
let env: Record<string, string>;
let work: string;

/** MariaDB's JSON arrives as text or already parsed, depending on the driver's metadata. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function database(u: string): string {
  return new URL(u).pathname.slice(1);
}

beforeAll(async () => {
  assertBuilt();
  [mysql, dynamo] = await Promise.all([startMysql(), startDynalite()]);
  const client = dynamo.client();
  await createServicesTable(client, TABLE);
  await seed(client, TABLE, (function* () {
    for (const i of range(0, ITEMS)) yield serviceItem(i);
  })());
  client.destroy();
  // From here on, every operation DynamoDB receives comes from the tool.
  dynamo.operations.length = 0;
  url = await mysql.createDatabase('migration');
  env = { ...dynamo.env };
  work = await mkdtemp(join(tmpdir(), 'clinnet-migrate-'));
});

afterAll(async () => {
  await Promise.all([mysql?.stop(), dynamo?.stop(), work ? rm(work, { recursive: true, force: true }) : undefined]);
});

describe('migrate-dynamo against dynalite and MariaDB', () => {
  it('applies the schema on the real server, and applying it again changes nothing', async () => {
    const first = await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply'], env);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('CREATE TABLE IF NOT EXISTS `services_migrated`');
    const connection = await mysql.connect(database(url));
    const [tables] = await connection.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1');
    expect((tables as Array<{ t: string }>).map((r) => r.t)).toEqual([
      'audit_log_partitioned',
      'clinnet_migrate_export',
      'clinnet_migrate_mapping',
      'clinnet_migrate_state',
      'patients_optimized',
      'services_migrated',
    ]);
    const [before] = await connection.query('SHOW CREATE TABLE services_migrated');
    const second = await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('schema is up to date');
    const [after] = await connection.query('SHOW CREATE TABLE services_migrated');
    expect(after).toEqual(before);
    await connection.end();
  }, HEAVY_TIMEOUT_MS);

  it('copies 20,000 items of every type with nothing lost, and DynamoDB only receives reads', async () => {
    const copy = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--segments', '4', '--rejects', join(work, 'rejects.jsonl')], env);
    expect(copy.stderr).toMatch(/read 20,000, written 20,000, rejected 0/);
    expect(copy.code).toBe(0);
    const summary = JSON.parse(copy.stdout) as { run: { read: number; written: number; rejected: number } };
    expect(summary.run).toEqual({ read: ITEMS, written: ITEMS, rejected: 0 });

    const connection = await mysql.connect(database(url));
    const [count] = await connection.query('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM services_migrated');
    expect(count).toEqual([{ n: String(ITEMS), d: String(ITEMS) }]);
    const [columns] = await connection.query(
      "SELECT COLUMN_NAME AS c, COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'services_migrated' ORDER BY ORDINAL_POSITION",
    );
    const types = Object.fromEntries((columns as Array<{ c: string; t: string }>).map((r) => [r.c, r.t]));
    expect(types).toMatchObject({ id: 'varchar(36)', price: 'decimal(10,2)', big: 'bigint(20)', money: 'decimal(65,3)', precise: 'varchar(200)', flag: 'tinyint(1)', data: 'varbinary(255)', unit_price: 'bigint(20)', a_b_c: 'varchar(64)', hash: 'varchar(64)', description: 'mediumtext' });
    expect(types).not.toHaveProperty('mixed');

    // Edge values read back exactly.
    const [rows] = await connection.query("SELECT * FROM services_migrated WHERE id IN ('svc-000001', 'svc-000002', 'svc-000003', 'svc-000005', 'SVC-000097', 'svc-000033') ORDER BY id");
    const byId = Object.fromEntries((rows as Array<Record<string, unknown>>).map((r) => [r.id, r]));
    expect(byId['svc-000001']).toMatchObject({ precise: '1' + '0'.repeat(125), big: '-9223372036854775808' });
    expect(byId['svc-000002']).toMatchObject({ precise: '-0.' + '0'.repeat(129) + '1', big: '0' });
    expect(byId['svc-000003']).toMatchObject({ precise: '999999999999999999999999999999999999990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000'.slice(0, 126) });
    expect(byId['svc-000005']).toMatchObject({ name: 'Ünïcödé 名前 🚀 5' });
    expect(byId['SVC-000097']).toBeDefined();
    expect(Buffer.compare(byId['svc-000001']?.data as Buffer, Buffer.from([31, 38]))).toBe(0);
    const extra = json(byId['svc-000003']?.extra) as Record<string, unknown>;
    expect(extra).toEqual({ mixed: 3, nothing: null });
    // An attribute name with no identifier characters still gets a column of its own.
    expect(byId['svc-000003']).toMatchObject({ attr: 'テキスト', a_b_c: 'dotted 3', hash: '#', unit_price: '3' });
    const [tags] = await connection.query("SELECT tags, nested FROM services_migrated WHERE id = 'svc-000004'");
    const row = (tags as Array<{ tags: unknown; nested: unknown }>)[0]!;
    expect(json(row.tags)).toEqual(['common', 't1', 'ß-ünï']);
    expect(json(row.nested)).toMatchObject({ 'key with spaces': 'v', level1: { level2: { value: 4, empty: '', none: null } } });
    await connection.end();

    expect(new Set(dynamo.operations)).toEqual(new Set(['DescribeTable', 'Scan']));
  }, HEAVY_TIMEOUT_MS);

  it('reruns without duplicating a row, and verify finds source and target equal', async () => {
    const copy = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--segments', '2', '--rejects', join(work, 'rejects2.jsonl')], env);
    expect(copy.code).toBe(0);
    const connection = await mysql.connect(database(url));
    const [count] = await connection.query('SELECT COUNT(*) AS n FROM services_migrated');
    expect(count).toEqual([{ n: String(ITEMS) }]);
    await connection.end();
    const verify = await runCli(['migrate-dynamo', 'verify', '--table', TABLE, '--mysql-url', url], env);
    expect(verify.stdout).toContain('services → services_migrated: OK');
    expect(verify.stdout).toContain(`source items ${ITEMS}, target rows ${ITEMS}, matching ${ITEMS}`);
    expect(verify.code).toBe(0);
    expect(new Set(dynamo.operations)).toEqual(new Set(['DescribeTable', 'Scan']));
  }, HEAVY_TIMEOUT_MS);

  it('verify detects a changed, a missing and an extra row, and exits 1', async () => {
    const connection = await mysql.connect(database(url));
    await connection.query("UPDATE services_migrated SET price = price + 0.01 WHERE id = 'svc-000010'");
    await connection.query("DELETE FROM services_migrated WHERE id = 'svc-000020'");
    await connection.query("INSERT INTO services_migrated (id, name) VALUES ('not-in-dynamo', 'x')");
    await connection.end();
    const verify = await runCli(['migrate-dynamo', 'verify', '--table', TABLE, '--mysql-url', url, '--format', 'json'], env);
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout) as { tables: Array<{ counts: Record<string, number>; differences: Array<{ kind: string; key: Record<string, string> }> }> };
    const [result] = report.tables;
    expect(result?.counts).toEqual({ missing: 1, extra: 1, changed: 1, rejected: 0 });
    expect(result?.differences).toEqual(
      expect.arrayContaining([
        { kind: 'changed', key: { id: 'svc-000010' } },
        { kind: 'missing', key: { id: 'svc-000020' } },
        { kind: 'extra', key: { id: 'not-in-dynamo' } },
      ]),
    );
  }, HEAVY_TIMEOUT_MS);

  it('a copy killed in the middle (SIGKILL) and resumed gives a target equal to the source, without duplicates', async () => {
    const resumeUrl = await mysql.createDatabase('resume');
    const schema = await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', resumeUrl, '--apply', '--sample', '2000'], env);
    expect(schema.code).toBe(0);
    const args = ['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', resumeUrl, '--segments', '4', '--batch-size', '100', '--rejects', join(work, 'resume.jsonl')];
    const { child, done } = startCli([...args, '--max-rcu', '400'], env);
    const connection = await mysql.connect(database(resumeUrl));
    let written = 0;
    for (let tries = 0; tries < 600 && written < 3000; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [rows] = await connection.query('SELECT COALESCE(SUM(items_written), 0) AS w FROM clinnet_migrate_state');
      written = Number((rows as Array<{ w: string }>)[0]?.w);
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.code).toBeNull();
    const [state] = await connection.query('SELECT SUM(items_written) AS w, SUM(done) AS d FROM clinnet_migrate_state');
    const partial = (state as Array<{ w: string; d: string }>)[0]!;
    expect(Number(partial.w)).toBeGreaterThan(0);
    expect(Number(partial.w)).toBeLessThan(ITEMS);
    const [countAfterKill] = await connection.query('SELECT COUNT(*) AS n FROM services_migrated');
    // Rows and positions commit together: the table holds exactly what the checkpoints say.
    expect((countAfterKill as Array<{ n: string }>)[0]?.n).toBe(partial.w);

    const again = await runCli(args, env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--resume');

    const resumed = await runCli([...args, '--resume'], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`including earlier runs: read 20,000, written 20,000, rejected 0`);
    const [count] = await connection.query('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM services_migrated');
    expect(count).toEqual([{ n: String(ITEMS), d: String(ITEMS) }]);
    await connection.end();
    const verify = await runCli(['migrate-dynamo', 'verify', '--table', TABLE, '--mysql-url', resumeUrl], env);
    expect(verify.stdout).toContain(`matching ${ITEMS}`);
    expect(verify.code).toBe(0);
  }, HEAVY_TIMEOUT_MS);

  it('writes items that do not fit to the rejects file with the reason, and --max-rejects stops the run', async () => {
    const rejectUrl = await mysql.createDatabase('rejects');
    const client = dynamo.client();
    await createServicesTable(client, 'bad-services');
    await seed(client, 'bad-services', (function* () {
      for (const i of range(0, 100)) yield serviceItem(i);
    })());
    const bad = (id: string, patch: Record<string, unknown>) => ({ ...serviceItem(1), id: { S: id }, ...patch }) as ReturnType<typeof serviceItem>;
    const { name: _name, ...noName } = serviceItem(2);
    void _name;
    const nested = serviceItem(3);
    nested.nested = { M: { exact: { N: '0.1000000000000000000000000001' } } };
    for (const item of [
      bad('bad-price', { price: { N: '12.345' } }),
      { ...noName, id: { S: 'bad-no-name' } },
      bad('bad-long-name', { name: { S: 'n'.repeat(201) } }),
      { ...nested, id: { S: 'bad-json-number' } },
    ]) {
      await client.send(new PutItemCommand({ TableName: 'bad-services', Item: item }));
    }
    await client.send(new CreateTableCommand({ TableName: 'users', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    await waitForActive(client, 'users');
    for (const [id, email] of [['u1', 'a@example.com'], ['u2', 'b@example.com'], ['u3', 'a@example.com']]) {
      await client.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: id as string }, email: { S: email as string } } }));
    }
    client.destroy();
    const config = join(work, 'clinnet-opt.config.json');
    await writeFile(config, JSON.stringify({ migrate: { tables: { 'bad-services': { target: 'bad_services', columns: { nested: { type: 'JSON' } } } } } }));
    const common = ['--config', config, '--mysql-url', rejectUrl];
    expect((await runCli(['migrate-dynamo', 'schema', '--table', 'bad-services', '--table', 'users', '--apply', ...common], env)).code).toBe(0);
    const rejectsFile = join(work, 'bad.jsonl');

    const stopped = await runCli(['migrate-dynamo', 'copy', '--table', 'bad-services', ...common, '--segments', '1', '--max-rejects', '2', '--rejects', rejectsFile], env);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('more than 2 items rejected');

    const full = await runCli(['migrate-dynamo', 'copy', '--table', 'bad-services', ...common, '--segments', '1', '--restart', '--max-rejects', '10', '--rejects', rejectsFile], env);
    expect(full.code).toBe(0);
    expect(full.stderr).toContain('read 104, written 100, rejected 4');
    const lines = (await readFile(rejectsFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { key: { id: string }; reason: string; item: Record<string, unknown> });
    const reasons = Object.fromEntries(lines.map((l) => [l.key.id, l.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['bad-json-number', 'bad-long-name', 'bad-no-name', 'bad-price']);
    expect(reasons['bad-price']).toMatch(/12\.345 does not fit column price DECIMAL\(10,2\) without rounding/);
    expect(reasons['bad-no-name']).toMatch(/name: missing, but column name VARCHAR\(200\) is NOT NULL/);
    expect(reasons['bad-long-name']).toMatch(/201 characters do not fit column name VARCHAR\(200\)/);
    expect(reasons['bad-json-number']).toMatch(/cannot be stored exactly in a JSON column/);
    expect(lines.find((l) => l.key.id === 'bad-price')?.item).toMatchObject({ price: { N: '12.345' } });

    const users = await runCli(['migrate-dynamo', 'copy', '--table', 'users', ...common, '--rejects', join(work, 'users.jsonl')], env);
    expect(users.code).toBe(0);
    expect(users.stderr).toContain('read 3, written 2, rejected 1');
    const userReject = JSON.parse((await readFile(join(work, 'users.jsonl'), 'utf8')).trim()) as { reason: string; key: { id: string }; item: unknown };
    expect(userReject.reason).toMatch(/UNIQUE column \(email\) already holds this value/);
    // The server refused a row: the record names that row's item, read again from its page.
    expect(['u1', 'u3']).toContain(userReject.key.id);
    expect(userReject.item).toEqual({ id: { S: userReject.key.id }, email: { S: 'a@example.com' } });
    const connection = await mysql.connect(database(rejectUrl));
    const [userRows] = await connection.query('SELECT id, email FROM users_migrated ORDER BY id');
    expect((userRows as Array<{ id: string }>).map((r) => r.id)).toHaveLength(2);
    await connection.end();
    const verify = await runCli(['migrate-dynamo', 'verify', '--table', 'bad-services', ...common, '--rejects', rejectsFile], env);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('rejected by the mapping 4');
    expect(verify.stdout).toContain(`rejects: counted 4, recorded 4 in ${rejectsFile}`);
  }, HEAVY_TIMEOUT_MS);
});

