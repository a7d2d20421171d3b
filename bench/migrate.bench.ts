/**
 * 200,000 items from dynalite into MariaDB: the scan alone (read and discard), a raw LOAD DATA
 * LOCAL INFILE of the same mapped rows, and the full migration (the built CLI), interleaved over at
 * least three rounds. Each round's ratio is copy / the slower of the other two; target: median ≥ 0.75. Peak RSS of the migration at 20,000 and 200,000 items
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
/** BENCH_LARGE items for the rounds (default 200,000; a loaded machine may need fewer to finish). */
const LARGE = Number(process.env.BENCH_LARGE ?? 200_000);
/** Another build's launcher (e.g. the commit before a change): its copy runs in every round too, so the two compare under the same load. */
const BASELINE_BIN = process.env.BENCH_BASELINE_BIN;
const SEGMENTS = 4;
const BATCH = 500;
/** Rounds of scan / LOAD DATA / copy (BENCH_ROUNDS, at least 3). */
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));

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
async function cliWithPeakRss(args: string[], bin: string = BIN): Promise<{ code: number | null; ms: number; maxRssMb: number; stderr: string; samplesMb: number[] }> {
  const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nMAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))';
  const started = performance.now();
  // BENCH_CHILD_NODE_ARGS (e.g. --trace-gc) go to the CLI's node process only.
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', hook, bin, ...args], {
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

/** What one round measured, in items per second. */
interface Round {
  scan: number;
  load: number;
  copy: number;
  ratio: number;
  baseline?: number;
  baselineRatio?: number;
}

