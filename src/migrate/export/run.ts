/**
 * `copy --via export`: DynamoDB exports the table to S3 (no read capacity used), this process maps
 * each exported item with the same mapping and reject rules as the scan path and writes CSV objects
 * to S3, then the server loads them (Aurora: LOAD DATA FROM S3 PREFIX; other servers: LOAD DATA
 * LOCAL INFILE of the same objects). Checkpoints: the export's ARN as soon as it is started, then
 * each data file once its CSV and its reject lines are written, then the load, committed with the
 * totals. `--resume` continues from the last of these; the rejects file follows the scan path's rules.
 */
import { PassThrough } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { usageError } from '../../errors.js';
import type { CopyProgress, CopySummary, RejectRecord, RejectSink, RestartDiscarded, StopReason } from '../copy.js';
import { keyOf, mapItem } from '../convert.js';
import { STATE_TABLE } from '../ddl.js';
import type { TableMapping } from '../mapping.js';
import type { SqlSession, SqlTarget } from '../sql-session.js';
import { loadState, resetState } from '../state-store.js';
import { checkS3Role, isAurora } from './aurora.js';
import { checkPointInTimeRecovery, exportDataFiles, exportItems, listKeys, objectStream, putObject, startExport, waitForExport } from './aws.js';
import { auroraLoadStatement, csvLine, localLoadStatement } from './csv.js';
import { clearExportState, loadExportState, saveExportFiles, saveExportHeader, saveFileConverted, type ExportFile, type ExportHeader } from './state.js';

export interface ExportCopyOptions {
  mapping: TableMapping;
  table: { name: string; arn: string };
  dynamo: DynamoDBClient;
  s3: S3Client;
  bucket: string;
  prefix?: string;
  target: SqlTarget;
  /** Data files converted at once. */
  concurrency: number;
  resume: boolean;
  restart: boolean;
  maxRejects?: number;
  rejects: RejectSink;
  onProgress?: (totals: CopyProgress) => void;
  onRestart?: (discarded: RestartDiscarded) => void;
  /** One line of news for the user (export started, waiting, loading). */
  onNotice?: (text: string) => void;
  signal?: AbortSignal;
  /** CSV object size before a new part starts. */
  partBytes?: number;
}

/** 16 MiB of CSV per object: four files in flight hold about 64 MiB of rows. */
const PART_BYTES = 16 * 1024 * 1024;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

async function inTransaction<T>(session: SqlSession, run: () => Promise<T>): Promise<T> {
  await session.begin();
  try {
    const result = await run();
    await session.commit();
    return result;
  } catch (error) {
    await session.rollback().catch(() => undefined);
    throw error;
  }
}

