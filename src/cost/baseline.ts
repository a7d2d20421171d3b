/** Baseline files: a period's costs by category, versioned, so a later report can compare with it. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { usageError } from '../errors.js';
import { describeZodIssue } from '../zod-issues.js';
import { CATEGORY_IDS, type CategoryId } from './categories.js';
import type { CategoryAmounts, CostTable } from './cost-table.js';
import { METRICS } from './query.js';

export const BASELINE_KIND = 'clinnet-opt/cost-baseline';
export const BASELINE_SCHEMA_VERSION = 1;
/** The organization's baseline (`cost-report --org --save-baseline`, org-baseline.ts): per account, not per category. */
export const ORG_BASELINE_KIND = 'clinnet-opt/org-cost-baseline';

const amounts = z.strictObject(Object.fromEntries(CATEGORY_IDS.map((id) => [id, z.number().finite()])) as Record<CategoryId, z.ZodNumber>);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const BaselineSchema = z.object({
  kind: z.literal(BASELINE_KIND),
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  savedAt: z.string(),
  env: z.string().nullable(),
  metric: z.enum(METRICS),
  period: z.object({ start: day, end: day, label: z.string() }),
  days: z.number().int().positive(),
  monthlyFactor: z.number().positive(),
  estimated: z.boolean(),
  unit: z.string(),
  categories: amounts,
  total: z.number().finite(),
});
export type Baseline = z.infer<typeof BaselineSchema> & { categories: CategoryAmounts };

export function baselineFrom(table: CostTable, savedAt: Date): Baseline {
  return {
    kind: BASELINE_KIND,
    schemaVersion: BASELINE_SCHEMA_VERSION,
    savedAt: savedAt.toISOString(),
    env: table.env,
    metric: table.metric,
    period: table.period,
    days: table.days,
    monthlyFactor: table.monthlyFactor,
    estimated: table.estimated,
    unit: table.unit,
    categories: table.categories,
    total: table.total,
  };
}

export async function saveBaseline(file: string, baseline: Baseline): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
  } catch (error) {
    throw usageError(`${file}: cannot write the baseline (${(error as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
}

export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw usageError(`${file}: not a cost baseline (not JSON); create one with --save-baseline`);
  }
  const head = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown; schemaVersion?: unknown }) : {};
  if (head.kind === ORG_BASELINE_KIND) throw usageError(`${file}: an organization's baseline (per account): compare with it in \`cost-report --org\``);
  if (head.kind !== BASELINE_KIND) {
    const kind = typeof head.kind === 'string' ? `a "${head.kind}" file` : 'not a clinnet-opt file';
    throw usageError(`${file}: not a cost baseline (${kind}); create one with --save-baseline`);
  }
  if (head.schemaVersion !== BASELINE_SCHEMA_VERSION) {
    throw usageError(`${file}: baseline schemaVersion ${JSON.stringify(head.schemaVersion)} is not supported (this clinnet-opt reads ${BASELINE_SCHEMA_VERSION}); save a new one with --save-baseline`);
  }
  const parsed = BaselineSchema.safeParse(raw);
  if (!parsed.success) throw usageError(`${file}: corrupt baseline at ${describeZodIssue(parsed.error.issues[0])}`);
  return parsed.data as Baseline;
}

export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read the baseline (${code === 'ENOENT' ? 'no such file; create one with --save-baseline' : code ?? 'read error'})`);
  }
  return parseBaseline(text, file);
}
