/**
 * `migrate-dynamo copy --via export` from the built binary: moto serves DynamoDB's export to S3 and
 * the S3 objects; MariaDB (which has no LOAD DATA FROM S3) loads the same CSV objects with LOAD DATA
 * LOCAL INFILE. The Aurora statement is checked as text in test/migrate/export-csv.test.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, PutItemCommand, UpdateContinuousBackupsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { ensureBuilt } from '../cli/built-cli.js';
import { startMysql, type TestMysql } from '../support/mariadb.js';
import { range, seed, serviceItem } from '../migrate/fixtures.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { motoEnv, startMoto, type Moto } from './support/moto-server.js';
import { spawn } from 'node:child_process';
import { BIN, cleanEnv } from '../cli/built-cli.js';

/** Copies through the built CLI take minutes, not seconds, on a loaded 2-core machine (a timeout, not a timing). */
const HEAVY_TIMEOUT_MS = 300_000;

const TABLE = 'export-services';
const NO_PITR = 'nopitr-services';
const BUCKET = 'clinnet-migrate-exports';
const ITEMS = 1500;
const BAD = ['bad-price-1', 'bad-price-2', 'bad-name'];

let moto: Moto;
let mysql: TestMysql;
let dynamo: DynamoDBClient;
let s3: S3Client;
let work: string;

async function createTable(name: string): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({ TableName: name, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }),
  );
}

beforeAll(async () => {
  ensureBuilt();
  [moto, mysql] = await Promise.all([startMoto(), startMysql()]);
  Object.assign(process.env, motoEnv(moto.endpoint));
  const f = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
  dynamo = f.dynamodb('us-east-1');
  s3 = f.s3('us-east-1');
  await createTable(TABLE);
  await createTable(NO_PITR);
  await seed(dynamo, TABLE, (function* () {
    for (const i of range(0, ITEMS)) yield serviceItem(i);
  })());
  const bad = (id: string, patch: Record<string, unknown>) => ({ ...serviceItem(1), id: { S: id }, ...patch }) as ReturnType<typeof serviceItem>;
  await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: bad('bad-price-1', { price: { N: '1.005' } }) }));
  await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: bad('bad-price-2', { price: { N: '99999999999' } }) }));
  await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: bad('bad-name', { name: { S: 'n'.repeat(201) } }) }));
  await dynamo.send(new PutItemCommand({ TableName: NO_PITR, Item: serviceItem(1) }));
  await dynamo.send(new UpdateContinuousBackupsCommand({ TableName: TABLE, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  work = await mkdtemp(join(tmpdir(), 'clinnet-e2e-export-'));
});

afterAll(async () => {
  await Promise.all([moto?.stop(), mysql?.stop(), work ? rm(work, { recursive: true, force: true }) : undefined]);
});

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: work });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
}

async function rows(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const connection = await mysql.connect(new URL(url).pathname.slice(1));
  try {
    const [result] = await connection.query(sql);
    return result as Array<Record<string, unknown>>;
  } finally {
    await connection.end();
  }
}

