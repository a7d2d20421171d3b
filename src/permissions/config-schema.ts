/** The `iam` section of the config file: which resources `iam-policy` lets the tool change. */
import { z } from 'zod';

/** Characters that names of functions, tables, clusters, buckets, log groups and secrets use, plus the '*' and '?' wildcards. */
const namePattern = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._\-/#*?]+$/, 'must be a resource name or glob (letters, digits, . _ - / # and the wildcards * ?)');

export const IamConfig = z.strictObject({
  /** Resources the tool may change and the migration may read, by name (default: clinnet-*). */
  namePatterns: z.array(namePattern).min(1).optional(),
});
export type IamConfig = z.infer<typeof IamConfig>;

export const DEFAULT_NAME_PATTERNS: readonly string[] = ['clinnet-*'];
