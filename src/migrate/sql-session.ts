/** The two ways to reach the target database (mysql2 over the network, or the RDS Data API) behind one seam. */
import type { Readable } from 'node:stream';
import type { Flavor } from './ddl.js';

export type SqlParam = string | number | Buffer | null;
export type SqlRow = Record<string, unknown>;

export interface RowReject {
  index: number;
  reason: string;
}

export interface UpsertStatement {
  /** `INSERT INTO t (a, b) VALUES` */
  head: string;
  /** ` ON DUPLICATE KEY UPDATE ...` */
  tail: string;
  columnCount: number;
}

/** One connection (mysql2) or one transaction context (Data API). */
export interface SqlSession {
  query(sql: string, params?: SqlParam[]): Promise<SqlRow[]>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Upserts rows inside the open transaction. A row the server refuses becomes a reject; other rows still land. */
  upsert(statement: UpsertStatement, rows: SqlParam[][]): Promise<RowReject[]>;
  /**
   * Batches in fewer round trips (mysql2): after `startBatches` every statement opens a transaction
   * by itself (autocommit off), so a batch needs no BEGIN, and `commitWith` sends its last statement
   * and COMMIT together. `endBatches` restores autocommit before the connection goes back to the pool.
   */
  startBatches?(): Promise<void>;
  commitWith?(sql: string, params: SqlParam[]): Promise<void>;
  endBatches?(): Promise<void>;
  /** `LOAD DATA LOCAL INFILE` with the file's bytes from `stream` (mysql2 only: the Data API has no local files). */
  loadLocalInfile?(sql: string, stream: () => Readable): Promise<number>;
  release(): Promise<void>;
}

export interface SqlTarget {
  readonly flavor: Flavor;
  /** "mysql://admin@db.example:3306/clinnet" or the cluster ARN: no secret in it. */
  readonly description: string;
  /** Rows per keyset page when reading the target back (the Data API caps a response at 1 MiB). */
  readonly readPageRows?: number;
  session(): Promise<SqlSession>;
  close(): Promise<void>;
}

/** Strict mode for every session: a value that does not fit is an error, never a silent truncation. */
export const STRICT_SQL_MODE = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

/** MySQL errors caused by one row's data (as opposed to the connection or the schema). */
const DATA_ERRNOS = new Set([1048, 1062, 1264, 1265, 1292, 1366, 1406, 1452, 3140, 3819, 4025, 4078]);

export function isDataError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { errno, sqlState } = error as { errno?: number; sqlState?: string };
  if (errno !== undefined && DATA_ERRNOS.has(errno)) return true;
  return typeof sqlState === 'string' && /^2[23]/.test(sqlState);
}

/** Deadlock or lock wait timeout: the whole transaction may be retried. */
export function isRetryable(error: unknown): boolean {
  const errno = (error as { errno?: number } | null)?.errno;
  return errno === 1213 || errno === 1205;
}

export function flavorOf(version: string): Flavor {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}