describe('migrate-dynamo copy --via export', () => {
  it('explains that the export needs point-in-time recovery, and changes nothing', async () => {
    const url = await mysql.createDatabase('nopitr');
    expectClean(await cli(['migrate-dynamo', 'schema', '--table', NO_PITR, '--mysql-url', url, '--apply']), 0);
    const run = await cli(['migrate-dynamo', 'copy', '--table', NO_PITR, '--mysql-url', url, '--via', 'export', '--bucket', BUCKET]);
    expectClean(run, 2);
    expect(run.stderr).toContain(`--via export needs point-in-time recovery on ${NO_PITR}`);
    expect(run.stderr).toContain('update-continuous-backups');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Contents ?? []).toEqual([]);
  }, HEAVY_TIMEOUT_MS);

  it('exports, maps, writes CSV objects to S3 and loads them; rejects are on file; verify finds the target equal to the source', async () => {
    const url = await mysql.createDatabase('export');
    const rejects = join(work, 'export.jsonl');
    expectClean(await cli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply']), 0);
    const run = await cli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--via', 'export', '--bucket', BUCKET, '--prefix', 'exports/', '--rejects', rejects]);
    expectClean(run, 0);
    expect(run.stderr).toMatch(/export started: arn:aws:dynamodb:.* → s3:\/\/clinnet-migrate-exports\/exports\/clinnet-opt\/services_migrated\/\d{8}T\d{6}Z\//);
    expect(run.stderr).toContain(`export complete: ${ITEMS + BAD.length} item(s)`);
    expect(run.stderr).toContain(`read ${(ITEMS + BAD.length).toLocaleString('en-US')}, written ${ITEMS.toLocaleString('en-US')}, rejected ${BAD.length}`);
    const summary = JSON.parse(run.stdout) as { run: { read: number; written: number; rejected: number } };
    expect(summary.run).toEqual({ read: ITEMS + BAD.length, written: ITEMS, rejected: BAD.length });

    // The CSV objects are in S3 under the run's prefix.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'exports/clinnet-opt/services_migrated/' }));
    const csv = (listed.Contents ?? []).map((o) => o.Key as string).filter((k) => k.includes('/csv/'));
    expect(csv.length).toBeGreaterThan(0);
    expect(csv.every((k) => /\/csv\/part-\d{5}-\d{4}\.csv$/.test(k))).toBe(true);

    expect(await rows(url, 'SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM services_migrated')).toEqual([{ n: String(ITEMS), d: String(ITEMS) }]);
    const [edge] = await rows(url, "SELECT name, big, precise, data, extra FROM services_migrated WHERE id = 'svc-000005'");
    expect(edge).toMatchObject({ name: 'Ünïcödé 名前 🚀 5', big: '4503599627370497', precise: '3.14' });
    expect(Buffer.compare(edge?.data as Buffer, Buffer.from(serviceItem(5).data?.B as Uint8Array))).toBe(0);
    const lines = (await readFile(rejects, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { table: string; key: { id: string }; reason: string });
    expect(lines.map((l) => l.key.id).sort()).toEqual([...BAD].sort());
    expect(new Set(lines.map((l) => l.table))).toEqual(new Set([TABLE]));

    // verify scans the source (moto) and compares it with what the load wrote, row by row.
    const verify = await cli(['migrate-dynamo', 'verify', '--table', TABLE, '--mysql-url', url, '--rejects', rejects]);
    expect(verify.stdout, describeRun(verify)).toContain(`source items ${ITEMS + BAD.length}, target rows ${ITEMS}, matching ${ITEMS}`);
    expect(verify.stdout).toContain('missing 0, extra 0, changed 0, rejected by the mapping 3');
    expect(verify.stdout).toContain(`rejects: counted ${BAD.length}, recorded ${BAD.length} in ${rejects}`);

    // A new run over the same rejects file refuses; --restart says what it discards and loads again.
    const again = await cli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--via', 'export', '--bucket', BUCKET, '--rejects', rejects]);
    expectClean(again, 2);
    expect(again.stderr).toContain(`already holds ${BAD.length} line(s) of ${TABLE}`);
    const restarted = await cli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--via', 'export', '--bucket', BUCKET, '--rejects', rejects, '--restart']);
    expectClean(restarted, 0);
    expect(restarted.stderr).toContain(`and ${BAD.length} line(s) of ${TABLE} in ${rejects}`);
    expect(await rows(url, 'SELECT COUNT(*) AS n FROM services_migrated')).toEqual([{ n: String(ITEMS) }]);
  }, HEAVY_TIMEOUT_MS);

  it('a run killed while the export runs resumes with the same export (no second one), and a fresh run without --resume is refused', async () => {
    const url = await mysql.createDatabase('export_resume');
    const rejects = join(work, 'resume.jsonl');
    expectClean(await cli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply']), 0);
    const args = ['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--via', 'export', '--bucket', BUCKET, '--prefix', 'resume', '--rejects', rejects];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: cleanEnv({ ...motoEnv(moto.endpoint), NO_COLOR: '1' }), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (stderr.includes('export started')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('close', () => resolve());
    });
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toContain('export started');
    const [header] = await rows(url, "SELECT export_arn AS arn, phase FROM clinnet_migrate_export WHERE file_index = -1");
    expect(header?.phase).toBe('exporting');

    const refused = await cli(args);
    expectClean(refused, 2);
    expect(refused.stderr).toContain('an export run of services_migrated was interrupted: continue it with --via export --resume');

    const scanResume = await cli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--resume', '--rejects', rejects]);
    expectClean(scanResume, 2);
    expect(scanResume.stderr).toContain('used --via export');

    const resumed = await cli([...args, '--resume']);
    expectClean(resumed, 0);
    expect(resumed.stderr).not.toContain('export started');
    expect(resumed.stderr).toContain(`written ${ITEMS.toLocaleString('en-US')}, rejected ${BAD.length}`);
    const [after] = await rows(url, 'SELECT export_arn AS arn, phase FROM clinnet_migrate_export WHERE file_index = -1');
    expect(after).toEqual({ arn: header?.arn, phase: 'loaded' });
    expect(await rows(url, 'SELECT COUNT(*) AS n FROM services_migrated')).toEqual([{ n: String(ITEMS) }]);
  }, HEAVY_TIMEOUT_MS);
});