function exportPrefix(given: string | undefined, target: string): string {
  const base = (given ?? '').replace(/^\/+|\/+$/g, '');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${base ? `${base}/` : ''}clinnet-opt/${target}/${stamp}`;
}

/** The export to continue, or a new one (after the same refusals as the scan path). */
async function prepare(session: SqlSession, options: ExportCopyOptions): Promise<{ header: ExportHeader; files: ExportFile[]; resumed: boolean }> {
  const { mapping, rejects } = options;
  const stored = await loadExportState(session, mapping.target);
  if (options.resume && stored.header) {
    if (stored.header.phase === 'loaded') options.onNotice?.(`the export run of ${mapping.target} already finished: nothing to resume`);
    return { header: stored.header, files: stored.files, resumed: true };
  }
  const scan = await loadState(session, mapping.target);
  if (stored.header && stored.header.phase !== 'loaded' && !options.restart) {
    throw usageError(`an export run of ${mapping.target} was interrupted: continue it with --via export --resume, or start over with --restart`);
  }
  if (!stored.header && scan.some((s) => !s.done) && !options.restart) {
    throw usageError(`a scan run of ${mapping.target} was interrupted: continue it with --resume (without --via export), or start over with --restart`);
  }
  if (!options.restart) {
    const lines = await rejects.count(mapping.source);
    if (lines > 0) {
      throw usageError(`the rejects file already holds ${lines} line(s) of ${mapping.source} from an earlier run: start over with --restart (which discards them), or give another --rejects file`);
    }
  }
  await checkPointInTimeRecovery(options.dynamo, options.table.name);
  await inTransaction(session, () => clearExportState(session, mapping.target));
  await resetState(session, mapping.target, 1);
  if (options.restart) {
    const rejectLines = await rejects.discard(mapping.source);
    const sum = scan.reduce((a, s) => ({ read: a.read + s.read, written: a.written + s.written, rejected: a.rejected + s.rejected }), { read: 0, written: 0, rejected: 0 });
    options.onRestart?.({ target: mapping.target, checkpoints: { ...sum, segments: scan.length, finished: scan.length > 0 && scan.every((s) => s.done) }, rejectLines });
  }
  const prefix = exportPrefix(options.prefix, mapping.target);
  const exportArn = await startExport(options.dynamo, { tableArn: options.table.arn, bucket: options.bucket, prefix });
  const header: ExportHeader = { exportArn, bucket: options.bucket, prefix, phase: 'exporting' };
  await saveExportHeader(session, mapping.target, header);
  options.onNotice?.(`export started: ${exportArn} → s3://${options.bucket}/${prefix}/`);
  return { header, files: [], resumed: false };
}

