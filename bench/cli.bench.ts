/**
 * Start-up and output speed of the BUILT CLI, each beside `node -e 0` measured in the same run
 * (the machine's own floor). Median of several spawns. Asserts only that each run worked.
 * Targets (issue 14): --version ≤ 0.15 s, --help ≤ 0.25 s, audit --snapshot demo-prod ≤ 0.4 s,
 * a 2,000-function audit as a table ≤ 1.3 × the same audit as JSON.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../src/aws/clients.js';
import { collectSnapshot } from '../src/inventory/collect.js';
import { saveSnapshot } from '../src/inventory/snapshot-file.js';
import { installSyntheticAccount, SIZES } from './support/synthetic-account.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/clinnet-opt');
const RUNS = 7;

const env = (): NodeJS.ProcessEnv => {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|FORCE_COLOR|NO_COLOR|CLINNET_|COLUMNS)/.test(k)) out[k] = v;
  return out;
};

/** Median wall time of `runs` spawns, in seconds, and the last run's output size. */
function time(args: string[], runs = RUNS): { seconds: number; bytes: number } {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, env: env(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    times.push((performance.now() - started) / 1000);
    expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    bytes = run.stdout.length;
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], bytes };
}

const row = (label: string, seconds: number, floor: number, target: string): string =>
  `  ${label.padEnd(58)} ${seconds.toFixed(3).padStart(7)} s   (+${(seconds - floor).toFixed(3)} s over node -e 0)   ${target}`;

let bigSnapshot = '';

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  // The synthetic account (2,000 functions) read once, with no latency, into a snapshot file.
  const account = installSyntheticAccount(0);
  try {
    const snapshot = await collectSnapshot(new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 }), { regions: ['us-east-1'], concurrency: 16, metricsDays: false });
    bigSnapshot = join(mkdtempSync(join(tmpdir(), 'clinnet-bench-')), 'synthetic.snapshot.json');
    await saveSnapshot(bigSnapshot, snapshot);
  } finally {
    account.restore();
  }
});

describe('CLI benchmark (built binary)', () => {
  it('start-up, the demo audit, and a 2,000-function audit as a table and as JSON', () => {
    const floor = time(['-e', '0']).seconds;
    const version = time([BIN, '--version']).seconds;
    const help = time([BIN, '--help']).seconds;
    const demo = time([BIN, 'audit', '--snapshot', 'examples/demo-prod.snapshot.json', '--fail-on', 'none']).seconds;
    const big = ['audit', '--snapshot', bigSnapshot, '--fail-on', 'none'];
    // Interleaved, so a change in the machine's load touches both formats alike.
    const jsonRuns: { seconds: number; bytes: number }[] = [];
    const tableRuns: { seconds: number; bytes: number }[] = [];
    for (let i = 0; i < 5; i++) {
      jsonRuns.push(time([BIN, ...big, '--format', 'json'], 1));
      tableRuns.push(time([BIN, ...big, '--format', 'table'], 1));
    }
    const median = (runs: { seconds: number; bytes: number }[]) => ({ seconds: runs.map((r) => r.seconds).sort((a, b) => a - b)[2], bytes: runs[0].bytes });
    const json = median(jsonRuns);
    const table = median(tableRuns);
    const lines = [
      '',
      `cli: median of ${RUNS} spawns (5 each, interleaved, for the big audit), this machine, this run`,
      row('node -e 0', floor, floor, '(the floor)'),
      row('clinnet-opt --version', version, floor, 'target ≤ 0.150 s'),
      row('clinnet-opt --help', help, floor, 'target ≤ 0.250 s'),
      row('clinnet-opt audit --snapshot examples/demo-prod.snapshot.json', demo, floor, 'target ≤ 0.400 s'),
      row(`audit of ${SIZES.functions} functions --format json (${(json.bytes / 1e6).toFixed(1)} MB)`, json.seconds, floor, ''),
      row(`audit of ${SIZES.functions} functions --format table (${(table.bytes / 1e6).toFixed(1)} MB)`, table.seconds, floor, ''),
      `  table ÷ json: ${(table.seconds / json.seconds).toFixed(2)} (target ≤ 1.30; the table at 120 columns, written to a pipe)`,
    ];
    console.log(lines.join('\n'));
  });
});
