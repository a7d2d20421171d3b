/** `migrate-dynamo schema`: the mappings (stored, or built from a sample), and the DDL that makes them real. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildMapping } from './build-mapping.js';
import type { MigrateConfig } from './config-schema.js';
import {
  MAPPING_TABLE,
  auditLogSpec,
  migratedTableSpec,
  mappingTableSpec,
  patientsSpec,
  planSchema,
  stateTableSpec,
  type ExistingSchema,
  type Flavor,
} from './ddl.js';
import type { TableMapping } from './mapping.js';
import { SampleStats } from './sample-stats.js';
import { DynamoSource, describeSourceTable, scanAll, type TableInfo } from './source.js';
import { exportStateTableSpec } from './export/state.js';
import type { SqlSession } from './sql-session.js';
import { loadMapping, saveMappingIfAbsent } from './state-store.js';
import { targetNameFor } from './build-mapping.js';
import type { CapacityLimiter } from './rate-limiter.js';

export interface ResolvedMapping {
  mapping: TableMapping;
  info: TableInfo;
  /** Read back from the target (applied earlier) rather than built now. */
  stored: boolean;
  sampled: number;
}

export interface ResolveOptions {
  dynamo: DynamoDBClient;
  session: SqlSession | null;
  existing: ExistingSchema | null;
  config?: MigrateConfig;
  /** Items to sample for the columns; Infinity = whole table, 0 = design columns only. */
  sample: number;
  limiter?: CapacityLimiter;
}

/** The stored mapping when the schema was applied before (so schema, copy and verify agree), else a new one. */
export async function resolveMapping(table: string, options: ResolveOptions): Promise<ResolvedMapping> {
  const target = targetNameFor(table, options.config);
  const info = await describeSourceTable(options.dynamo, table);
  if (options.session && options.existing?.has(MAPPING_TABLE)) {
    const stored = await loadMapping(options.session, target);
    if (stored) return { mapping: stored, info, stored: true, sampled: 0 };
  }
  const stats = new SampleStats();
  if (options.sample > 0) {
    const source = new DynamoSource(options.dynamo, table, options.limiter);
    for await (const item of scanAll(source, 1, 1000, options.sample)) stats.add(item);
  }
  const mapping = buildMapping({ source: table, keys: info.keys, stats, config: options.config });
  // The scan ended before the sample limit: the sample is the whole table.
  if (options.sample > 0 && stats.items < options.sample) mapping.countedItems = stats.items;
  return { mapping, info, stored: false, sampled: stats.items };
}

/** Everything `schema` creates: bookkeeping tables, the migrated tables, the design's patients and audit tables. */
export function schemaStatements(mappings: TableMapping[], flavor: Flavor, existing: ExistingSchema, throughYear: number): string[] {
  const specs = [stateTableSpec(), exportStateTableSpec(), mappingTableSpec(), ...mappings.map((m) => migratedTableSpec(m, flavor)), patientsSpec(flavor), auditLogSpec(flavor, throughYear)];
  return planSchema(specs, existing);
}

export interface ApplyResult {
  statements: string[];
  savedMappings: string[];
}

/** Runs the statements, then records each mapping not yet stored. */
export async function applySchema(session: SqlSession, statements: string[], mappings: TableMapping[]): Promise<ApplyResult> {
  for (const statement of statements) await session.query(statement);
  const savedMappings: string[] = [];
  for (const mapping of mappings) if (await saveMappingIfAbsent(session, mapping)) savedMappings.push(mapping.target);
  return { statements, savedMappings };
}
