/**
 * The playground (`npm run demo:live -- --keep`): the script seeds moto, audits it, leaves it running
 * and prints the export lines; the README's walkthrough (fix → rollback → validate) then runs from the
 * built CLI with exactly those lines, and Ctrl-C (SIGINT) stops the emulator and ends the script cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ensureBuilt, ROOT } from '../cli/built-cli.js';
import { describeRun, STACK_FRAME, type CliRun } from './support/cli.js';

let demo: ChildProcess;
let stdout = '';
let stderr = '';
let exited: Promise<number | null>;
let exportEnv: Record<string, string> = {};
const cwd = mkdtempSync(join(tmpdir(), 'clinnet-playground-'));

/** `export A=1 B=2` lines → { A: '1', B: '2' }, as a shell would read them. */
function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n').filter((l) => l.startsWith('export '))) {
    for (const pair of line.slice('export '.length).split(' ')) {
      const [key, ...value] = pair.split('=');
      env[key] = value.join('=');
    }
  }
  return env;
}

function cli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/clinnet-opt'), ...args], { cwd, env: cleanEnv({ ...exportEnv, NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ args, status, stdout: out, stderr: err }));
  });
}

beforeAll(async () => {
  ensureBuilt();
  demo = spawn(process.execPath, [join(ROOT, 'scripts/demo-live.mjs'), '--keep', '--format', 'json'], { cwd: ROOT, env: cleanEnv({ NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
  exited = new Promise((resolve) => demo.once('close', (code) => resolve(code)));
  demo.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  demo.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/^export AWS_ACCESS_KEY_ID=/m.test(stdout)) {
        clearInterval(timer);
        resolve();
      }
      if (demo.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`demo:live ended (${demo.exitCode}) before printing the export lines:\n${stderr}`));
      }
    }, 200);
  });
  exportEnv = parseExports(stdout);
}, 180_000);

afterAll(async () => {
  if (demo.exitCode === null) demo.kill('SIGKILL');
});

describe('npm run demo:live -- --keep', () => {
  it('prints three export lines: the endpoint, the region and the credentials', () => {
    const lines = stdout.split('\n').filter((l) => l.startsWith('export '));
    expect(lines).toHaveLength(3);
    expect(exportEnv.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(exportEnv.AWS_REGION).toBe('us-east-1');
    expect(exportEnv).toMatchObject({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    expect(stderr).toMatch(/stays up until you press Ctrl-C/);
    // The audit ran first, with the extra arguments given to the script.
    expect(stdout).toMatch(/"findings"/);
  });

  it('walks through fix, rollback and validate on the kept account', async () => {
    const plan = await cli(['fix', '--env', 'dev', '--only', 'logs,s3,dynamodb']);
    expect(plan.status, describeRun(plan)).toBe(0);
    expect(plan.stdout).toMatch(/logs\/retention {2}\/aws\/lambda\/clinnet-health-dev/);

    const apply = await cli(['fix', '--env', 'dev', '--only', 'logs,s3,dynamodb', '--apply']);
    expect(apply.status, describeRun(apply)).toBe(0);
    expect(apply.stdout).toMatch(/applied +logs\/retention +\/aws\/lambda\/clinnet-health-dev +RetentionInDays/);
    const again = await cli(['fix', '--env', 'dev', '--only', 'logs,s3,dynamodb']);
    expect(again.stdout).not.toMatch(/logs\/retention {2}\/aws\/lambda\/clinnet-health-dev/);

    const journals = readdirSync(join(cwd, '.clinnet-opt/journal'));
    expect(journals).toHaveLength(1);
    const back = await cli(['rollback', join(cwd, '.clinnet-opt/journal', journals[0])]);
    expect(back.status, describeRun(back)).toBe(0);
    expect(back.stdout).toMatch(/applied +logs\/retention +\/aws\/lambda\/clinnet-health-dev/);
    const restored = await cli(['fix', '--env', 'dev', '--only', 'logs,s3,dynamodb']);
    expect(restored.stdout).toMatch(/logs\/retention {2}\/aws\/lambda\/clinnet-health-dev/);

    // No metrics in the seeded account: every benchmark is "no data", which is never a pass.
    const validate = await cli(['validate', '--env', 'prod']);
    expect(validate.status, describeRun(validate)).toBe(1);
    expect(validate.stdout).toMatch(/"no data" is not a pass/);
    for (const run of [plan, apply, back, validate]) expect(run.stderr).not.toMatch(STACK_FRAME);
  }, 180_000);

  it('Ctrl-C stops the emulator and ends the script with exit 0', async () => {
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`${exportEnv.AWS_ENDPOINT_URL}/moto-api/`)).rejects.toThrow();
  }, 60_000);
});
