/**
 * The organization's baseline file: a period's cost per account and environment (`cost-report --org
 * --save-baseline`), so a later `cost-report --org --baseline` checks each account against its
 * environment's target. Versioned like the one-account baseline (baseline.ts), and never mistaken for it.
 */
import { z } from 'zod';
import { BaselinePeriodFields, loadBaselineFile, parseBaselineFile, saveBaselineFile, type BaselineKind } from './baseline-file.js';
import { BASELINE_KIND, ORG_BASELINE_KIND } from './baseline.js';

export { ORG_BASELINE_KIND };
export const ORG_BASELINE_SCHEMA_VERSION = 1;

const OrgBaselineSchema = BaselinePeriodFields.extend({
  kind: z.literal(ORG_BASELINE_KIND),
  schemaVersion: z.literal(ORG_BASELINE_SCHEMA_VERSION),
  organization: z.string(),
  /** The cost allocation tag the environments came from, or null: from Organizations alone. */
  tagKey: z.string().nullable(),
  lines: z.array(
    z.object({
      account: z.string().regex(/^\d{12}$/),
      name: z.string(),
      env: z.string().nullable(),
      /** The period's cost as billed (not scaled to a month). */
      amount: z.number().finite(),
    }),
  ),
  total: z.number().finite(),
});
export type OrgBaseline = z.infer<typeof OrgBaselineSchema>;

const ORG_BASELINE: BaselineKind<OrgBaseline> = {
  kind: ORG_BASELINE_KIND,
  schemaVersion: ORG_BASELINE_SCHEMA_VERSION,
  schema: OrgBaselineSchema,
  noun: "an organization's cost baseline",
  saveWith: 'cost-report --org --save-baseline',
  other: { kind: BASELINE_KIND, message: 'a one-account baseline (per category): --org compares with a baseline saved by cost-report --org --save-baseline' },
};

export const saveOrgBaseline = (file: string, baseline: OrgBaseline): Promise<void> => saveBaselineFile(file, baseline);
export const parseOrgBaseline = (text: string, file: string): OrgBaseline => parseBaselineFile(text, file, ORG_BASELINE);
export const loadOrgBaseline = (file: string): Promise<OrgBaseline> => loadBaselineFile(file, ORG_BASELINE);