describe('migrate-dynamo benchmark', () => {
  it(`migrates ${LARGE.toLocaleString('en-US')} items: scan, LOAD DATA and the copy interleaved over ${ROUNDS} rounds`, async () => {
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
    const source = new DynamoSource(client, 'services-large');

    // The rows LOAD DATA reads: the same mapped rows, written once, untimed.
    const file = join(work, 'rows.tsv');
    const out = createWriteStream(file);
    for await (const item of scanAll(source, SEGMENTS, BATCH)) {
      const mapped = mapItem(item, mapping);
      if (mapped.ok && !out.write(`${mapped.row.map(escapeField).join('\t')}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const columns = [...mapping.columns.map((c) => ({ name: c.column, binary: c.type.kind === 'varbinary' || c.type.kind === 'blob' })), { name: mapping.extraColumn, binary: false }];
    const targets = columns.map((c, i) => (c.binary ? `@v${i}` : `\`${c.name}\``)).join(', ');
    const sets = columns.map((c, i) => (c.binary ? `\`${c.name}\` = UNHEX(@v${i})` : null)).filter(Boolean).join(', ');

    /** The scan alone: same segments and page size as the migration; items are read and discarded. */
    const scanOnly = async (): Promise<number> => {
      let scanned = 0;
      const started = performance.now();
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
      const ms = performance.now() - started;
      expect(scanned).toBe(LARGE);
      return rate(LARGE, ms);
    };

    /** LOAD DATA LOCAL INFILE of the mapped rows into a fresh table. */
    const loadData = async (round: number): Promise<number> => {
      const url = await mysql.createDatabase(`bench_load_${round}`);
      const connection = await mysql.connect(new URL(url).pathname.slice(1));
      await connection.query(createTableSql(migratedTableSpec(mapping, 'mariadb')));
      const started = performance.now();
      await connection.query({
        sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE \`${mapping.target}\` CHARACTER SET utf8mb4 (${targets})${sets ? ` SET ${sets}` : ''}`,
        infileStreamFactory: () => createReadStream(file),
      });
      const ms = performance.now() - started;
      const [loaded] = await connection.query(`SELECT COUNT(*) AS n FROM \`${mapping.target}\``);
      expect(Number((loaded as Array<{ n: string }>)[0]?.n)).toBe(LARGE);
      await connection.end();
      return rate(LARGE, ms);
    };

    /** The full migration through the built CLI into a fresh database (schema first, untimed). */
    const migrate = async (table: string, count: number, label: string, bin: string = BIN) => {
      const url = await mysql.createDatabase(`bench_${label}`);
      const schema = await cliWithPeakRss(['migrate-dynamo', 'schema', '--table', table, '--mysql-url', url, '--apply', '--sample', '2000'], bin);
      expect(schema.code, schema.stderr).toBe(0);
      const copy = await cliWithPeakRss(['migrate-dynamo', 'copy', '--table', table, '--mysql-url', url, '--segments', String(SEGMENTS), '--batch-size', String(BATCH), '--rejects', join(work, `${label}.jsonl`)], bin);
      expect(copy.code, copy.stderr).toBe(0);
      expect(copy.stderr).toContain(`written ${count.toLocaleString('en-US')}, rejected 0`);
      return copy;
    };

    // Interleaved rounds: the machine's load moves every figure, so each round measures all three
    // back to back (in a rotating order) and its ratio compares like with like.
    const rounds: Round[] = [];
    let largeRss: number[] = [];
    let samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured: Partial<Round> = {};
      const steps: Array<() => Promise<void>> = [
        async () => void (measured.scan = await scanOnly()),
        async () => void (measured.load = await loadData(round)),
        async () => {
          const copy = await migrate('services-large', LARGE, `large_${round}`);
          measured.copy = rate(LARGE, copy.ms);
          largeRss.push(copy.maxRssMb);
          if (round === 0) samples = copy.samplesMb;
        },
      ];
      if (BASELINE_BIN) steps.push(async () => void (measured.baseline = rate(LARGE, (await migrate('services-large', LARGE, `base_${round}`, BASELINE_BIN)).ms)));
      for (let k = 0; k < steps.length; k++) await (steps[(k + round) % steps.length] as () => Promise<void>)();
      const { scan = 0, load = 0, copy = 0 } = measured;
      const r: Round = { scan, load, copy, ratio: copy / Math.min(scan, load) };
      if (measured.baseline) Object.assign(r, { baseline: measured.baseline, baselineRatio: measured.baseline / Math.min(scan, load) });
      rounds.push(r);
      const base = r.baseline ? `, baseline build ${r.baseline} items/s (${(r.baselineRatio ?? 0).toFixed(2)})` : '';
      console.log(`round ${round + 1}: scan ${r.scan} items/s, LOAD DATA ${r.load} items/s, copy ${r.copy} items/s, copy / slower = ${r.ratio.toFixed(2)}${base}`);
    }
    const small = await migrate('services-small', SMALL, 'small');
    largeRss = largeRss.sort((a, b) => a - b);
    const peakLarge = median(largeRss);
    const running = samples.slice(Math.ceil(samples.length / 10));
    const half = Math.floor(running.length / 2);
    const ratios = rounds.map((r) => r.ratio);
    Object.assign(figures, {
      'scan only, median (items/s)': median(rounds.map((r) => r.scan)),
      'LOAD DATA LOCAL INFILE, median (items/s)': median(rounds.map((r) => r.load)),
      'copy, CLI incl. start-up, median (items/s)': median(rounds.map((r) => r.copy)),
      'copy / slower of the two, per round': ratios.map((x) => x.toFixed(2)).join(', '),
      'copy / slower of the two, median': median(ratios).toFixed(2),
      'target median ratio': '>= 0.75',
      ...(BASELINE_BIN
        ? {
            'baseline build / slower, per round': rounds.map((r) => (r.baselineRatio ?? 0).toFixed(2)).join(', '),
            'baseline build / slower, median': median(rounds.map((r) => r.baselineRatio ?? 0)).toFixed(2),
          }
        : {}),
      'peak RSS at 20,000 (MB)': small.maxRssMb.toFixed(1),
      [`peak RSS at ${LARGE.toLocaleString('en-US')}, median of rounds (MB)`]: peakLarge.toFixed(1),
      'RSS growth (%)': (((peakLarge - small.maxRssMb) / small.maxRssMb) * 100).toFixed(1),
      'target growth (%)': '< 20',
      'RSS during round 1, 1st half median (MB)': median(running.slice(0, half)).toFixed(1),
      'RSS during round 1, 2nd half median (MB)': median(running.slice(half)).toFixed(1),
    });
    console.log(`\nmigrate-dynamo benchmark\n${Object.entries(figures).map(([k, v]) => `  ${k.padEnd(46)} ${v}`).join('\n')}\n`);
  }, 3_600_000);
});
