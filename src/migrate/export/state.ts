/**
 * The export path's checkpoints in the target database: one row for the export itself
 * (file_index -1: its ARN, its S3 prefix, and the phase), one row per data file (converted or not,
 * with its counts). The table-wide totals also go to clinnet_migrate_state (one segment), so that
 * `verify` and the scan path see this run's counts and whether it finished.
 */
import type { TableSpec } from '../ddl.js';
import type { SqlSession } from '../sql-session.js';

export const EXPORT_STATE_TABLE = 'clinnet_migrate_export';

export type ExportPhase = 'exporting' | 'exported' | 'loaded';

export interface ExportHeader {
  exportArn: string;
  /** The export's S3 prefix (unique to the run); CSV objects go under `<prefix>/csv/`. */
  prefix: string;
  bucket: string;
  phase: ExportPhase;
}

export interface ExportFile {
  index: number;
  dataKey: string;
  converted: boolean;
  read: number;
  rows: number;
  rejected: number;
}

export function exportStateTableSpec(): TableSpec {
  return {
    name: EXPORT_STATE_TABLE,
    columns: [
      { name: 'target_table', definition: 'VARCHAR(64) NOT NULL' },
      { name: 'file_index', definition: 'INT NOT NULL' },
      { name: 'export_arn', definition: 'VARCHAR(1024) NULL' },
      { name: 'bucket', definition: 'VARCHAR(255) NULL' },
      { name: 's3_key', definition: 'VARCHAR(1024) NOT NULL' },
      { name: 'phase', definition: 'VARCHAR(16) NOT NULL' },
      { name: 'items_read', definition: 'BIGINT NOT NULL DEFAULT 0' },
      { name: 'items_written', definition: 'BIGINT NOT NULL DEFAULT 0' },
      { name: 'items_rejected', definition: 'BIGINT NOT NULL DEFAULT 0' },
      { name: 'updated_at', definition: 'TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP' },
    ],
    primaryKey: ['target_table', 'file_index'],
    indexes: [],
    options: 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  };
}

export interface StoredExport {
  header: ExportHeader | null;
  files: ExportFile[];
}

export async function loadExportState(session: SqlSession, target: string): Promise<StoredExport> {
  const rows = await session.query(
    `SELECT file_index, export_arn, bucket, s3_key, phase, items_read, items_written, items_rejected FROM ${EXPORT_STATE_TABLE} WHERE target_table = ? ORDER BY file_index`,
    [target],
  );
  let header: ExportHeader | null = null;
  const files: ExportFile[] = [];
  for (const row of rows) {
    const index = Number(row.file_index);
    if (index < 0) header = { exportArn: String(row.export_arn), bucket: String(row.bucket), prefix: String(row.s3_key), phase: String(row.phase) as ExportPhase };
    else {
      files.push({
        index,
        dataKey: String(row.s3_key),
        converted: row.phase === 'converted',
        read: Number(row.items_read),
        rows: Number(row.items_written),
        rejected: Number(row.items_rejected),
      });
    }
  }
  return { header, files };
}

export async function clearExportState(session: SqlSession, target: string): Promise<void> {
  await session.query(`DELETE FROM ${EXPORT_STATE_TABLE} WHERE target_table = ?`, [target]);
}

export async function saveExportHeader(session: SqlSession, target: string, header: ExportHeader): Promise<void> {
  await session.query(
    `INSERT INTO ${EXPORT_STATE_TABLE} (target_table, file_index, export_arn, bucket, s3_key, phase) VALUES (?, -1, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE phase = VALUES(phase)`,
    [target, header.exportArn, header.bucket, header.prefix, header.phase],
  );
}

export async function saveExportFiles(session: SqlSession, target: string, keys: string[]): Promise<ExportFile[]> {
  const files = keys.map((dataKey, index) => ({ index, dataKey, converted: false, read: 0, rows: 0, rejected: 0 }));
  for (const file of files) {
    await session.query(`INSERT INTO ${EXPORT_STATE_TABLE} (target_table, file_index, s3_key, phase) VALUES (?, ?, ?, 'pending')`, [target, file.index, file.dataKey]);
  }
  return files;
}

export async function saveFileConverted(session: SqlSession, target: string, file: ExportFile): Promise<void> {
  await session.query(
    `UPDATE ${EXPORT_STATE_TABLE} SET phase = 'converted', items_read = ?, items_written = ?, items_rejected = ? WHERE target_table = ? AND file_index = ?`,
    [file.read, file.rows, file.rejected, target, file.index],
  );
}

/** Whether an export run of `target` started and has not loaded (false where the table does not exist yet). */
export async function exportRunUnfinished(session: SqlSession, target: string): Promise<boolean> {
  try {
    const rows = await session.query(`SELECT phase FROM ${EXPORT_STATE_TABLE} WHERE target_table = ? AND file_index = -1`, [target]);
    return rows.length > 0 && rows[0]?.phase !== 'loaded';
  } catch (error) {
    if ((error as { errno?: number } | null)?.errno === 1146) return false;
    throw error;
  }
}
