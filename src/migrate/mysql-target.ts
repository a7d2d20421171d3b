/** The target over the MySQL protocol (mysql2): a pool, one connection per scan segment. */
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

export function chunkRows(rows: SqlParam[][], maxBytes = MAX_STATEMENT_BYTES): SqlParam[][][] {
  const chunks: SqlParam[][][] = [];
  let current: SqlParam[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = estimateBytes(row);
    if (current.length && bytes + size > maxBytes) {
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

class MysqlSession implements SqlSession {
  constructor(private readonly connection: PoolConnection) {}

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
        await this.connection.query(`${statement.head} ?${statement.tail}`, [chunk]);
      } catch (error) {
        if (!isDataError(error)) throw error;
        // The failed statement alone was rolled back; find the offending rows one by one.
        for (let i = 0; i < chunk.length; i++) {
          try {
            await this.connection.query(`${statement.head} ?${statement.tail}`, [[chunk[i]]]);
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
