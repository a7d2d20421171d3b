/**
 * No rejected item without its line, through the built CLI against dynalite and MariaDB: one
 * rejects file shared by two tables, a run killed with SIGKILL then refused and resumed (the file is
 * never deleted), `--restart` saying what it discards, and `verify` comparing the counted rejects
 * with the lines on file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startDynalite, type TestDynamo } from '../support/dynalite.js';
import { startMysql, type TestMysql } from '../support/mariadb.js';
import { assertBuilt, runCli, startCli, type CliResult } from './cli-helpers.js';
import { createServicesTable, range, seed, waitForActive, type Item } from './fixtures.js';

/** Copies through the built CLI take minutes, not seconds, on a loaded 2-core machine (a timeout, not a timing). */
const HEAVY_TIMEOUT_MS = 300_000;

const SERVICES = 'rj-services';
const USERS = 'rj-users';
const ITEMS = 6000;

let mysql: TestMysql;
let dynamo: TestDynamo;
let env: Record<string, string>;
let work: string;

/** Every third item has a price with three fraction digits: DECIMAL(10,2) cannot hold it, so it is rejected. */
function item(i: number): Item {
  const id = `svc-${String(i).padStart(6, '0')}`;
  return { id: { S: id }, name: { S: `service ${i}` }, price: { N: i % 3 === 0 ? `${i}.125` : `${i}.25` } };
}
const REJECTED = Math.ceil(ITEMS / 3);

interface Line {
  table: string;
  key: { id: string };
  reason: string;
}

async function lines(path: string): Promise<Line[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
}

function expectClean(result: CliResult, code: number): void {
  expect(result.stderr, result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code, result.stderr).toBe(code);
}

