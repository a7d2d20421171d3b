/**
 * 200,000 items from dynalite into MariaDB, in one run: the scan alone (read and discard), a raw
 * LOAD DATA LOCAL INFILE of the same mapped rows, and the full migration (the built CLI). Target:
 * migration ≥ 0.6 × the slower of the two. Peak RSS of the migration at 20,000 and 200,000 items
 * should grow by less than 20 %; RSS sampled during the 200,000 run shows whether it grows over time.
 * Prints figures; asserts nothing about time.
 *
 * dynalite runs in its own process so the scan, the LOAD DATA and the migration all talk to the
 * same server the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMapping } from '../src/migrate/build-mapping.js';
import { mapItem, type SqlValue } from '../src/migrate/convert.js';
import { createTableSql, migratedTableSpec } from '../src/migrate/ddl.js';
import { SampleStats } from '../src/migrate/sample-stats.js';
import { DynamoSource, scanAll, describeSourceTable } from '../src/migrate/source.js';
import { freePort, startMysql, type TestMysql } from '../test/support/mariadb.js';
import { assertBuilt, BIN, ROOT } from '../test/migrate/cli-helpers.js';
import { createServicesTable, range, seed, serviceItem } from '../test/migrate/fixtures.js';

const SMALL = 20_000;
const LARGE = 200_000;
const SEGMENTS = 4;
const BATCH = 500;

let mysql: TestMysql;
let dynaliteProcess: ChildProcess;
let endpoint: string;
let client: DynamoDBClient;
let work: string;

const rate = (items: number, ms: number): number => Math.round((items / ms) * 1000);

async function startDynaliteProcess(): Promise<void> {
  const port = await freePort();
  dynaliteProcess = spawn(process.execPath, ['--max-old-space-size=8192', join(ROOT, 'node_modules/dynalite/cli.js'), '--port', String(port), '--createTableMs', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(dynaliteProcess.stdout!, 'data');
  endpoint = `http://127.0.0.1:${port}`;
  client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

/** RSS of a live process in MB from /proc (Linux); null elsewhere or once it has exited. */
function rssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Runs the built CLI and reports its peak RSS (from inside the child, at exit), and its RSS sampled
 * every 250 ms: a peak is one moment of GC timing, the samples show whether memory grows during the run.
 */
async function cliWithPeakRss(args: string[]): Promise<{ code: number | null; ms: number; maxRssMb: number; stderr: string; samplesMb: number[] }> {
  const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nMAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))';
  const started = performance.now();
  // BENCH_CHILD_NODE_ARGS (e.g. --trace-gc) go to the CLI's node process only.
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', hook, BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const samplesMb: number[] = [];
  const sampler = setInterval(() => {
    const mb = rssMb(child.pid);
    if (mb !== null) samplesMb.push(mb);
  }, 250);
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(sampler);
  const ms = performance.now() - started;
  if (process.env.BENCH_LOG_DIR) await writeFile(join(process.env.BENCH_LOG_DIR, `${args[1]}-${args[3]}.log`), stderr);
  const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0);
  return { code, ms, maxRssMb: kb / 1024, stderr, samplesMb };
}

function escapeField(value: SqlValue): string {
  if (value === null) return '\\N';
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\0/g, '\\0');
}

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'clinnet-bench-'));
  mysql = await startMysql();
  await startDynaliteProcess();
});

