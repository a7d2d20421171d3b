/** The `migrate` section of the config file (owned by src/migrate): mapping overrides per table. */
import { z } from 'zod';
import { COLUMN_TYPE_SPELLINGS, parseColumnType } from './column-type.js';

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a MySQL identifier: letters, digits, _ (at most 64)');

const columnOverride = z.strictObject({
  column: identifier.optional(),
  type: z
    .string()
    .refine((text) => parseColumnType(text) !== null, { message: `must be one of ${COLUMN_TYPE_SPELLINGS}` })
    .optional(),
  nullable: z.boolean().optional(),
  unique: z.boolean().optional(),
  /** `--into-existing`: ENUM values to rewrite (`{ "frontdesk": "receptionist" }`), applied only because the user wrote them. */
  values: z.record(z.string(), z.string()).optional(),
});

export const MigrateTableConfig = z.strictObject({
  /** MySQL table name (default: <design name>_migrated). */
  target: identifier.optional(),
  /** attribute → column override; `null` keeps the attribute in `extra` only; a plain string names the column (`--into-existing` synonyms). */
  columns: z.record(z.string().min(1), z.union([identifier, columnOverride]).nullable()).optional(),
  extraColumn: identifier.optional(),
  jsonExactNumbers: z.enum(['reject', 'string']).optional(),
});
export type MigrateTableConfig = z.infer<typeof MigrateTableConfig>;

export const MigrateConfig = z.strictObject({
  /** Keyed by DynamoDB table name, or by the design's name (`services`, `users`). */
  tables: z.record(z.string().min(1), MigrateTableConfig).optional(),
  segments: z.number().int().min(1).max(1000).optional(),
  batchSize: z.number().int().min(1).max(10000).optional(),
  maxRcu: z.number().positive().optional(),
  maxRejects: z.number().int().min(0).optional(),
});
export type MigrateConfig = z.infer<typeof MigrateConfig>;
