/**
 * The target through the RDS Data API, for clusters the operator's machine has no network path to.
 * Same statements, same transactions (BeginTransaction/CommitTransaction) as the mysql2 target;
 * multi-row upserts become BatchExecuteStatement with one typed parameter set per row.
 */
import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  type Field,
  type RDSDataClient,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { declarePermissions } from '../aws/permissions.js';
import {
  STRICT_SQL_MODE,
  type RowReject,
  type SqlParam,
  type SqlRow,
  type SqlSession,
  type SqlTarget,
  type UpsertStatement,
} from './sql-session.js';
import type { Flavor } from './ddl.js';

declarePermissions({
  source: 'migrate:rds-data-sink',
  scope: 'migrate',
  actions: [
    'rds-data:ExecuteStatement',
    'rds-data:BatchExecuteStatement',
    'rds-data:BeginTransaction',
    'rds-data:CommitTransaction',
    'rds-data:RollbackTransaction',
    'secretsmanager:GetSecretValue',
  ],
});

export interface DataApiOptions {
  resourceArn: string;
  secretArn: string;
  database: string;
}

/** The Data API's request limit is 4 MiB; stay well under it. */
const MAX_BATCH_BYTES = 2 * 1024 * 1024;
const MAX_BATCH_ROWS = 500;

export function toSqlParameter(name: string, value: SqlParam): SqlParameter {
  if (value === null) return { name, value: { isNull: true } };
  if (Buffer.isBuffer(value)) return { name, value: { blobValue: value } };
  if (typeof value === 'number') return Number.isInteger(value) ? { name, value: { longValue: value } } : { name, value: { doubleValue: value } };
  return { name, value: { stringValue: value } };
}

/** `?` placeholders → `:p0, :p1, ...` (our SQL never has a literal '?'). */
export function namedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `:p${n++}`);
}

function fieldValue(field: Field): unknown {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue ? 1 : 0;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue);
  return null;
}

function rowBytes(row: SqlParam[]): number {
  return row.reduce<number>((sum, v) => sum + (v === null ? 8 : typeof v === 'number' ? 16 : Buffer.isBuffer(v) ? Math.ceil(v.length * 1.4) : v.length * 2) + 40, 0);
}

class DataApiSession implements SqlSession {
  private transactionId: string | undefined;

  constructor(
    private readonly client: RDSDataClient,
    private readonly options: DataApiOptions,
  ) {}

  private base() {
    return { resourceArn: this.options.resourceArn, secretArn: this.options.secretArn, database: this.options.database };
  }

  async query(sql: string, params: SqlParam[] = []): Promise<SqlRow[]> {
    const response = await this.client.send(
      new ExecuteStatementCommand({
        ...this.base(),
        sql: namedPlaceholders(sql),
        parameters: params.map((value, i) => toSqlParameter(`p${i}`, value)),
        transactionId: this.transactionId,
        includeResultMetadata: true,
      }),
    );
    const names = (response.columnMetadata ?? []).map((c) => c.label ?? c.name ?? '');
    return (response.records ?? []).map((record) => Object.fromEntries(record.map((field, i) => [names[i] ?? String(i), fieldValue(field)])));
  }

  async begin(): Promise<void> {
    const response = await this.client.send(new BeginTransactionCommand(this.base()));
    this.transactionId = response.transactionId;
    await this.query(`SET SESSION sql_mode = '${STRICT_SQL_MODE}', time_zone = '+00:00'`);
  }

  async commit(): Promise<void> {
    const transactionId = this.transactionId;
    this.transactionId = undefined;
    if (transactionId) await this.client.send(new CommitTransactionCommand({ resourceArn: this.options.resourceArn, secretArn: this.options.secretArn, transactionId }));
  }

  async rollback(): Promise<void> {
    const transactionId = this.transactionId;
    this.transactionId = undefined;
    if (transactionId) await this.client.send(new RollbackTransactionCommand({ resourceArn: this.options.resourceArn, secretArn: this.options.secretArn, transactionId }));
  }

  async upsert(statement: UpsertStatement, rows: SqlParam[][]): Promise<RowReject[]> {
    const names = Array.from({ length: statement.columnCount }, (_, i) => `c${i}`);
    const sql = `${statement.head} (${names.map((n) => `:${n}`).join(', ')})${statement.tail}`;
    const rejects: RowReject[] = [];
    let start = 0;
    while (start < rows.length) {
      let end = start;
      let bytes = 0;
      while (end < rows.length && end - start < MAX_BATCH_ROWS && (end === start || bytes + rowBytes(rows[end] as SqlParam[]) <= MAX_BATCH_BYTES)) {
        bytes += rowBytes(rows[end] as SqlParam[]);
        end++;
      }
      const chunk = rows.slice(start, end);
      const parameterSets = chunk.map((row) => row.map((value, i) => toSqlParameter(names[i] as string, value)));
      try {
        await this.client.send(new BatchExecuteStatementCommand({ ...this.base(), sql, parameterSets, transactionId: this.transactionId }));
      } catch (error) {
        if ((error as { name?: string }).name !== 'BadRequestException') throw error;
        // Upserts are idempotent: redo the chunk row by row to find the rows the server refuses.
        for (let i = 0; i < chunk.length; i++) {
          try {
            await this.client.send(new ExecuteStatementCommand({ ...this.base(), sql, parameters: parameterSets[i], transactionId: this.transactionId }));
          } catch (rowError) {
            if ((rowError as { name?: string }).name !== 'BadRequestException') throw rowError;
            rejects.push({ index: start + i, reason: (rowError as Error).message });
          }
        }
      }
      start = end;
    }
    return rejects;
  }

  async release(): Promise<void> {
    if (this.transactionId) await this.rollback();
  }
}

export class DataApiTarget implements SqlTarget {
  readonly description: string;
  /** 1 MiB per response and 64 KB per row: small pages (verify halves them further if still refused). */
  readonly readPageRows = 100;

  private constructor(
    private readonly client: RDSDataClient,
    private readonly options: DataApiOptions,
    readonly flavor: Flavor,
  ) {
    this.description = `${options.resourceArn}/${options.database} (RDS Data API)`;
  }

  /** Aurora MySQL is MySQL 8.0; one call checks the ARNs, the secret and the database before any work. */
  static async connect(client: RDSDataClient, options: DataApiOptions): Promise<DataApiTarget> {
    const probe = new DataApiSession(client, options);
    const rows = await probe.query('SELECT VERSION() AS version');
    const flavor: Flavor = /mariadb/i.test(String(rows[0]?.version ?? '')) ? 'mariadb' : 'mysql';
    return new DataApiTarget(client, options, flavor);
  }

  async session(): Promise<SqlSession> {
    return new DataApiSession(this.client, this.options);
  }

  async close(): Promise<void> {}
}
