/**
 * How a user reaches the target and what they see when something fails, through the built CLI
 * against dynalite and a real MariaDB: password from the environment or a Secrets Manager secret,
 * dry run, the audit-log partition cron, a connection cut mid-copy and Ctrl-C (both resumable),
 * and exit codes 2/3 with a message instead of a stack trace.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, connect as tcpConnect, type Server as TcpServer, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type TestDynamo } from '../support/dynalite.js';
import { freePort, startMysql, type TestMysql } from '../support/mariadb.js';
import { assertBuilt, runCli, startCli, type CliResult } from './cli-helpers.js';
import { createServicesTable, range, seed, serviceItem } from './fixtures.js';

const TABLE = 'services';
const ITEMS = 3000;
const USER = `migrator_${process.pid}`;
const PASSWORD = 'S3cret pass!';

let mysql: TestMysql;
let dynamo: TestDynamo;
let env: Record<string, string>;
let work: string;
let rejectsCounter = 0;

/** A fresh rejects file per run, in the test's own directory (never the working directory). */
function rejectsPath(): string {
  return join(work, `rejects-${rejectsCounter++}.jsonl`);
}

function database(url: string): string {
  return new URL(url).pathname.slice(1);
}

/** Exit code, and no stack trace on stderr. */
function expectClean(result: CliResult, code: number): void {
  expect(result.stderr, result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code, result.stderr).toBe(code);
}

async function count(url: string, sql: string): Promise<number> {
  const connection = await mysql.connect(database(url));
  try {
    const [rows] = await connection.query(sql);
    return Number(Object.values((rows as Array<Record<string, unknown>>)[0] ?? {})[0]);
  } finally {
    await connection.end();
  }
}

async function waitForWritten(url: string, atLeast: number): Promise<number> {
  for (let tries = 0; tries < 1200; tries++) {
    const written = await count(url, 'SELECT COALESCE(SUM(items_written), 0) FROM clinnet_migrate_state').catch(() => 0);
    if (written >= atLeast) return written;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the copy did not write ${atLeast} rows`);
}

/** A TCP proxy in front of the database that can cut every connection at once (a network failure). */
async function startProxy(host: string, port: number): Promise<{ port: number; cut: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((client) => {
    const upstream = tcpConnect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  const proxyPort = await freePort();
  await new Promise<void>((resolve) => server.listen(proxyPort, '127.0.0.1', resolve));
  return {
    port: proxyPort,
    cut: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Secrets Manager's GetSecretValue (JSON 1.1 protocol), answering one secret. */
async function startSecretsManager(secret: Record<string, unknown>): Promise<{ endpoint: string; arn: string; server: Server }> {
  const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:clinnet-db-AbCdEf';
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue' || SecretId !== arn) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      response.end(JSON.stringify({ ARN: arn, Name: 'clinnet-db', SecretString: JSON.stringify(secret), VersionId: 'v1', CreatedDate: 1700000000 }));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${port}`, arn, server };
}

beforeAll(async () => {
  assertBuilt();
  [mysql, dynamo] = await Promise.all([startMysql(), startDynalite()]);
  const client = dynamo.client();
  await createServicesTable(client, TABLE);
  await seed(client, TABLE, (function* () {
    for (const i of range(0, ITEMS)) yield serviceItem(i);
  })());
  client.destroy();
  env = { ...dynamo.env };
  work = await mkdtemp(join(tmpdir(), 'clinnet-target-'));
});

afterAll(async () => {
  await Promise.all([mysql?.stop(), dynamo?.stop(), work ? rm(work, { recursive: true, force: true }) : undefined]);
});

