/**
 * `--into-existing` against a real MariaDB and dynalite: the application's own users and services
 * tables (ENUM role, NOT NULL names, a unique email under a case-insensitive collation, TIMESTAMP(3)
 * with a default, INT, DECIMAL(10,2), BOOLEAN, a foreign key), and items as an application writes
 * them from JSON (camelCase, ISO timestamps with microseconds, numbers as strings now and then, a
 * role the ENUM lacks, two emails differing only in case, a createdAt that is no date).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ClientFactory } from '../../src/aws/clients.js';
import type { MigrateConfig } from '../../src/migrate/config-schema.js';
import { copyTables } from '../../src/migrate/copy-tables.js';
import { formatLoadOrder, formatPlan, planTables } from '../../src/migrate/into-existing.js';
import { MysqlTarget } from '../../src/migrate/mysql-target.js';
import { startDynalite, type TestDynamo } from '../support/dynalite.js';
import { startMysql, type TestMysql } from '../support/mariadb.js';
import { assertBuilt, runCli } from './cli-helpers.js';
import { seed, waitForActive, type Item } from './fixtures.js';

const USERS = 'app-users';
const SERVICES = 'app-services';
const CODES = 'app-codes';

let mysql: TestMysql;
let dynamo: TestDynamo;
let client: DynamoDBClient;
let work: string;

const s = (S: string) => ({ S });
const n = (N: string) => ({ N });

const userItems: Item[] = [
  { id: s('u1'), email: s('ann@example.com'), firstName: s('Ann'), lastName: s('Lee'), role: s('admin'), createdAt: s('2025-03-04T10:00:00.123456Z'), updatedAt: s('2025-03-05T08:00:00.5+01:00') },
  { id: s('u2'), email: s('bob@example.com'), firstName: s('Bob'), lastName: s('Ray'), role: s('doctor'), createdAt: s('2025-01-01T00:00:00Z'), legacyNotes: s('imported 2019') },
  { id: s('u3'), email: s('cara@example.com'), firstName: s('Cara'), lastName: s('Moe'), role: s('frontdesk'), createdAt: s('2025-02-01T12:30:00.5-03:00') },
  { id: s('u4'), email: s('Ann@Example.com'), firstName: s('Annie'), lastName: s('Lee'), role: s('nurse'), createdAt: s('2025-03-06T00:00:00Z') },
  { id: s('u5'), email: s('dan@example.com'), firstName: s('Dan'), lastName: s('Poe'), role: s('nurse'), createdAt: s('last Tuesday') },
  { id: s('u6'), email: s('eve@example.com'), firstName: s('Eve'), role: s('nurse'), createdAt: s('2025-01-02T00:00:00Z') },
  { id: s('u7'), email: s('fay@example.com'), firstName: s('Fay'), lastName: s('Kim'), role: s('doctor') },
  { id: s('u8'), email: s('gus@example.com'), firstName: s('G'.repeat(101)), lastName: s('Long'), role: s('nurse'), createdAt: s('2025-01-03T00:00:00Z') },
];

const serviceItems: Item[] = [
  { id: s('s1'), name: s('Checkup'), durationMinutes: n('30'), price: n('45.5'), isActive: { BOOL: true }, createdBy: s('u2') },
  { id: s('s2'), name: s('X-ray'), durationMinutes: s('45'), price: s('120.00'), isActive: { BOOL: false }, createdBy: s('u2') },
  { id: s('s3'), name: s('Rounding'), durationMinutes: n('10'), price: n('19.999'), isActive: { BOOL: true }, createdBy: s('u2') },
  { id: s('s4'), name: s('Orphan'), durationMinutes: n('10'), price: n('10'), isActive: { BOOL: true }, createdBy: s('u5') },
  { id: s('s5'), name: s('Ghost'), durationMinutes: n('10'), price: n('10'), isActive: { BOOL: true }, createdBy: s('ghost') },
  { id: s('s6'), name: s('Half'), durationMinutes: s('1.5'), price: n('10'), isActive: { BOOL: true }, createdBy: s('u2') },
  { id: s('s7'), name: s('Default active'), durationMinutes: n('15'), price: n('10') },
];

const DDL = [
  `CREATE TABLE users (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    first_name VARCHAR(100) NOT NULL,
    last_name VARCHAR(100) NOT NULL,
    role ENUM('admin','doctor','nurse','receptionist') NOT NULL,
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at TIMESTAMP(3) NULL DEFAULT NULL,
    UNIQUE KEY uq_users_email (email)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`,
  `CREATE TABLE services (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    duration_minutes INT NOT NULL,
    price DECIMAL(10,2) NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_by VARCHAR(36) NULL,
    CONSTRAINT fk_services_created_by FOREIGN KEY (created_by) REFERENCES users (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`,
];

async function createSource(table: string, items: Item[]): Promise<void> {
  await client.send(new CreateTableCommand({ TableName: table, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  await waitForActive(client, table);
  await seed(client, table, items);
}

async function freshDatabase(prefix: string): Promise<{ url: string; database: string }> {
  const url = await mysql.createDatabase(prefix);
  const database = new URL(url).pathname.slice(1);
  const admin = await mysql.connect(database);
  try {
    for (const statement of DDL) await admin.query(statement);
  } finally {
    await admin.end();
  }
  return { url, database };
}

async function rows(database: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const connection = await mysql.connect(database);
  try {
    await connection.query("SET time_zone = '+00:00'");
    const [result] = await connection.query(sql);
    return result as Array<Record<string, unknown>>;
  } finally {
    await connection.end();
  }
}

interface Line {
  table: string;
  key: { id: string };
  reason: string;
  column?: string;
  conflictsWith?: { id: string };
}

async function lines(path: string): Promise<Line[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
}

const clients = (): ClientFactory => ({ dynamodb: () => client }) as unknown as ClientFactory;

async function copy(database: string, options: { config?: MigrateConfig; dropUnmapped?: boolean; extraColumn?: string; dryRun?: boolean; rejects: string; restart?: boolean; batchSize?: number; tables?: string[] }) {
  const target = await MysqlTarget.connect({ host: mysql.host, port: mysql.port, user: mysql.user, database });
  const notices: string[] = [];
  const results: Array<Record<string, unknown>> = [];
  try {
    await copyTables(
      {
        clients: clients(),
        region: 'us-east-1',
        config: options.config,
        // services first on purpose: the foreign key puts users first.
        tables: options.tables ?? [SERVICES, USERS],
        target,
        via: 'scan',
        segments: 1,
        batchSize: options.batchSize ?? 100,
        resume: false,
        restart: options.restart ?? false,
        dryRun: options.dryRun ?? false,
        rejects: options.rejects,
        sample: Infinity,
        intoExisting: { dropUnmapped: options.dropUnmapped ?? false, extraColumn: options.extraColumn },
        signal: new AbortController().signal,
      },
      {
        progress: () => ({ update: () => undefined, finish: () => undefined }),
        notice: (line) => notices.push(line),
        result: async (line) => {
          results.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    );
  } finally {
    await target.close();
  }
  return { notices, results };
}

beforeAll(async () => {
  [mysql, dynamo] = await Promise.all([startMysql(), startDynalite()]);
  client = dynamo.client();
  await createSource(USERS, userItems);
  await createSource(SERVICES, serviceItems);
  await createSource(CODES, [
    { id: s('a1'), label: s('lower') },
    { id: s('A1'), label: s('upper') },
  ]);
  work = await mkdtemp(join(tmpdir(), 'clinnet-into-existing-'));
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await Promise.all([mysql?.stop(), dynamo?.stop(), work ? rm(work, { recursive: true, force: true }) : undefined]);
});

describe('migrate-dynamo --into-existing', () => {
  it('refuses to start while an attribute has no column, and lists it', async () => {
    const { database } = await freshDatabase('ie_refuse');
    const rejects = join(work, 'refuse.jsonl');
    await expect(copy(database, { rejects })).rejects.toThrow(/attribute "legacyNotes" has no column in users[\s\S]*--drop-unmapped/);
    expect(Number((await rows(database, 'SELECT COUNT(*) AS c FROM users'))[0]?.c)).toBe(0);
  });

  it('copies in foreign-key order, converts exactly, and rejects every bad item with its reason and column, rewriting nothing', async () => {
    const { database } = await freshDatabase('ie_copy');
    const rejects = join(work, 'copy.jsonl');
    const { notices, results } = await copy(database, { rejects, dropUnmapped: true });

    // users before services although services was named first.
    expect(results.map((r) => r.table)).toEqual([USERS, SERVICES]);
    expect(notices.join('\n')).toContain('--drop-unmapped: left out attribute(s) with no column in users: legacyNotes');
    expect(results[0]).toMatchObject({ droppedAttributes: ['legacyNotes'], uniqueCollisions: 1 });

    const recorded = await lines(rejects);
    const byId = new Map(recorded.map((l) => [l.key.id, l]));
    // One of the two case-only duplicates landed; the other is a reject naming both keys.
    const users = await rows(database, 'SELECT id, email, first_name, last_name, role, created_at, updated_at FROM users ORDER BY id');
    const kept = users.find((u) => String(u.email).toLowerCase() === 'ann@example.com')?.id as string;
    const lost = kept === 'u1' ? 'u4' : 'u1';
    expect(byId.get(lost)).toMatchObject({ column: 'email', conflictsWith: { id: kept }, reason: expect.stringMatching(new RegExp(`unique key uq_users_email \\(email\\): .*"id":"${lost}".*"id":"${kept}".*never overwritten`)) });
    expect(byId.get('u3')).toMatchObject({ column: 'role', reason: expect.stringContaining('"frontdesk" is not one of the ENUM') });
    expect(byId.get('u5')).toMatchObject({ column: 'created_at', reason: expect.stringContaining('"last Tuesday" is not an ISO-8601 date-time') });
    expect(byId.get('u6')).toMatchObject({ column: 'last_name', reason: expect.stringContaining('missing, and column last_name is NOT NULL without a default') });
    expect(byId.get('u8')).toMatchObject({ column: 'first_name', reason: expect.stringContaining('101 characters are longer than the column (100)') });
    expect(byId.get('s3')).toMatchObject({ column: 'price', reason: expect.stringContaining('19.999 does not fit without rounding') });
    expect(byId.get('s4')).toMatchObject({ column: 'created_by', reason: 'foreign key fk_services_created_by: created_by "u5" has no row in users (id)' });
    expect(byId.get('s5')).toMatchObject({ column: 'created_by', reason: 'foreign key fk_services_created_by: created_by "ghost" has no row in users (id)' });
    expect(byId.get('s6')).toMatchObject({ column: 'duration_minutes', reason: expect.stringContaining('1.5 is not an integer') });
    expect([...byId.keys()].sort()).toEqual([lost, 's3', 's4', 's5', 's6', 'u3', 'u5', 'u6', 'u8'].sort());

    const u7 = users.find((u) => u.id === 'u7');
    expect(u7?.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/); // the column's default, not a value made up by the copy
    expect(users.filter((u) => u.id !== 'u7')).toEqual(
      [
        { id: 'u1', email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee', role: 'admin', created_at: '2025-03-04 10:00:00.123', updated_at: '2025-03-05 07:00:00.500' },
        { id: 'u2', email: 'bob@example.com', first_name: 'Bob', last_name: 'Ray', role: 'doctor', created_at: '2025-01-01 00:00:00.000', updated_at: null },
        { id: 'u4', email: 'Ann@Example.com', first_name: 'Annie', last_name: 'Lee', role: 'nurse', created_at: '2025-03-06 00:00:00.000', updated_at: null },
      ].filter((u) => u.id !== lost),
    );
    expect(await rows(database, 'SELECT id, name, duration_minutes, price, is_active, created_by FROM services ORDER BY id')).toEqual([
      { id: 's1', name: 'Checkup', duration_minutes: 30, price: '45.50', is_active: 1, created_by: 'u2' },
      { id: 's2', name: 'X-ray', duration_minutes: 45, price: '120.00', is_active: 0, created_by: 'u2' },
      { id: 's7', name: 'Default active', duration_minutes: 15, price: '10.00', is_active: 1, created_by: null },
    ]);

    expect(results[0]).toMatchObject({ run: { read: 8, written: 3, rejected: 5 } });
    expect(results[1]).toMatchObject({ run: { read: 7, written: 3, rejected: 4 } });

    // Run again from the start, one item per transaction: the rows written before are updated in
    // place, the duplicate collides with a committed row and is rejected again; nothing doubled or overwritten.
    const before = await rows(database, 'SELECT * FROM users ORDER BY id');
    const again = await copy(database, { rejects, dropUnmapped: true, restart: true, batchSize: 1 });
    expect(again.results.map((r) => r.run)).toEqual([
      { read: 8, written: 3, rejected: 5 },
      { read: 7, written: 3, rejected: 4 },
    ]);
    expect(await rows(database, 'SELECT * FROM users ORDER BY id')).toEqual(before);
    expect((await lines(rejects)).find((l) => l.key.id === lost)).toMatchObject({ column: 'email', conflictsWith: { id: kept } });
    expect(again.notices.join('\n')).toContain('unique-key collisions: 1 item(s) rejected because another row holds the value');
  }, 120_000);

  it("maps 'frontdesk' to 'receptionist' only with the config's value map, and config synonyms override names", async () => {
    const { database } = await freshDatabase('ie_map');
    const rejects = join(work, 'map.jsonl');
    // The config's word wins over the names: here it swaps the two name columns (a synonym is the same: `duration: "duration_minutes"`).
    const config: MigrateConfig = {
      tables: { users: { columns: { role: { values: { frontdesk: 'receptionist' } }, legacyNotes: null, firstName: 'last_name', lastName: { column: 'first_name' } } } },
    };
    const { results } = await copy(database, { rejects, config });
    expect(results.map((r) => r.table)).toEqual([USERS, SERVICES]);
    expect(await rows(database, "SELECT id, first_name, last_name, role, created_at FROM users WHERE id = 'u3'")).toEqual([
      { id: 'u3', first_name: 'Moe', last_name: 'Cara', role: 'receptionist', created_at: '2025-02-01 15:30:00.500' },
    ]);
    // Only the value the map names is rewritten.
    expect(await rows(database, "SELECT id, role FROM users WHERE id IN ('u2', 'u7') ORDER BY id")).toEqual([
      { id: 'u2', role: 'doctor' },
      { id: 'u7', role: 'doctor' },
    ]);
    expect((await lines(rejects)).map((l) => l.key.id)).not.toContain('u3');
  }, 120_000);

  it('attributes without a column go to the JSON column the user names; a dry run writes nothing', async () => {
    const { database } = await freshDatabase('ie_extra');
    const admin = await mysql.connect(database);
    await admin.query('ALTER TABLE users ADD COLUMN attributes JSON NULL');
    await admin.end();
    const dry = await copy(database, { rejects: join(work, 'dry.jsonl'), extraColumn: 'attributes', dryRun: true });
    expect(dry.results.map((r) => [r.table, r.dryRun, r.run])).toEqual([
      [USERS, true, { read: 8, written: 4, rejected: 4 }],
      [SERVICES, true, { read: 7, written: 5, rejected: 2 }], // a dry run cannot know what the server refuses (the foreign keys, the duplicate email)
    ]);
    expect(Number((await rows(database, 'SELECT COUNT(*) AS c FROM users'))[0]?.c)).toBe(0);

    await copy(database, { rejects: join(work, 'extra.jsonl'), extraColumn: 'attributes' });
    expect(await rows(database, "SELECT id, attributes FROM users WHERE id IN ('u2', 'u7') ORDER BY id")).toEqual([
      { id: 'u2', attributes: { legacyNotes: 'imported 2019' } },
      { id: 'u7', attributes: null },
    ]);
  }, 120_000);

  it('a primary key under a case-insensitive collation never merges two items: the second is a reject naming both keys', async () => {
    const { database } = await freshDatabase('ie_pk');
    const admin = await mysql.connect(database);
    await admin.query('CREATE TABLE codes (id VARCHAR(10) NOT NULL PRIMARY KEY, label VARCHAR(10) NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
    await admin.end();
    const rejects = join(work, 'codes.jsonl');
    const { results } = await copy(database, { rejects, tables: [CODES], config: { tables: { [CODES]: { target: 'codes' } } } });
    expect(results[0]).toMatchObject({ run: { read: 2, written: 1, rejected: 1 }, uniqueCollisions: 1 });
    const [row] = await rows(database, 'SELECT id, label FROM codes');
    const lost = row?.id === 'a1' ? 'A1' : 'a1';
    expect(row).toEqual(row?.id === 'a1' ? { id: 'a1', label: 'lower' } : { id: 'A1', label: 'upper' });
    expect(await lines(rejects)).toEqual([
      expect.objectContaining({ key: { id: lost }, column: 'id', conflictsWith: { id: row?.id }, reason: expect.stringContaining('unique key PRIMARY (id)') }),
    ]);
  }, 120_000);

  it('schema --into-existing prints the mapping, the precision cut, the problems and the load order', async () => {
    const { database } = await freshDatabase('ie_schema');
    const target = await MysqlTarget.connect({ host: mysql.host, port: mysql.port, user: mysql.user, database });
    try {
      const session = await target.session();
      const planned = await planTables([SERVICES, USERS], { dynamo: client, session, sample: Infinity, dropUnmapped: false });
      await session.release();
      const text = [...planned.map((p) => formatPlan(p.plan).join('\n')), formatLoadOrder(planned)].join('\n');
      expect(text).toContain('"createdAt"   → created_at TIMESTAMP(3) NOT NULL (default when missing)  (camelCase → snake_case; ISO-8601 with a zone, stored as UTC; the column keeps milliseconds: digits beyond 3 are cut)');
      expect(text).toContain('"email"       → email VARCHAR(255) NOT NULL  (unique key uq_users_email (collation utf8mb4_general_ci ignores case');
      expect(text).toContain('"legacyNotes" → (no column: the copy refuses to start)');
      expect(text).toContain('-- PROBLEM: attribute "legacyNotes" has no column in users');
      expect(text).toContain('"createdBy"       → created_by VARCHAR(36)  (camelCase → snake_case; references users.id');
      expect(text).toContain('-- load order: app-users → users, then app-services → services (foreign keys: services.created_by → users.id)');
    } finally {
      await target.close();
    }
  });

  it('through the built CLI: schema --into-existing changes nothing, copy refuses the unmapped attribute, then copies with --drop-unmapped', async () => {
    assertBuilt();
    const { url, database } = await freshDatabase('ie_cli');
    const env = { ...dynamo.env };
    const common = ['--table', SERVICES, '--table', USERS, '--mysql-url', url];
    const tablesBefore = await rows(database, 'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1');

    const schema = await runCli(['migrate-dynamo', 'schema', ...common, '--into-existing'], env);
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toContain('digits beyond 3 are cut');
    expect(schema.stdout).toContain('-- load order: app-users → users, then app-services → services');
    expect(schema.stderr).toContain('1 problem(s): `copy --into-existing` refuses to start');
    expect(await rows(database, 'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1')).toEqual(tablesBefore);

    const refused = await runCli(['migrate-dynamo', 'copy', ...common, '--into-existing'], env);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('attribute "legacyNotes" has no column in users');
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    const rejects = join(work, 'cli.jsonl');
    const copied = await runCli(['migrate-dynamo', 'copy', ...common, '--into-existing', '--drop-unmapped', '--rejects', rejects], env);
    expect(copied.code, copied.stderr).toBe(0);
    const summaries = copied.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { table: string; run: unknown; droppedAttributes?: string[] });
    expect(summaries.map((r) => [r.table, r.run])).toEqual([
      [USERS, { read: 8, written: 3, rejected: 5 }],
      [SERVICES, { read: 7, written: 3, rejected: 4 }],
    ]);
    expect(summaries[0]?.droppedAttributes).toEqual(['legacyNotes']);
    expect(copied.stderr).toContain('unique-key collisions: 1 item(s)');
    expect(copied.stderr).toContain('--drop-unmapped: left out attribute(s) with no column in users: legacyNotes');
    expect(await lines(rejects)).toHaveLength(9);
    expect((await rows(database, 'SELECT id FROM services ORDER BY id')).map((r) => r.id)).toEqual(['s1', 's2', 's7']);

    // verify --into-existing: every source item is a matching row or a reject on file (exit 1: rejects are differences).
    const verifyArgs = ['migrate-dynamo', 'verify', ...common, '--into-existing', '--drop-unmapped', '--rejects', rejects];
    const verify = await runCli(verifyArgs, env);
    expect(verify.code, verify.stderr).toBe(1);
    expect(verify.stdout).toContain('app-users → users: DIFFERENT\n  source items 8, target rows 3, matching 3\n  missing 0, extra 0, changed 0, rejected 5 (by the mapping 4, by the server and on file 1)');
    expect(verify.stdout).toContain('app-services → services: DIFFERENT\n  source items 7, target rows 3, matching 3\n  missing 0, extra 0, changed 0, rejected 4 (by the mapping 2, by the server and on file 2)');
    expect(verify.stdout).toContain(`rejects: counted 5, recorded 5 in ${rejects}`);
    expect(verify.stdout).toContain('(on file: foreign key fk_services_created_by: created_by "ghost" has no row in users (id))');

    const admin = await mysql.connect(database);
    await admin.query("UPDATE users SET first_name = 'Robert' WHERE id = 'u2'");
    await admin.query("INSERT INTO users (id, email, first_name, last_name, role) VALUES ('u9', 'new@example.com', 'New', 'Row', 'nurse')");
    await admin.end();
    const changed = await runCli(verifyArgs, env);
    expect(changed.stdout).toContain('missing 0, extra 1, changed 1, rejected 5');
    expect(changed.stdout).toMatch(/changed\s+\{"id":"u2"\}/);
    expect(changed.stdout).toMatch(/extra\s+\{"id":"u9"\}/);
  }, 120_000);
});