async function rejectedSoFar(url: string): Promise<number> {
  const connection = await mysql.connect(new URL(url).pathname.slice(1));
  try {
    const [rows] = await connection.query('SELECT COALESCE(SUM(items_rejected), 0) AS r FROM clinnet_migrate_state');
    return Number((rows as Array<{ r: string }>)[0]?.r);
  } catch {
    return 0;
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  assertBuilt();
  [mysql, dynamo] = await Promise.all([startMysql(), startDynalite()]);
  const client = dynamo.client();
  await createServicesTable(client, SERVICES);
  await seed(client, SERVICES, (function* () {
    for (const i of range(0, ITEMS)) yield item(i);
  })());
  await client.send(new CreateTableCommand({ TableName: USERS, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  await waitForActive(client, USERS);
  await seed(client, USERS, [
    { id: { S: 'u1' }, email: { S: 'a@example.com' } },
    { id: { S: 'u2' }, email: { S: 'b@example.com' } },
  ]);
  client.destroy();
  env = { ...dynamo.env };
  work = await mkdtemp(join(tmpdir(), 'clinnet-rejects-'));
}, 120_000);

afterAll(async () => {
  await Promise.all([mysql?.stop(), dynamo?.stop(), work ? rm(work, { recursive: true, force: true }) : undefined]);
});

describe('migrate-dynamo: every rejected item has its line', () => {
  it('one --rejects file serves both tables: a table without rejects leaves the other table\'s lines in place', async () => {
    const url = await mysql.createDatabase('shared');
    const file = join(work, 'shared.jsonl');
    const common = ['--table', SERVICES, '--table', USERS, '--mysql-url', url];
    expectClean(await runCli(['migrate-dynamo', 'schema', ...common, '--apply', '--sample', 'none'], env), 0);
    const copy = await runCli(['migrate-dynamo', 'copy', ...common, '--rejects', file], env);
    expectClean(copy, 0);
    expect(copy.stderr).toContain(`rejects: ${file} (${REJECTED} line(s) of ${SERVICES})`);
    const recorded = await lines(file);
    expect(recorded).toHaveLength(REJECTED);
    expect(new Set(recorded.map((l) => l.table))).toEqual(new Set([SERVICES]));
    expect(recorded[0]?.reason).toMatch(/does not fit column price DECIMAL\(10,2\) without rounding/);

    // Running the users table again alone with the same file keeps the services lines.
    const again = await runCli(['migrate-dynamo', 'copy', '--table', USERS, '--mysql-url', url, '--rejects', file], env);
    expectClean(again, 0);
    expect(await lines(file)).toHaveLength(REJECTED);

    const verify = await runCli(['migrate-dynamo', 'verify', ...common, '--rejects', file], env);
    expect(verify.stdout).toContain(`rejects: counted ${REJECTED}, recorded ${REJECTED} in ${file}`);
    expect(verify.stdout).toContain(`rejects: counted 0, recorded 0 in ${file}`);

    // Without --rejects, verify reads the file the copy recorded in the target, not the default name.
    const recordedPath = await runCli(['migrate-dynamo', 'verify', ...common], env);
    expect(recordedPath.stdout).toContain(`rejects: counted ${REJECTED}, recorded ${REJECTED} in ${file}`);
    expect(recordedPath.stdout).not.toContain('.rejects.jsonl');
  }, HEAVY_TIMEOUT_MS);

  it('a run killed mid-copy keeps its file: a rerun without --resume refuses and leaves it alone, --resume completes it and verify finds every counted reject on file', async () => {
    const url = await mysql.createDatabase('killed');
    const file = join(work, 'killed.jsonl');
    const common = ['--table', SERVICES, '--mysql-url', url];
    expectClean(await runCli(['migrate-dynamo', 'schema', ...common, '--apply', '--sample', 'none'], env), 0);
    const args = ['migrate-dynamo', 'copy', ...common, '--segments', '4', '--batch-size', '50', '--rejects', file];
    const { child, done } = startCli([...args, '--max-rcu', '20'], env);
    let rejected = 0;
    for (let tries = 0; tries < 1200 && rejected < 300; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rejected = await rejectedSoFar(url);
    }
    child.kill('SIGKILL');
    expect((await done).code).toBeNull();
    const counted = await rejectedSoFar(url);
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThan(REJECTED);
    const afterKill = await readFile(file, 'utf8');
    // Every reject the committed checkpoints count is on file (lines of the batch in flight may be extra).
    expect(new Set((await lines(file)).map((l) => l.key.id)).size).toBeGreaterThanOrEqual(counted);

    const refused = await runCli(args, env);
    expectClean(refused, 2);
    expect(refused.stderr).toContain('--resume');
    expect(await readFile(file, 'utf8')).toBe(afterKill);

    const resumed = await runCli([...args, '--resume'], env);
    expectClean(resumed, 0);
    expect(resumed.stderr).toContain(`including earlier runs: read ${ITEMS.toLocaleString('en-US')}, written ${(ITEMS - REJECTED).toLocaleString('en-US')}, rejected ${REJECTED.toLocaleString('en-US')}`);
    const ids = new Set((await lines(file)).map((l) => l.key.id));
    expect(ids.size).toBe(REJECTED);

    const verify = await runCli(['migrate-dynamo', 'verify', ...common, '--rejects', file], env);
    expect(verify.stdout).toMatch(new RegExp(`rejects: counted ${REJECTED}, recorded ${REJECTED} in `));

    // A line lost from the file is a difference verify reports (exit 1).
    const kept = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    const missingId = (JSON.parse(kept[0] as string) as Line).key.id;
    await writeFile(file, kept.filter((l) => (JSON.parse(l) as Line).key.id !== missingId).map((l) => `${l}\n`).join(''));
    const short = await runCli(['migrate-dynamo', 'verify', ...common, '--rejects', file], env);
    expect(short.code).toBe(1);
    expect(short.stdout).toContain(`rejects: DIFFERENT: counted ${REJECTED}, recorded ${REJECTED - 1}`);
    expect(short.stdout).toContain('1 counted reject(s) have no line');
  }, HEAVY_TIMEOUT_MS);

  it('a new copy over lines of an earlier run refuses; --restart says what it discards and keeps other tables\' lines', async () => {
    const url = await mysql.createDatabase('restart');
    const file = join(work, 'restart.jsonl');
    const common = ['--table', SERVICES, '--mysql-url', url, '--rejects', file];
    expectClean(await runCli(['migrate-dynamo', 'schema', '--table', SERVICES, '--mysql-url', url, '--apply', '--sample', 'none'], env), 0);
    expectClean(await runCli(['migrate-dynamo', 'copy', ...common], env), 0);
    const other = JSON.stringify({ table: 'another-table', segment: 0, key: { id: 'x' }, reason: 'kept', item: { id: { S: 'x' } } });
    await writeFile(file, `${await readFile(file, 'utf8')}${other}\n`);

    const refused = await runCli(['migrate-dynamo', 'copy', ...common], env);
    expectClean(refused, 2);
    expect(refused.stderr).toContain(`already holds ${REJECTED} line(s) of ${SERVICES}`);
    expect(refused.stderr).toContain('--restart');
    expect(await lines(file)).toHaveLength(REJECTED + 1);

    const restarted = await runCli(['migrate-dynamo', 'copy', ...common, '--restart'], env);
    expectClean(restarted, 0);
    expect(restarted.stderr).toContain(`--restart ${SERVICES} → services_migrated: discarded the finished earlier run's checkpoints`);
    expect(restarted.stderr).toContain(`rejected ${REJECTED.toLocaleString('en-US')}`);
    expect(restarted.stderr).toContain(`and ${REJECTED.toLocaleString('en-US')} line(s) of ${SERVICES} in ${file}`);
    const after = await lines(file);
    expect(after).toHaveLength(REJECTED + 1);
    expect(after.filter((l) => l.table === 'another-table')).toHaveLength(1);
    const verify = await runCli(['migrate-dynamo', 'verify', '--table', SERVICES, '--mysql-url', url, '--rejects', file], env);
    expect(verify.stdout).toContain(`rejects: counted ${REJECTED}, recorded ${REJECTED} in ${file}`);
  }, HEAVY_TIMEOUT_MS);
});
