/**
 * `--into-existing` for the tables of a run: the target tables read from information_schema, each
 * source sampled for its attribute names, the plans in foreign-key order. `schema --into-existing`
 * prints them; `copy --into-existing` refuses to start while any has a problem.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { usageError } from '../errors.js';
import { tableConfigFor } from './build-mapping.js';
import type { MigrateConfig } from './config-schema.js';
import { designTableOf } from './design-tables.js';
import { planIntoExisting, type IntoExistingPlan } from './existing-mapping.js';
import { foreignKeyOrder } from './existing-table.js';
import type { CapacityLimiter } from './rate-limiter.js';
import { readExistingTables } from './read-existing-tables.js';
import { SampleStats } from './sample-stats.js';
import { DynamoSource, describeSourceTable, scanAll, type TableInfo } from './source.js';
import type { SqlSession } from './sql-session.js';

/** The application's table: the config's `target`, else the design's name (`services`, `users`), else the DynamoDB table's own name. */
export function existingTargetFor(source: string, config: MigrateConfig | undefined): string {
  return tableConfigFor(source, config)?.target ?? designTableOf(source) ?? source;
}

export interface IntoExistingOptions {
  dynamo: DynamoDBClient;
  session: SqlSession;
  config?: MigrateConfig;
  /** Items to sample for attribute names (Infinity: all). */
  sample: number;
  extraColumn?: string;
  dropUnmapped: boolean;
  limiter?: CapacityLimiter;
}

export interface PlannedTable {
  plan: IntoExistingPlan;
  info: TableInfo;
  sampled: number;
}

/** Plans for `tables`, in foreign-key order (a parent table before the tables that reference it). */
export async function planTables(tables: readonly string[], options: IntoExistingOptions): Promise<PlannedTable[]> {
  const targets = tables.map((t) => existingTargetFor(t, options.config));
  const shapes = await readExistingTables(options.session, targets);
  const missing = targets.filter((t) => !shapes.has(t.toLowerCase()));
  if (missing.length) {
    throw usageError(
      `--into-existing writes into the application's own tables, and the target has no table ${missing.join(', ')}: create it (the application's migrations) or name the table with migrate.tables.<table>.target in the config`,
    );
  }
  const planned: PlannedTable[] = [];
  for (const [i, table] of tables.entries()) {
    const info = await describeSourceTable(options.dynamo, table);
    const stats = new SampleStats();
    if (options.sample > 0) {
      const source = new DynamoSource(options.dynamo, table, options.limiter);
      for await (const item of scanAll(source, 1, 1000, options.sample)) stats.add(item);
    }
    const plan = planIntoExisting({
      source: table,
      target: targets[i] as string,
      keys: info.keys.map((k) => k.name),
      attributes: stats.attributes.keys(),
      shape: shapes.get((targets[i] as string).toLowerCase()) as NonNullable<ReturnType<typeof shapes.get>>,
      tableConfig: tableConfigFor(table, options.config),
      extraColumn: options.extraColumn,
      dropUnmapped: options.dropUnmapped,
    });
    planned.push({ plan, info, sampled: stats.items });
  }
  const order = foreignKeyOrder(planned.map((p) => p.plan.shape));
  return order.map((shape) => planned.find((p) => p.plan.shape === shape) as PlannedTable);
}

/** "users, then services (services.created_by → users.id)". */
export function formatLoadOrder(planned: PlannedTable[]): string {
  const names = new Set(planned.map((p) => p.plan.target.toLowerCase()));
  const edges = planned.flatMap((p) =>
    p.plan.shape.foreignKeys
      .filter((fk) => names.has(fk.refTable.toLowerCase()) && fk.refTable.toLowerCase() !== p.plan.target.toLowerCase())
      .map((fk) => `${p.plan.target}.${fk.columns.join('+')} → ${fk.refTable}.${fk.refColumns.join('+')}`),
  );
  return `-- load order: ${planned.map((p) => `${p.plan.source} → ${p.plan.target}`).join(', then ')}${edges.length ? ` (foreign keys: ${edges.join('; ')})` : ''}`;
}

/** `schema --into-existing`'s account of one plan, as SQL comments. */
export function formatPlan(plan: IntoExistingPlan): string[] {
  const lines = [`-- mapping ${plan.source} → ${plan.target} (existing table; attribute → column):`];
  const width = Math.min(40, Math.max(0, ...plan.columns.map((c) => JSON.stringify(c.attribute).length), ...plan.unmapped.map((a) => JSON.stringify(a).length)));
  for (const column of plan.columns) {
    const notes = [plan.keys.includes(column.attribute) ? 'key' : '', column.how === 'exact name' ? '' : column.how, ...column.notes];
    const nullability = column.nullable ? '' : column.hasDefault ? ' NOT NULL (default when missing)' : ' NOT NULL';
    lines.push(`--   ${JSON.stringify(column.attribute).padEnd(width)} → ${column.column} ${column.sqlType}${nullability}${notes.some(Boolean) ? `  (${notes.filter(Boolean).join('; ')})` : ''}`);
  }
  for (const attribute of plan.leftOut) lines.push(`--   ${JSON.stringify(attribute).padEnd(width)} → ${plan.extraColumn ?? '(left out: null in the config)'}`);
  for (const attribute of plan.unmapped) {
    lines.push(`--   ${JSON.stringify(attribute).padEnd(width)} → ${plan.extraColumn ? `${plan.extraColumn} (no column of its own)` : plan.dropUnmapped ? '(no column: left out, --drop-unmapped)' : '(no column: the copy refuses to start)'}`);
  }
  if (plan.extraColumn) lines.push(`--   every other attribute → ${plan.extraColumn}`);
  for (const unfed of plan.unfed) lines.push(`--   (no attribute) → ${unfed.column}: ${unfed.fill}`);
  for (const problem of plan.problems) lines.push(`-- PROBLEM: ${problem}`);
  return lines.map((l) => l.replace(/\n/g, ' '));
}
