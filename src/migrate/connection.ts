/**
 * Where the target is and how to log in. Passwords come from an environment variable or a Secrets
 * Manager secret, never from the command line (they would land in shell history and `ps`).
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { ClientFactory } from '../aws/clients.js';
import { declarePermissions } from '../aws/permissions.js';
import { accessError, messageOf, usageError, type CliError } from '../errors.js';
import { DataApiTarget } from './data-api-target.js';
import { MysqlTarget, type MysqlConnectionOptions } from './mysql-target.js';
import type { SqlTarget } from './sql-session.js';

declarePermissions({ source: 'migrate:target-secret', scope: 'migrate', actions: ['secretsmanager:GetSecretValue'] });

export interface TargetOptions {
  mysqlUrl?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  /** Name of the environment variable holding the password (default MYSQL_PWD). */
  passwordEnv?: string;
  secretArn?: string;
  clusterArn?: string;
}

/** The RDS secret layout: {username, password, host, port, dbname}. */
interface RdsSecret {
  username?: string;
  password?: string;
  host?: string;
  port?: number | string;
  dbname?: string;
}

/** A secret in the RDS format carries host, port and database, so `--secret-arn` alone names a target. */
export function hasTarget(options: TargetOptions): boolean {
  return Boolean(options.mysqlUrl || options.host || options.clusterArn || options.secretArn);
}

export function parseMysqlUrl(text: string): Partial<MysqlConnectionOptions> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--mysql-url must look like mysql://USER@HOST:PORT/DATABASE (got "${text}")`);
  }
  if (url.protocol !== 'mysql:') throw usageError('--mysql-url must start with mysql://');
  if (url.password) {
    throw usageError('--mysql-url must not contain a password: put it in the MYSQL_PWD environment variable (or --password-env NAME), or use --secret-arn');
  }
  return {
    host: url.hostname || undefined,
    port: url.port ? Number(url.port) : undefined,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    database: url.pathname.replace(/^\//, '') || undefined,
  };
}

async function readSecret(clients: ClientFactory, region: string | undefined, secretArn: string): Promise<RdsSecret> {
  let text: string | undefined;
  try {
    const response = await clients.secretsManager(region).send(new GetSecretValueCommand({ SecretId: secretArn }));
    text = response.SecretString;
  } catch (error) {
    throw accessError(`cannot read secret ${secretArn}: ${messageOf(error)} (check the ARN, the region and secretsmanager:GetSecretValue)`);
  }
  try {
    return JSON.parse(text ?? '') as RdsSecret;
  } catch {
    throw usageError(`secret ${secretArn} is not JSON with username/password (the RDS secret format)`);
  }
}

export async function openTarget(options: TargetOptions, clients: ClientFactory, region: string | undefined, connectionLimit: number): Promise<SqlTarget> {
  if (options.clusterArn) {
    if (!options.secretArn || !options.database) throw usageError('--cluster-arn needs --secret-arn and --database');
    try {
      return await DataApiTarget.connect(clients.rdsData(region), { resourceArn: options.clusterArn, secretArn: options.secretArn, database: options.database });
    } catch (error) {
      throw accessError(`cannot reach ${options.clusterArn} through the RDS Data API: ${messageOf(error)} (is the Data API enabled on the cluster, and may this identity use rds-data:* and the secret?)`);
    }
  }
  const fromUrl = options.mysqlUrl ? parseMysqlUrl(options.mysqlUrl) : {};
  const secret = options.secretArn ? await readSecret(clients, region, options.secretArn) : {};
  const host = options.host ?? fromUrl.host ?? secret.host;
  const user = options.user ?? fromUrl.user ?? secret.username;
  const database = options.database ?? fromUrl.database ?? secret.dbname;
  const port = options.port ?? fromUrl.port ?? (secret.port ? Number(secret.port) : 3306);
  if (!host || !user || !database) {
    throw usageError('the target needs a host, a user and a database: --mysql-url mysql://USER@HOST:PORT/DB, or --host/--user/--database, or --secret-arn');
  }
  const passwordEnv = options.passwordEnv ?? 'MYSQL_PWD';
  const password = secret.password ?? process.env[passwordEnv];
  try {
    return await MysqlTarget.connect({ host, port, user, password, database, connectionLimit });
  } catch (error) {
    throw connectError(error, `mysql://${user}@${host}:${port}/${database}`, database, options.secretArn ? 'the secret' : `$${passwordEnv}`);
  }
}

/** What to do about a failed first connection, by the server's answer. */
function connectError(error: unknown, where: string, database: string, passwordSource: string): CliError {
  const errno = (error as { errno?: number } | null)?.errno;
  const reason = messageOf(error);
  if (errno === 1049) return accessError(`cannot connect to ${where}: database ${database} does not exist; create it first (CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4)`);
  if (errno === 1045) return accessError(`cannot connect to ${where}: ${reason} (check the user, and the password in ${passwordSource})`);
  if (errno === 1044) return accessError(`cannot connect to ${where}: ${reason} (grant the user access to ${database})`);
  return accessError(`cannot connect to ${where}: ${reason} (check that the host is reachable from here — or use --cluster-arn for the Data API — and the password in ${passwordSource})`);
}
