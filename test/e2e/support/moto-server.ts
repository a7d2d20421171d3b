/**
 * moto_server (the AWS emulator) on a free port: the one starter every moto test uses.
 * Also used by scripts/demo-live.mjs (compiled on the fly), so it imports nothing from test/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Moto {
  endpoint: string;
  /** POST /moto-api/reset: every service's state cleared, the server kept. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether `moto_server` is an executable on PATH (no process started: this runs at config load). */
export function motoOnPath(path: string = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', 'moto_server'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** moto_server plus percentile statistics (moto_percentiles.py beside this file; see docs/e2e.md). */
const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'moto_percentiles.py');

/** The Python that runs moto_server (a pyenv shim or a venv script names it in its first line, or it is python3). */
function motoPython(): string {
  return process.env.CLINNET_MOTO_PYTHON ?? 'python3';
}

/** `env` is added to moto's own environment (INITIAL_NO_AUTH_ACTION_COUNT=0: moto checks the access keys). */
export async function startMoto(options: { env?: Record<string, string> } = {}): Promise<Moto> {
  const port = await freePort();
  // The launcher when its Python has moto; moto_server itself otherwise (no percentiles then).
  const launcher = spawnSync(motoPython(), ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0 && existsSync(LAUNCHER);
  const [command, prefix] = launcher ? [motoPython(), [LAUNCHER]] : ['moto_server', []];
  const child: ChildProcess = spawn(command, [...prefix, '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', env: { ...process.env, ...options.env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failed: Error | undefined;
  child.once('error', (error) => (failed = error));
  const endpoint = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 150 && !up && !failed && child.exitCode === null; i++) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      up = res.ok || res.status === 404;
    } catch {
      await sleep(200);
    }
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  if (!up) {
    await stop();
    throw new Error(`moto_server did not start on port ${port}${failed ? `: ${failed.message}` : ''}`);
  }
  return {
    endpoint,
    stop,
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    },
  };
}

/** Fake credentials and the emulator's endpoint, as a user would set them in the environment. */
/**
 * The environment a user would set to point the CLI at the emulator. moto answers the operations it
 * lacks with a 500 or 404 that no retry changes: two attempts (one retry, through the SDK's own
 * AWS_MAX_ATTEMPTS) instead of the tool's default eight keep each run from waiting out the backoff.
 */
export function motoEnv(endpoint: string, region = 'us-east-1'): Record<string, string> {
  return { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: region, AWS_MAX_ATTEMPTS: '2' };
}
