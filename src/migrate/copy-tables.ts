/**
 * `migrate-dynamo copy` for each table of the run: read its mapping (from the target, or sampled
 * for a dry run), open its rejects file, copy by Scan or by export, and report. Stops after a
 * table that hit --max-rejects or was interrupted. No printing: lines go through the hooks.
 */
import { resolve as resolvePath } from 'node:path';
import type { ClientFactory } from '../aws/clients.js';
import { usageError } from '../errors.js';
import { targetNameFor } from './build-mapping.js';
import type { MigrateConfig } from './config-schema.js';
import { runCopy, type CopyProgress } from './copy.js';
import { createTableSql, MAPPING_TABLE, stateTableSpec } from './ddl.js';
import { intoExistingCodec } from './existing-writer.js';
import { formatLoadOrder, planTables, type PlannedTable } from './into-existing.js';
import type { TableMapping } from './mapping.js';
import { withDynamoErrors } from './dynamo-errors.js';
import { runExportCopy } from './export/run.js';
import { readExistingSchema } from './introspect.js';
import { formatRestart, formatSummary } from './progress-format.js';
import { CapacityLimiter } from './rate-limiter.js';
import { DiscardRejects, RejectsFile, rejectsPathFor } from './rejects-file.js';
import { resolveMapping } from './schema.js';
import { withSession } from './session-scope.js';
import { DynamoSource, describeSourceTable } from './source.js';
import type { SqlTarget } from './sql-session.js';
import { withSqlErrors } from './sql-errors.js';
import { loadMapping, recordRejectsPath } from './state-store.js';

export interface CopyTablesRequest {
  clients: ClientFactory;
  region: string | undefined;
  config: MigrateConfig | undefined;
  tables: readonly string[];
  /** null for a dry run without a target. */
  target: SqlTarget | null;
  via: 'scan' | 'export';
  bucket?: string;
  prefix?: string;
  segments: number;
  batchSize: number;
  maxRcu?: number;
  maxRejects?: number;
  resume: boolean;
  restart: boolean;
  dryRun: boolean;
  /** --rejects: one file for every table (else one per target table). */
  rejects?: string;
  /** Items to sample for the columns of a dry run without a target (and for --into-existing, the attribute names). */
  sample: number;
  /** --into-existing: write into the application's own tables (read from information_schema). */
  intoExisting?: { extraColumn?: string; dropUnmapped: boolean };
  signal: AbortSignal;
}

export interface CopyTablesHooks {
  /** A progress display for a table of about `expected` items. */
  progress: (expected: number) => { update: (p: CopyProgress) => void; finish: () => void };
  notice: (line: string) => void;
  /** One JSON line per table: the copy's summary. */
  result: (line: string) => Promise<void>;
}

export interface CopyTablesResult {
  /** Why the run stopped before its last table, if it did. */
  stoppedBy: 'max-rejects' | 'interrupted' | null;
}

type CopyMapping = TableMapping | Pick<TableMapping, 'source' | 'target' | 'keys'>;

/**
 * --into-existing: the plans of every table (sampled for attribute names), refused as a whole when
 * any has a problem, in foreign-key order; the checkpoint table is created when missing.
 */
async function planIntoExistingTables(request: CopyTablesRequest, hooks: CopyTablesHooks): Promise<PlannedTable[]> {
  const { target, clients, region } = request;
  if (!target) throw usageError('--into-existing needs a target: it reads the tables from information_schema');
  const options = request.intoExisting as NonNullable<CopyTablesRequest['intoExisting']>;
  const planned = await withSession(target, 'rerun the copy', async (session) =>
    withDynamoErrors(request.tables.join(', '), region, () =>
      planTables(request.tables, {
        dynamo: clients.dynamodb(region),
        session,
        config: request.config,
        sample: request.sample,
        extraColumn: options.extraColumn,
        dropUnmapped: options.dropUnmapped,
        limiter: request.maxRcu ? new CapacityLimiter(request.maxRcu) : undefined,
      }),
    ),
  );
  const problems = planned.flatMap((p) => p.plan.problems.map((problem) => `  ${p.plan.source} → ${p.plan.target}: ${problem}`));
  if (problems.length) {
    throw usageError(`--into-existing cannot start (see \`migrate-dynamo schema --into-existing\` for the whole mapping):\n${problems.join('\n')}`);
  }
  if (planned.length > 1) hooks.notice(formatLoadOrder(planned).replace(/^-- /, ''));
  if (!request.dryRun) await withSession(target, 'rerun the copy', (session) => session.query(createTableSql(stateTableSpec())));
  return planned;
}

