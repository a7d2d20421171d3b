/**
 * Database failures a user can act on, as typed errors: a lost or refused connection and missing
 * privileges (exit 3), a target schema that does not match the mapping (exit 2). Errors from
 * DynamoDB (which carry the SDK's `$metadata`) are left to withDynamoErrors and the CLI.
 */
import { CliError, accessError, messageOf, usageError } from '../errors.js';

interface SqlErrorLike {
  code?: string;
  errno?: number;
  sqlState?: string;
  fatal?: boolean;
  name?: string;
  $metadata?: unknown;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_QUERY_INTERRUPTED',
]);
/** Access denied to the server, a database, a table, a column, or a privileged statement. */
const PRIVILEGE_ERRNOS = new Set([1044, 1045, 1142, 1143, 1227, 1370]);
/** No such table / column: the schema was not applied (or was changed) on this target. */
const SCHEMA_ERRNOS = new Set([1146, 1054]);
/** Errors of the RDS Data API (names no DynamoDB error uses). */
const DATA_API_NAMES = new Set([
  'BadRequestException',
  'StatementTimeoutException',
  'DatabaseErrorException',
  'DatabaseNotFoundException',
  'DatabaseUnavailableException',
  'DatabaseResumingException',
  'HttpEndpointNotEnabledException',
  'InvalidSecretException',
  'SecretsErrorException',
  'TransactionNotFoundException',
  'ServiceUnavailableError',
  'InvalidResourceStateException',
]);

export interface SqlErrorContext {
  /** "mysql://admin@db:3306/clinnet" or the cluster ARN. */
  target: string;
  /** What the user can do after fixing the cause, e.g. "rerun with --resume (committed batches are kept)". */
  next: string;
}

/** The typed error for a database failure, or null when `error` is not one. */
export function classifySqlError(error: unknown, context: SqlErrorContext): CliError | null {
  if (error instanceof CliError || typeof error !== 'object' || error === null) return null;
  const e = error as SqlErrorLike;
  const message = messageOf(error);
  if (e.$metadata !== undefined) {
    if (!DATA_API_NAMES.has(e.name ?? '')) return null;
    return accessError(`the RDS Data API failed on ${context.target}: ${e.name}: ${message}; ${context.next}`);
  }
  if (e.errno !== undefined && SCHEMA_ERRNOS.has(e.errno)) {
    return usageError(`${message} on ${context.target}: the schema there does not match the mapping; run \`clinnet-opt migrate-dynamo schema --apply\` with the same target and --table, then ${context.next}`);
  }
  if (e.errno !== undefined && PRIVILEGE_ERRNOS.has(e.errno)) {
    return accessError(`${context.target} refused access: ${message}; the user needs SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER and INDEX on the database, then ${context.next}`);
  }
  if ((e.code && CONNECTION_CODES.has(e.code)) || e.fatal) {
    return accessError(`lost the connection to ${context.target} (${e.code ?? 'fatal error'}): ${message}; check that the server is up and reachable, then ${context.next}`);
  }
  if (e.sqlState !== undefined || (e.code ?? '').startsWith('ER_')) {
    return accessError(`${context.target} refused a statement (${e.code ?? e.errno}): ${message}; ${context.next}`);
  }
  return null;
}

export async function withSqlErrors<T>(context: SqlErrorContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw classifySqlError(error, context) ?? error;
  }
}
