/**
 * A MySQL-protocol server for tests: MYSQL_URL when set; otherwise a throwaway MariaDB (or MySQL)
 * started from the `mariadbd`/`mysqld` binary on PATH in a temporary directory, stopped and deleted
 * afterwards. Each test creates its own database, so files never collide.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

export interface TestMysql {
  /** mysql://root@127.0.0.1:PORT (no database). */
  url: string;
  host: string;
  port: number;
  user: string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  /** A connection to one database (multipleStatements off, like the tool's). */
  connect(database?: string): Promise<Connection>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
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

function findBinary(names: string[]): string | null {
  for (const name of names) {
    const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
    for (const dir of ['/usr/sbin', '/usr/local/sbin', '/usr/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

async function waitForServer(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the test database server exited early (code ${child.exitCode}); see ${log}`);
    try {
      const connection = await createConnection({ host: '127.0.0.1', port, user: 'root' });
      await connection.end();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the test database server did not accept connections within 60 s: ${String(lastError)}; see ${log}`);
}

/** `shared`: a server others use (MYSQL_URL): stop() drops the databases the tests created, and leaves the server running. */
function fromUrl(text: string, stop: () => Promise<void>, shared: boolean): TestMysql {
  const url = new URL(text);
  const host = url.hostname;
  const port = Number(url.port || 3306);
  const user = decodeURIComponent(url.username || 'root');
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const base = `mysql://${encodeURIComponent(user)}@${host}:${port}`;
  let counter = 0;
  const created: string[] = [];
  const connect = (database?: string) => createConnection({ host, port, user, password, database, supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
  return {
    url: base,
    host,
    port,
    user,
    connect,
    async createDatabase(prefix: string) {
      const name = `${prefix.replace(/[^a-z0-9_]/gi, '_')}_${process.pid}_${Date.now().toString(36)}_${counter++}`.slice(0, 64);
      const connection = await connect();
      try {
        await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
        created.push(name);
      } finally {
        await connection.end();
      }
      return `${base}/${name}`;
    },
    async stop() {
      if (shared && created.length) {
        const connection = await connect();
        try {
          for (const name of created.splice(0)) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
        } finally {
          await connection.end();
        }
      }
      await stop();
    },
  };
}

/** Starts (or reuses, with MYSQL_URL) a server. Call stop() in afterAll. */
export async function startMysql(): Promise<TestMysql> {
  if (process.env.MYSQL_URL) return fromUrl(process.env.MYSQL_URL, async () => undefined, true);
  const mariadbd = findBinary(['mariadbd']);
  const mysqld = mariadbd ?? findBinary(['mysqld']);
  if (!mysqld) {
    throw new Error('no MySQL server for the tests: set MYSQL_URL, or install the `mariadb-server` package (apt-get install mariadb-server) so `mariadbd` is on PATH');
  }
  const dir = await mkdtemp(join(tmpdir(), 'clinnet-mysql-'));
  const datadir = join(dir, 'data');
  const log = join(dir, 'server.log');
  const isMariadb = mariadbd !== null || /mariadb/i.test(spawnSync(mysqld, ['--version'], { encoding: 'utf8' }).stdout);
  const installDb = isMariadb ? findBinary(['mariadb-install-db', 'mysql_install_db']) : null;
  const init = installDb
    ? spawnSync(installDb, ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--skip-test-db', '--auth-root-authentication-method=normal', '--skip-name-resolve'], { encoding: 'utf8' })
    : spawnSync(mysqld, ['--no-defaults', '--initialize-insecure', `--datadir=${datadir}`, '--user=root'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`could not initialise a test database in ${datadir}: ${init.stderr || init.stdout}`);
  // Grants stay on (tests log in with passwords). mariadb-install-db creates root@127.0.0.1 without a
  // password; MySQL's --initialize-insecure only root@localhost, which a TCP login does not match.
  const initFile = join(dir, 'init.sql');
  await writeFile(initFile, isMariadb ? '' : "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\nGRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
  const port = await freePort();
  const child = spawn(
    mysqld,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${log}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--init-file=${initFile}`,
      '--skip-name-resolve',
      '--user=root',
      '--local-infile=1',
      '--innodb-buffer-pool-size=256M',
      '--innodb-flush-log-at-trx-commit=2',
      '--max-connections=200',
    ],
    { stdio: 'ignore' },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForServer(port, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return fromUrl(`mysql://root@127.0.0.1:${port}`, stop, false);
}