export async function runExportCopy(options: ExportCopyOptions): Promise<CopySummary> {
  const started = performance.now();
  const { mapping, target, s3 } = options;
  const uniqueColumns = mapping.columns.filter((c) => c.unique && !mapping.keys.includes(c.attribute)).map((c) => c.column);
  if (uniqueColumns.length) {
    throw usageError(
      `${mapping.target} has a UNIQUE column (${uniqueColumns.join(', ')}): LOAD DATA would replace or skip a row that shares its value instead of rejecting the item; copy this table without --via export`,
    );
  }
  const control = await target.session();
  try {
    const aurora = await isAurora(control);
    if (!aurora && !control.loadLocalInfile) throw usageError('--via export needs Aurora MySQL (LOAD DATA FROM S3) or a --mysql-url target (LOAD DATA LOCAL INFILE)');
    const { header, resumed, ...rest } = await prepare(control, options);
    let files = rest.files;
    const csvPrefix = `${header.prefix}/csv/`;
    if (aurora) await checkS3Role(control, header.bucket, csvPrefix);

    if (header.phase === 'exporting') {
      const finished = await waitForExport(options.dynamo, header.exportArn, (status, ms) => options.onNotice?.(`export ${status.toLowerCase()} (${Math.round(ms / 1000)} s)`), options.signal);
      const keys = await exportDataFiles(s3, header.bucket, header.prefix, finished);
      files = await inTransaction(control, async () => {
        const saved = await saveExportFiles(control, mapping.target, keys);
        await saveExportHeader(control, mapping.target, { ...header, phase: 'exported' });
        return saved;
      });
      header.phase = 'exported';
      options.onNotice?.(`export complete: ${finished.itemCount} item(s) in ${keys.length} data file(s)`);
    }

    const run: CopyProgress = { read: 0, written: 0, rejected: 0 };
    const base = files.filter((f) => f.converted).reduce((a, f) => ({ read: a.read + f.read, written: 0, rejected: a.rejected + f.rejected }), { read: 0, written: 0, rejected: 0 });
    const total = (): CopyProgress => ({ read: base.read + run.read, written: run.written, rejected: base.rejected + run.rejected });
    let stoppedBy: StopReason = 'done';
    const stopping = (): boolean => stoppedBy !== 'done' || Boolean(options.signal?.aborted);

    const convert = async (session: SqlSession, file: ExportFile): Promise<void> => {
      const partBytes = options.partBytes ?? PART_BYTES;
      let part = 0;
      let chunks: string[] = [];
      let bytes = 0;
      let records: RejectRecord[] = [];
      const counts = { read: 0, rows: 0, rejected: 0 };
      const flush = async (): Promise<void> => {
        if (!chunks.length) return;
        await putObject(s3, header.bucket, `${csvPrefix}part-${pad(file.index, 5)}-${pad(part++, 4)}.csv`, chunks.join(''));
        chunks = [];
        bytes = 0;
      };
      for await (const item of exportItems(s3, header.bucket, file.dataKey)) {
        counts.read++;
        const mapped = mapItem(item, mapping);
        if (mapped.ok) {
          const line = csvLine(mapped.row);
          chunks.push(line);
          bytes += line.length;
          counts.rows++;
          if (bytes >= partBytes) await flush();
        } else {
          counts.rejected++;
          records.push({ table: mapping.source, segment: file.index, key: keyOf(item, mapping), reason: mapped.reason, item });
          if (records.length >= 500) {
            await options.rejects.write(records);
            records = [];
          }
        }
      }
      await flush();
      // The lines reach the disk before the checkpoint that counts them.
      await options.rejects.write(records);
      const done: ExportFile = { ...file, converted: true, ...counts };
      await inTransaction(session, async () => {
        await saveFileConverted(session, mapping.target, done);
        await session.query(`UPDATE ${STATE_TABLE} SET items_read = items_read + ?, items_rejected = items_rejected + ? WHERE target_table = ? AND segment = 0`, [
          counts.read,
          counts.rejected,
          mapping.target,
        ]);
      });
      Object.assign(file, done);
      run.read += counts.read;
      run.rejected += counts.rejected;
      options.onProgress?.(total());
      if (options.maxRejects !== undefined && total().rejected > options.maxRejects && stoppedBy === 'done') stoppedBy = 'max-rejects';
    };

    const pending = files.filter((f) => !f.converted);
    let next = 0;
    const worker = async (): Promise<void> => {
      const session = await target.session();
      try {
        while (next < pending.length && !stopping()) await convert(session, pending[next++] as ExportFile);
      } finally {
        await session.release();
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(options.concurrency, pending.length)) }, worker));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    if (options.signal?.aborted && stoppedBy === 'done') stoppedBy = 'interrupted';

    if (stoppedBy === 'done' && header.phase !== 'loaded') {
      const rows = files.reduce((sum, f) => sum + f.rows, 0);
      const csvKeys = await listKeys(s3, header.bucket, csvPrefix);
      options.onNotice?.(`loading ${rows} row(s) from ${csvKeys.length} CSV object(s) under s3://${header.bucket}/${csvPrefix}`);
      await inTransaction(control, async () => {
        if (aurora) await control.query(auroraLoadStatement(mapping, header.bucket, csvPrefix));
        else {
          for (const key of csvKeys) {
            const sql = localLoadStatement(mapping, key);
            await control.loadLocalInfile?.(sql, () => {
              const pass = new PassThrough();
              objectStream(s3, header.bucket, key).then((body) => body.pipe(pass), (error: unknown) => pass.destroy(error as Error));
              return pass;
            });
          }
        }
        await control.query(`UPDATE ${STATE_TABLE} SET items_written = ?, done = 1 WHERE target_table = ? AND segment = 0`, [rows, mapping.target]);
        await saveExportHeader(control, mapping.target, { ...header, phase: 'loaded' });
      });
      run.written = rows;
      options.onProgress?.(total());
    }
    const state = await loadState(control, mapping.target);
    const stored = state.reduce((a, s) => ({ read: a.read + s.read, written: a.written + s.written, rejected: a.rejected + s.rejected }), { read: 0, written: 0, rejected: 0 });
    return { run, total: stored, resumed, stoppedBy, elapsedMs: performance.now() - started, dryRun: false };
  } finally {
    await control.release();
  }
}
