/** The target over the MySQL protocol (mysql2): a pool, one connection per scan segment. */
import type { Readable } from 'node:stream';
import { createPool, type Pool, type PoolConnection, type PoolOptions } from 'mysql2/promise';
import {
  STRICT_SQL_MODE,
  flavorOf,
  isDataError,
  type RowReject,
  type SqlParam,
  type SqlRow,
  type SqlSession,
  type SqlTarget,
  type UpsertStatement,
} from './sql-session.js';
import type { Flavor } from './ddl.js';

export interface MysqlConnectionOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  socketPath?: string;
  connectionLimit?: number;
}

/** Keep one multi-row statement well under max_allowed_packet (16 MiB on MariaDB, 64 MiB on Aurora). */
const MAX_STATEMENT_BYTES = 4 * 1024 * 1024;

function estimateBytes(row: SqlParam[]): number {
  let size = 8;
  for (const value of row) size += value === null ? 4 : typeof value === 'number' ? 24 : Buffer.isBuffer(value) ? value.length * 2 + 3 : value.length * 2 + 2;
  return size;
}

/** A prepared statement takes at most 65,535 placeholders (the protocol's 16-bit count). */
const MAX_PLACEHOLDERS = 65_535;

export function chunkRows(rows: SqlParam[][], maxBytes = MAX_STATEMENT_BYTES): SqlParam[][][] {
  const chunks: SqlParam[][][] = [];
  const maxRows = Math.max(1, Math.floor(MAX_PLACEHOLDERS / Math.max(1, rows[0]?.length ?? 1)));
  let current: SqlParam[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = estimateBytes(row);
    if (current.length && (bytes + size > maxBytes || current.length >= maxRows)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** The rows' values in one array, as the statement's placeholders take them (a plain loop: Array.prototype.flat took about 1 ms per 500-row batch, the loop 0.05 ms). */
function flatten(rows: SqlParam[][]): SqlParam[] {
  const width = rows[0]?.length ?? 0;
  const out = new Array<SqlParam>(rows.length * width);
  let k = 0;
  for (const row of rows) for (let i = 0; i < width; i++) out[k++] = row[i] as SqlParam;
  return out;
}

/** `INSERT ... VALUES (?, ...), (?, ...) ON DUPLICATE ...` for `rows` rows; few distinct texts, so few prepared statements. */
function preparedUpsert(statement: UpsertStatement, rows: number): string {
  const row = `(${Array.from({ length: statement.columnCount }, () => '?').join(', ')})`;
  return `${statement.head} ${Array.from({ length: rows }, () => row).join(', ')}${statement.tail}`;
}

/**
 * Prepared upserts kept per session. A scan page is cut short by DynamoDB's 1 MB limit when items
 * are large, so row counts vary; without a bound every count would stay prepared (here, in mysql2's
 * cache and on the server, whose max_prepared_stmt_count is shared by all clients).
 */
const MAX_PREPARED_UPSERTS = 4;

class MysqlSession implements SqlSession {
  /** SQL text per row count, most recently used last. */
  private readonly upsertSql = new Map<string, string>();

  constructor(private readonly connection: PoolConnection) {}

  /**
   * Executed as a prepared statement: the values travel in the binary protocol, so neither side
   * escapes or parses a megabyte of SQL text per batch (the text protocol cost about a third of the
   * copy's CPU). Strict mode applies to both protocols alike.
   */
  private async executeUpsert(statement: UpsertStatement, rows: SqlParam[][]): Promise<void> {
    const cacheKey = `${rows.length}:${statement.head}`;
    let sql = this.upsertSql.get(cacheKey);
    if (sql) this.upsertSql.delete(cacheKey);
    else sql = preparedUpsert(statement, rows.length);
    this.upsertSql.set(cacheKey, sql);
    if (this.upsertSql.size > MAX_PREPARED_UPSERTS) {
      const [oldestKey, oldestSql] = this.upsertSql.entries().next().value as [string, string];
      this.upsertSql.delete(oldestKey);
      this.connection.unprepare(oldestSql);
    }
    await this.connection.execute(sql, flatten(rows));
  }

  async query(sql: string, params: SqlParam[] = []): Promise<SqlRow[]> {
    const [rows] = await this.connection.query(sql, params);
    return Array.isArray(rows) ? (rows as SqlRow[]) : [];
  }
  async begin(): Promise<void> {
    await this.connection.beginTransaction();
  }
  async commit(): Promise<void> {
    await this.connection.commit();
  }
  async rollback(): Promise<void> {
    await this.connection.rollback();
  }
  async upsert(statement: UpsertStatement, rows: SqlParam[][]): Promise<RowReject[]> {
    const rejects: RowReject[] = [];
    let offset = 0;
    for (const chunk of chunkRows(rows)) {
      try {
        await this.executeUpsert(statement, chunk);
      } catch (error) {
        if (!isDataError(error)) throw error;
        // The failed statement alone was rolled back; find the offending rows one by one.
        for (let i = 0; i < chunk.length; i++) {
          try {
            await this.executeUpsert(statement, [chunk[i] as SqlParam[]]);
          } catch (rowError) {
            if (!isDataError(rowError)) throw rowError;
            rejects.push({ index: offset + i, reason: (rowError as Error).message });
          }
        }
      }
      offset += chunk.length;
    }
    return rejects;
  }
  async startBatches(): Promise<void> {
    await this.connection.query('SET autocommit = 0');
  }
  /** One round trip for the batch's checkpoint and its COMMIT (the pool allows multiple statements; values still travel as placeholders). */
  async commitWith(sql: string, params: SqlParam[]): Promise<void> {
    await this.connection.query(`${sql}; COMMIT`, params);
  }
  async endBatches(): Promise<void> {
    await this.connection.query('SET autocommit = 1');
  }
  async loadLocalInfile(sql: string, stream: () => Readable): Promise<number> {
    const [result] = await this.connection.query({ sql, infileStreamFactory: stream });
    return (result as { affectedRows?: number }).affectedRows ?? 0;
  }
  async release(): Promise<void> {
    this.connection.release();
  }
}

export class MysqlTarget implements SqlTarget {
  private constructor(
    private readonly pool: Pool,
    readonly flavor: Flavor,
    readonly description: string,
  ) {}

  /** Connects once (so a wrong host or password fails here, with the server's reason) and detects the server. */
  static async connect(options: MysqlConnectionOptions): Promise<MysqlTarget> {
    const config: PoolOptions = {
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      socketPath: options.socketPath,
      connectionLimit: options.connectionLimit ?? 8,
      charset: 'utf8mb4',
      // Only `commitWith` sends two statements (a checkpoint UPDATE and COMMIT, with placeholders).
      multipleStatements: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      decimalNumbers: false,
      // JSON columns come back as text (MariaDB stores text anyway); verify parses both the same way.
      typeCast: (field, next) => (field.type === 'JSON' ? field.string('utf8') : next()),
    };
    const pool = createPool(config);
    pool.on('connection', (connection) => {
      connection.query(`SET SESSION sql_mode = '${STRICT_SQL_MODE}', time_zone = '+00:00'`);
    });
    try {
      const [rows] = await pool.query('SELECT VERSION() AS version');
      const version = String((rows as SqlRow[])[0]?.version ?? '');
      const where = options.socketPath ?? `${options.host}:${options.port}`;
      return new MysqlTarget(pool, flavorOf(version), `mysql://${options.user}@${where}/${options.database}`);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async session(): Promise<SqlSession> {
    const connection = await this.pool.getConnection();
    // The pool's 'connection' hook runs asynchronously; setting the mode here too makes it certain.
    await connection.query(`SET SESSION sql_mode = '${STRICT_SQL_MODE}', time_zone = '+00:00'`);
    return new MysqlSession(connection);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
