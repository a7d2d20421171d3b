/**
 * The two copy paths side by side on this machine: `copy` (parallel Scan, batched upserts) and
 * `copy --via export` (DynamoDB export to S3, CSV objects, LOAD DATA), both through the built CLI
 * against moto (DynamoDB and S3) and MariaDB, alternated over BENCH_ROUNDS rounds (at least 3).
 * moto serves both paths from one Python process, so its figures say what this process adds on
 * each path (mapping, CSV, S3 objects, the load), not how fast AWS exports: a real export takes
 * minutes whatever the table size (docs/migration.md). Prints figures; asserts nothing about time.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../src/aws/clients.js';
import { startMysql, type TestMysql } from '../test/support/mariadb.js';
import { BIN, assertBuilt } from '../test/migrate/cli-helpers.js';
import { range, seed, serviceItem } from '../test/migrate/fixtures.js';
import { motoEnv, motoOnPath, startMoto, type Moto } from '../test/e2e/support/moto-server.js';

const ITEMS = Number(process.env.BENCH_EXPORT_ITEMS ?? 20_000);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
const TABLE = 'bench-services';
const BUCKET = 'bench-exports';

let moto: Moto;
let mysql: TestMysql;
let work: string;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function cli(args: string[]): Promise<{ code: number | null; ms: number; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...motoEnv(moto.endpoint), NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'], cwd: work });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, ms: performance.now() - started, stderr };
}

beforeAll(async () => {
  assertBuilt();
  if (!motoOnPath()) throw new Error('moto_server is not on PATH (pip install "moto[server]")');
  [moto, mysql] = await Promise.all([startMoto(), startMysql()]);
  work = await mkdtemp(join(tmpdir(), 'clinnet-bench-export-'));
  Object.assign(process.env, motoEnv(moto.endpoint));
  const f = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
  const dynamo = f.dynamodb('us-east-1');
  await dynamo.send(new CreateTableCommand({ TableName: TABLE, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  await seed(dynamo, TABLE, (function* () {
    for (const i of range(0, ITEMS)) yield serviceItem(i);
  })());
  await dynamo.send(new UpdateContinuousBackupsCommand({ TableName: TABLE, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  await f.s3('us-east-1').send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  await Promise.all([moto?.stop(), mysql?.stop(), work ? rm(work, { recursive: true, force: true }) : undefined]);
});

describe('migrate-dynamo: scan path and export path', () => {
  it(`copies ${ITEMS.toLocaleString('en-US')} items both ways, alternated over ${ROUNDS} rounds`, async () => {
    const scan: number[] = [];
    const exported: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const via of round % 2 ? (['export', 'scan'] as const) : (['scan', 'export'] as const)) {
        const url = await mysql.createDatabase(`bench_${via}_${round}`);
        const schema = await cli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply', '--sample', '2000']);
        expect(schema.code, schema.stderr).toBe(0);
        const args = ['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--segments', '4', '--rejects', join(work, `${via}-${round}.jsonl`)];
        const run = await cli(via === 'export' ? [...args, '--via', 'export', '--bucket', BUCKET, '--prefix', `r${round}`] : args);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain(`written ${ITEMS.toLocaleString('en-US')}, rejected 0`);
        const rate = Math.round((ITEMS / run.ms) * 1000);
        (via === 'export' ? exported : scan).push(rate);
        console.log(`round ${round + 1}: ${via} path ${rate} items/s (${(run.ms / 1000).toFixed(1)} s, CLI incl. start-up)`);
      }
    }
    console.log(
      `\nmigrate-dynamo paths against moto + MariaDB, ${ITEMS.toLocaleString('en-US')} items\n` +
        `  scan path, per round (items/s)     ${scan.join(', ')}  median ${median(scan)}\n` +
        `  export path, per round (items/s)   ${exported.join(', ')}  median ${median(exported)}\n`,
    );
  });
});