describe('migrate-dynamo: reaching the target', () => {
  it('logs in with the password from MYSQL_PWD, --password-env or a Secrets Manager secret, never from the command line', async () => {
    const url = await mysql.createDatabase('login');
    const db = database(url);
    const root = await mysql.connect();
    await root.query(`CREATE USER IF NOT EXISTS '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`);
    await root.query(`GRANT ALL ON \`${db}\`.* TO '${USER}'@'%'`);
    await root.end();
    const parts = ['--host', mysql.host, '--port', String(mysql.port), '--user', USER, '--database', db];

    const wrong = await runCli(['migrate-dynamo', 'schema', '--table', TABLE, ...parts, '--apply'], { ...env, MYSQL_PWD: 'wrong' });
    expectClean(wrong, 3);
    expect(wrong.stderr).toMatch(/Access denied.*check the user, and the password in \$MYSQL_PWD/);

    const schema = await runCli(['migrate-dynamo', 'schema', '--table', TABLE, ...parts, '--apply', '--sample', '500'], { ...env, MYSQL_PWD: PASSWORD });
    expectClean(schema, 0);

    const dry = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, ...parts, '--password-env', 'CLINNET_DB_PW', '--dry-run'], { ...env, CLINNET_DB_PW: PASSWORD });
    expectClean(dry, 0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, run: { read: ITEMS } });
    expect(dry.stderr).toMatch(/dry run services → services_migrated: read 3,000, would write \d/);
    expect(await count(url, 'SELECT COUNT(*) FROM services_migrated')).toBe(0);

    const secrets = await startSecretsManager({ username: USER, password: PASSWORD, host: mysql.host, port: mysql.port, dbname: db, engine: 'mysql' });
    try {
      const secretEnv = { ...env, AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint };
      const copy = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--secret-arn', secrets.arn, '--rejects', rejectsPath()], secretEnv);
      expectClean(copy, 0);
      expect(await count(url, 'SELECT COUNT(*) FROM services_migrated')).toBe(ITEMS);
      const missing = await runCli(['migrate-dynamo', 'verify', '--table', TABLE, '--secret-arn', `${secrets.arn}-other`], secretEnv);
      expectClean(missing, 3);
      expect(missing.stderr).toContain('cannot read secret');
    } finally {
      secrets.server.close();
    }

    const cleanup = await mysql.connect();
    await cleanup.query(`DROP USER '${USER}'@'%'`);
    await cleanup.end();

    for (const args of [
      ['--password', PASSWORD, ...parts],
      ['--mysql-url', `mysql://${USER}:pw@${mysql.host}:${mysql.port}/${db}`],
    ]) {
      const refused = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, ...args], env);
      expectClean(refused, 2);
      expect(refused.stderr).toMatch(/MYSQL_PWD/);
    }
  });

  it('a dry run without a target maps every item and writes nothing', async () => {
    const dry = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--dry-run', '--sample', '1000'], env);
    expectClean(dry, 0);
    const summary = JSON.parse(dry.stdout) as { dryRun: boolean; run: { read: number; written: number; rejected: number } };
    expect(summary.dryRun).toBe(true);
    expect(summary.run.read).toBe(ITEMS);
    expect(summary.run.written + summary.run.rejected).toBe(ITEMS);
  });

  it('fails with exit 2 or 3 and a message saying what to do, never a stack trace', async () => {
    const url = await mysql.createDatabase('errors');
    const noTable = await runCli(['migrate-dynamo', 'copy', '--table', 'no-such-services', '--mysql-url', url], env);
    expectClean(noTable, 2);
    expect(noTable.stderr).toContain('DynamoDB table "no-such-services" not found');

    const unknown = await runCli(['migrate-dynamo', 'schema', '--table', 'orders', '--mysql-url', url], env);
    expectClean(unknown, 2);

    const closed = await freePort();
    const refused = await runCli(['migrate-dynamo', 'verify', '--table', TABLE, '--mysql-url', `mysql://root@127.0.0.1:${closed}/x`], env);
    expectClean(refused, 3);
    expect(refused.stderr).toMatch(/ECONNREFUSED.*check that the host is reachable/);

    const noDb = await runCli(['migrate-dynamo', 'verify', '--table', TABLE, '--mysql-url', `${mysql.url}/does_not_exist`], env);
    expectClean(noDb, 3);
    expect(noDb.stderr).toContain('create it first');

    const noSchema = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url], env);
    expectClean(noSchema, 2);
    expect(noSchema.stderr).toContain('schema --table services --apply');

    expectClean(await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply', '--sample', '500'], env), 0);
    const connection = await mysql.connect(database(url));
    await connection.query('DROP TABLE services_migrated');
    await connection.end();
    const dropped = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--mysql-url', url, '--rejects', rejectsPath()], env);
    expectClean(dropped, 2);
    expect(dropped.stderr).toMatch(/doesn't exist .*run `clinnet-opt migrate-dynamo schema --apply`/);
  });

  it('adds next years\' audit-log partitions on the real server, once, and rows land in their year', async () => {
    const url = await mysql.createDatabase('partitions');
    expectClean(await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply', '--sample', 'none', '--through-year', '2025'], env), 0);
    const partitions = async (): Promise<string[]> => {
      const connection = await mysql.connect(database(url));
      const [rows] = await connection.query("SELECT PARTITION_NAME AS p FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'audit_log_partitioned' ORDER BY PARTITION_ORDINAL_POSITION");
      await connection.end();
      return (rows as Array<{ p: string }>).map((r) => r.p);
    };
    expect(await partitions()).toEqual(['p2024', 'p2025', 'p_future']);

    const printed = await runCli(['migrate-dynamo', 'add-partition', '--mysql-url', url, '--year', '2027'], env);
    expectClean(printed, 0);
    expect(printed.stdout).toContain('REORGANIZE PARTITION `p_future` INTO');
    expect(await partitions()).toEqual(['p2024', 'p2025', 'p_future']);

    expectClean(await runCli(['migrate-dynamo', 'add-partition', '--mysql-url', url, '--year', '2027', '--apply'], env), 0);
    expect(await partitions()).toEqual(['p2024', 'p2025', 'p2026', 'p2027', 'p_future']);
    const again = await runCli(['migrate-dynamo', 'add-partition', '--mysql-url', url, '--year', '2027', '--apply'], env);
    expectClean(again, 0);
    expect(again.stdout).toContain('already covers 2027');

    const connection = await mysql.connect(database(url));
    // Session time zone far from UTC: the bounds are UTC year starts whatever the session says.
    await connection.query("SET time_zone = '+00:00'");
    await connection.query("INSERT INTO audit_log_partitioned (table_name, record_id, action, changed_at) VALUES ('t', 'a', 'INSERT', '2026-12-31 23:59:59'), ('t', 'b', 'INSERT', '2027-01-01 00:00:00')");
    const [in2026] = await connection.query('SELECT record_id AS r FROM audit_log_partitioned PARTITION (p2026)');
    const [in2027] = await connection.query('SELECT record_id AS r FROM audit_log_partitioned PARTITION (p2027)');
    await connection.end();
    expect(in2026).toEqual([{ r: 'a' }]);
    expect(in2027).toEqual([{ r: 'b' }]);
  });

  it('a connection lost mid-copy exits 3 saying to resume, Ctrl-C exits 4, and --resume finishes with the target equal to the source', async () => {
    const url = await mysql.createDatabase('cut');
    expectClean(await runCli(['migrate-dynamo', 'schema', '--table', TABLE, '--mysql-url', url, '--apply', '--sample', '500'], env), 0);
    const proxy = await startProxy(mysql.host, mysql.port);
    const throughProxy = `mysql://${mysql.user}@127.0.0.1:${proxy.port}/${database(url)}`;
    const common = ['migrate-dynamo', 'copy', '--table', TABLE, '--segments', '2', '--batch-size', '50', '--rejects', rejectsPath(), '--max-rcu', '150'];
    const cutRun = startCli([...common, '--mysql-url', throughProxy], env);
    await waitForWritten(url, 200);
    await proxy.cut();
    const cut = await cutRun.done;
    expectClean(cut, 3);
    expect(cut.stderr).toMatch(/lost the connection to mysql:\/\/.*rerun with --resume/);

    const interruptedRun = startCli([...common, '--mysql-url', url, '--resume'], env);
    const before = await waitForWritten(url, 0);
    await waitForWritten(url, before + 200);
    interruptedRun.child.kill('SIGINT');
    const interrupted = await interruptedRun.done;
    expectClean(interrupted, 4);
    expect(interrupted.stderr).toContain('interrupted: rerun with --resume');
    const partial = await count(url, 'SELECT SUM(items_written) FROM clinnet_migrate_state');
    expect(partial).toBeLessThan(ITEMS);
    expect(await count(url, 'SELECT COUNT(*) FROM services_migrated')).toBe(partial);

    const resumed = await runCli(['migrate-dynamo', 'copy', '--table', TABLE, '--segments', '2', '--mysql-url', url, '--resume', '--rejects', rejectsPath()], env);
    expectClean(resumed, 0);
    expect(await count(url, 'SELECT COUNT(DISTINCT id) FROM services_migrated')).toBe(ITEMS);
    const verify = await runCli(['migrate-dynamo', 'verify', '--table', TABLE, '--mysql-url', url], env);
    expectClean(verify, 0);
    expect(verify.stdout).toContain(`matching ${ITEMS}`);
  });
});
