/**
 * The organization's baseline file: a period's cost per account and environment (`cost-report --org
 * --save-baseline`), so a later `cost-report --org --baseline` checks each account against its
 * environment's target. Versioned like the one-account baseline (baseline.ts), and never mistaken for it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { usageError } from '../errors.js';
import { describeZodIssue } from '../zod-issues.js';
import { BASELINE_KIND, ORG_BASELINE_KIND } from './baseline.js';
import { METRICS } from './query.js';

export { ORG_BASELINE_KIND };
export const ORG_BASELINE_SCHEMA_VERSION = 1;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const OrgBaselineSchema = z.object({
  kind: z.literal(ORG_BASELINE_KIND),
  schemaVersion: z.literal(ORG_BASELINE_SCHEMA_VERSION),
  savedAt: z.string(),
  organization: z.string(),
  /** The --env the lines were limited to, or null for every environment. */
  env: z.string().nullable(),
  metric: z.enum(METRICS),
  period: z.object({ start: day, end: day, label: z.string() }),
  days: z.number().int().positive(),
  monthlyFactor: z.number().positive(),
  estimated: z.boolean(),
  unit: z.string(),
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

export async function saveOrgBaseline(file: string, baseline: OrgBaseline): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
  } catch (error) {
    throw usageError(`${file}: cannot write the baseline (${(error as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
}

export function parseOrgBaseline(text: string, file: string): OrgBaseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw usageError(`${file}: not a cost baseline (not JSON); create one with cost-report --org --save-baseline`);
  }
  const head = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown; schemaVersion?: unknown }) : {};
  if (head.kind === BASELINE_KIND) {
    throw usageError(`${file}: a one-account baseline (per category): --org compares with a baseline saved by cost-report --org --save-baseline`);
  }
  if (head.kind !== ORG_BASELINE_KIND) {
    const kind = typeof head.kind === 'string' ? `a "${head.kind}" file` : 'not a clinnet-opt file';
    throw usageError(`${file}: not an organization's cost baseline (${kind}); create one with cost-report --org --save-baseline`);
  }
  if (head.schemaVersion !== ORG_BASELINE_SCHEMA_VERSION) {
    throw usageError(
      `${file}: baseline schemaVersion ${JSON.stringify(head.schemaVersion)} is not supported (this clinnet-opt reads ${ORG_BASELINE_SCHEMA_VERSION}); save a new one with cost-report --org --save-baseline`,
    );
  }
  const parsed = OrgBaselineSchema.safeParse(raw);
  if (!parsed.success) throw usageError(`${file}: corrupt baseline at ${describeZodIssue(parsed.error.issues[0])}`);
  return parsed.data;
}

export async function loadOrgBaseline(file: string): Promise<OrgBaseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read the baseline (${code === 'ENOENT' ? 'no such file; create one with cost-report --org --save-baseline' : (code ?? 'read error')})`);
  }
  return parseOrgBaseline(text, file);
}