afterAll(async () => {
  client?.destroy();
  dynaliteProcess?.kill('SIGTERM');
  await mysql?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('migrate-dynamo benchmark', () => {
  it(`migrates ${LARGE.toLocaleString('en-US')} items: scan, LOAD DATA and migration in one run`, async () => {
    const figures: Record<string, string | number> = {};
    for (const [table, count] of [['services-small', SMALL], ['services-large', LARGE]] as const) {
      const seeded = performance.now();
      await createServicesTable(client, table);
      await seed(client, table, (function* () {
        for (const i of range(0, count)) yield serviceItem(i);
      })(), 16);
      figures[`seed ${count} items (s)`] = ((performance.now() - seeded) / 1000).toFixed(1);
    }

    // The mapping the migration uses (from a 2,000-item sample, so schema time stays out of the figures).
    const info = await describeSourceTable(client, 'services-large');
    const stats = new SampleStats();
    for await (const item of scanAll(new DynamoSource(client, 'services-large'), 1, 1000, 2000)) stats.add(item);
    const mapping = buildMapping({ source: 'services-large', keys: info.keys, stats });

    // 1. The scan alone: same segments and page size as the migration; items are read and discarded.
    const source = new DynamoSource(client, 'services-large');
    let scanned = 0;
    const scanStart = performance.now();
    await Promise.all(
      Array.from({ length: SEGMENTS }, async (_, segment) => {
        let key;
        do {
          const page = await source.scanPage(segment, SEGMENTS, key, BATCH);
          scanned += page.items.length;
          key = page.lastKey;
        } while (key);
      }),
    );
    const scanMs = performance.now() - scanStart;
    expect(scanned).toBe(LARGE);

    // 2. LOAD DATA LOCAL INFILE of the same mapped rows (the file is written first, untimed).
    const file = join(work, 'rows.tsv');
    const out = createWriteStream(file);
    for await (const item of scanAll(source, SEGMENTS, BATCH)) {
      const mapped = mapItem(item, mapping);
      if (mapped.ok && !out.write(`${mapped.row.map(escapeField).join('\t')}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const loadUrl = await mysql.createDatabase('bench_load');
    const connection = await mysql.connect(new URL(loadUrl).pathname.slice(1));
    await connection.query(createTableSql(migratedTableSpec(mapping, 'mariadb')));
    const columns = [...mapping.columns.map((c) => ({ name: c.column, binary: c.type.kind === 'varbinary' || c.type.kind === 'blob' })), { name: mapping.extraColumn, binary: false }];
    const targets = columns.map((c, i) => (c.binary ? `@v${i}` : `\`${c.name}\``)).join(', ');
    const sets = columns.map((c, i) => (c.binary ? `\`${c.name}\` = UNHEX(@v${i})` : null)).filter(Boolean).join(', ');
    const loadStart = performance.now();
    await connection.query({
      sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE \`${mapping.target}\` CHARACTER SET utf8mb4 (${targets})${sets ? ` SET ${sets}` : ''}`,
      infileStreamFactory: () => createReadStream(file),
    });
    const loadMs = performance.now() - loadStart;
    const [loaded] = await connection.query(`SELECT COUNT(*) AS n FROM \`${mapping.target}\``);
    expect(Number((loaded as Array<{ n: string }>)[0]?.n)).toBe(LARGE);
    await connection.end();

    // 3. The full migration, through the built CLI, at 20,000 and 200,000 items (schema first, untimed).
    const rss: Record<number, number> = {};
    let migrationMs = 0;
    for (const [table, count] of [['services-small', SMALL], ['services-large', LARGE]] as const) {
      const url = await mysql.createDatabase(`bench_${count}`);
      const schema = await cliWithPeakRss(['migrate-dynamo', 'schema', '--table', table, '--mysql-url', url, '--apply', '--sample', '2000']);
      expect(schema.code, schema.stderr).toBe(0);
      const copy = await cliWithPeakRss(['migrate-dynamo', 'copy', '--table', table, '--mysql-url', url, '--segments', String(SEGMENTS), '--batch-size', String(BATCH), '--rejects', join(work, `${count}.jsonl`)]);
      expect(copy.code, copy.stderr).toBe(0);
      expect(copy.stderr).toContain(`written ${count.toLocaleString('en-US')}, rejected 0`);
      rss[count] = copy.maxRssMb;
      if (count === LARGE) {
        migrationMs = copy.ms;
        // Past start-up (the first tenth), the first half of the run against the second.
        const running = copy.samplesMb.slice(Math.ceil(copy.samplesMb.length / 10));
        const half = Math.floor(running.length / 2);
        figures['RSS during the 200,000 run, 1st half median (MB)'] = median(running.slice(0, half)).toFixed(1);
        figures['RSS during the 200,000 run, 2nd half median (MB)'] = median(running.slice(half)).toFixed(1);
      }
    }

    const slower = Math.min(rate(LARGE, scanMs), rate(LARGE, loadMs));
    const migrationRate = rate(LARGE, migrationMs);
    const growth = ((rss[LARGE]! - rss[SMALL]!) / rss[SMALL]!) * 100;
    Object.assign(figures, {
      'scan only (items/s)': rate(LARGE, scanMs),
      'LOAD DATA LOCAL INFILE (items/s)': rate(LARGE, loadMs),
      'migration, CLI incl. start-up (items/s)': migrationRate,
      'migration / slower of the two': (migrationRate / slower).toFixed(2),
      'target ratio': 0.6,
      'peak RSS at 20,000 (MB)': rss[SMALL]!.toFixed(1),
      'peak RSS at 200,000 (MB)': rss[LARGE]!.toFixed(1),
      'RSS growth (%)': growth.toFixed(1),
      'target growth (%)': '< 20',
    });
    console.log(`\nmigrate-dynamo benchmark\n${Object.entries(figures).map(([k, v]) => `  ${k.padEnd(44)} ${v}`).join('\n')}\n`);
  });
});
