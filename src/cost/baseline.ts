/** Baseline files: a period's costs by category, versioned, so a later report can compare with it. */
import { z } from 'zod';
import { BaselinePeriodFields, loadBaselineFile, parseBaselineFile, saveBaselineFile, type BaselineKind } from './baseline-file.js';
import { CATEGORY_IDS, type CategoryId } from './categories.js';
import type { CategoryAmounts, CostTable } from './cost-table.js';

export const BASELINE_KIND = 'clinnet-opt/cost-baseline';
export const BASELINE_SCHEMA_VERSION = 1;
/** The organization's baseline (`cost-report --org --save-baseline`, org-baseline.ts): per account, not per category. */
export const ORG_BASELINE_KIND = 'clinnet-opt/org-cost-baseline';

const amounts = z.strictObject(Object.fromEntries(CATEGORY_IDS.map((id) => [id, z.number().finite()])) as Record<CategoryId, z.ZodNumber>);
const BaselineSchema = BaselinePeriodFields.extend({
  kind: z.literal(BASELINE_KIND),
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
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

const BASELINE: BaselineKind<Baseline> = {
  kind: BASELINE_KIND,
  schemaVersion: BASELINE_SCHEMA_VERSION,
  schema: BaselineSchema as unknown as BaselineKind<Baseline>['schema'],
  noun: 'a cost baseline',
  saveWith: '--save-baseline',
  other: { kind: ORG_BASELINE_KIND, message: "an organization's baseline (per account): compare with it in `cost-report --org`" },
};

export const saveBaseline = (file: string, baseline: Baseline): Promise<void> => saveBaselineFile(file, baseline);
export const parseBaseline = (text: string, file: string): Baseline => parseBaselineFile(text, file, BASELINE);
export const loadBaseline = (file: string): Promise<Baseline> => loadBaselineFile(file, BASELINE);