export async function copyTables(request: CopyTablesRequest, hooks: CopyTablesHooks): Promise<CopyTablesResult> {
  const { clients, region, config, target } = request;
  const existingPlans = request.intoExisting ? await planIntoExistingTables(request, hooks) : null;
  const tables = existingPlans ? existingPlans.map((p) => p.plan.source) : request.tables;
  for (const table of tables) {
    const dynamo = clients.dynamodb(region);
    const limiter = request.maxRcu ? new CapacityLimiter(request.maxRcu) : undefined;
    const planned = existingPlans?.find((p) => p.plan.source === table);
    const info = planned?.info ?? (await withDynamoErrors(table, region, () => describeSourceTable(dynamo, table)));
    const mapping: CopyMapping = planned
      ? { source: table, target: planned.plan.target, keys: planned.plan.keys }
      : target
        ? await withSession(target, 'rerun the copy', async (session) => {
            const existing = await readExistingSchema(session);
            const stored = existing.has(MAPPING_TABLE) ? await loadMapping(session, targetNameFor(table, config)) : null;
            if (!stored) throw usageError(`no schema applied for ${table}: run \`clinnet-opt migrate-dynamo schema --table ${table} --apply\` with the same target first`);
            return stored;
          })
        : (await withDynamoErrors(table, region, () => resolveMapping(table, { dynamo, session: null, existing: null, config, sample: request.sample, limiter }))).mapping;
    const codec = planned ? intoExistingCodec(planned.plan) : undefined;
    const rejectsPath = rejectsPathFor(request.rejects, mapping.target);
    // verify finds the file this copy writes, wherever and with whatever --rejects it runs.
    if (target && !request.dryRun) await withSession(target, 'rerun the copy', (session) => recordRejectsPath(session, mapping.target, resolvePath(rejectsPath)));
    const rejects = request.dryRun ? new DiscardRejects() : new RejectsFile(rejectsPath);
    const progress = hooks.progress(info.itemCount || ('countedItems' in mapping ? mapping.countedItems : undefined) || planned?.sampled || 0);
    const common = {
      mapping,
      codec,
      resume: request.resume,
      restart: request.restart,
      maxRejects: request.maxRejects,
      rejects,
      onProgress: progress.update,
      onRestart: (discarded: Parameters<typeof formatRestart>[1]) => hooks.notice(formatRestart(table, discarded, rejectsPath)),
      signal: request.signal,
    };
    try {
      const next = 'rerun with --resume (committed batches are kept)';
      const viaExport = request.via === 'export' && target;
      const summary = await withDynamoErrors(table, region, () =>
        withSqlErrors({ target: target?.description ?? 'the target', next }, () =>
          viaExport
            ? runExportCopy({
                ...common,
                mapping: mapping as TableMapping,
                table: { name: table, arn: info.arn ?? '' },
                dynamo,
                s3: clients.s3(region),
                bucket: request.bucket as string,
                prefix: request.prefix,
                target: viaExport,
                concurrency: request.segments,
                onNotice: hooks.notice,
              })
            : runCopy({
                ...common,
                source: new DynamoSource(dynamo, table, limiter),
                target: request.dryRun ? null : target,
                segments: request.segments,
                batchSize: request.batchSize,
              }),
        ),
      ).finally(progress.finish);
      hooks.notice(formatSummary(table, mapping.target, summary));
      if (planned && planned.plan.dropUnmapped && planned.plan.unmapped.length) {
        hooks.notice(`--drop-unmapped: left out attribute(s) with no column in ${mapping.target}: ${planned.plan.unmapped.join(', ')}`);
      }
      if (summary.total.rejected && !request.dryRun) hooks.notice(`rejects: ${rejectsPath} (${summary.total.rejected} line(s) of ${table})`);
      const dropped = planned && planned.plan.dropUnmapped && !planned.plan.extraColumn ? { droppedAttributes: planned.plan.unmapped } : {};
      await hooks.result(JSON.stringify({ table, target: mapping.target, ...summary, ...dropped, elapsedMs: Math.round(summary.elapsedMs) }));
      if (summary.stoppedBy === 'max-rejects' || summary.stoppedBy === 'interrupted') return { stoppedBy: summary.stoppedBy };
    } finally {
      if (rejects instanceof RejectsFile) await rejects.close();
    }
  }
  return { stoppedBy: null };
}
