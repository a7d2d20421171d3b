/**
 * The plan: a record of decisions, not a script. A plan file names the account, the environment,
 * the selection that made it and every change; its id is a hash of that content, so an edited file
 * says so. At apply each change is derived again from the account and sent only if it equals this record.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from '../rules/types.js';
import { sortKeys } from './operations/index.js';

export const PLAN_KIND = 'clinnet-opt/plan';
/** 2: content-hashed id, the selection, `account` required for apply. */
export const PLAN_SCHEMA_VERSION = 2;

const Json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Json), z.record(z.string(), Json)]),
);
const JsonObject = z.record(z.string(), Json);
const AwsCall = z.object({ operation: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+(\+[A-Za-z0-9]+)*$/), input: JsonObject });

export const ChangeSchema = z.object({
  id: z.string().min(1),
  rule: z.string(),
  service: z.enum(['aurora', 'lambda', 'dynamodb', 's3', 'cloudfront', 'vpc', 'logs', 'apigateway', 'budgets', 'cloudwatch']),
  region: z.string().nullable(),
  resource: z.string(),
  resourceName: z.string(),
  env: z.enum(['dev', 'staging', 'prod', 'unknown']),
  attribute: z.string(),
  operation: AwsCall.shape.operation,
  input: JsonObject,
  before: Json,
  after: Json,
  undo: AwsCall,
  monthlyDeltaUsd: z.number().nullable(),
  billed: z.object({ direction: z.enum(['raises', 'lowers', 'unchanged', 'depends']), quantity: z.string() }).optional(),
  refused: z.string().optional(),
  held: z.string().optional(),
  managedBy: z.object({ stack: z.string(), logicalId: z.string().nullable(), templateProperty: z.string() }).optional(),
  notes: z.array(z.string()).optional(),
  guard: z.literal('any').optional(),
});

/** The findings the plan came from, so the output after apply can show them before and after. */
export const PlanFindingSchema = z.object({
  rule: z.string(),
  resource: z.string(),
  resourceName: z.string(),
  message: z.string(),
  monthlyDeltaUsd: z.number().nullable(),
});

/** What the plan was made from, so apply can derive the same changes again. */
export const PlanSelectionSchema = z.object({
  /** What made the plan: 'fix' (the fixers), 'budgets' (cost-report budgets) or 'alarms' (validate alarms). */
  source: z.enum(['fix', 'budgets', 'alarms']),
  only: z.array(z.string()),
  resources: z.array(z.string()),
  allowDrift: z.boolean(),
  /** `fix --code-bucket`: where packages above Lambda's direct-upload limit are staged (absent: none named). */
  codeBucket: z.string().optional(),
  /** --include-increases: changes that raise the bill are planned to be sent (absent: held). */
  includeIncreases: z.boolean().optional(),
});

export const PlanSchema = z.object({
  kind: z.literal(PLAN_KIND),
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  id: z.string(),
  createdAt: z.string(),
  account: z.string().nullable(),
  env: z.string().nullable(),
  regions: z.array(z.string()),
  selection: PlanSelectionSchema,
  changes: z.array(ChangeSchema),
  findings: z.array(PlanFindingSchema),
});

export type Plan = z.infer<typeof PlanSchema>;
export type PlanFinding = z.infer<typeof PlanFindingSchema>;
export type PlanSelection = z.infer<typeof PlanSelectionSchema>;

/** The plan's id: a hash of its canonical content (everything but the id itself). */
export function planContentId(plan: Omit<Plan, 'id'> & { id?: string }): string {
  const content: Record<string, unknown> = { ...plan };
  delete content.id;
  return createHash('sha256').update(JSON.stringify(sortKeys(content))).digest('hex').slice(0, 16);
}

export function withContentId(plan: Omit<Plan, 'id'>): Plan {
  return { ...plan, id: planContentId(plan) } as Plan;
}

/** Changes that will be sent (neither refused nor held). */
export function applicableChanges(plan: Pick<Plan, 'changes'>): Plan['changes'] {
  return plan.changes.filter((c) => !c.refused && !c.held);
}

/** Changes held because they raise the bill (not refused for another reason). */
export function heldChanges(plan: Pick<Plan, 'changes'>): Plan['changes'] {
  return plan.changes.filter((c) => c.held && !c.refused);
}

/** What the held changes would add: the priced sum, and how many are unpriced (known to cost more). */
export function heldTotal(plan: Pick<Plan, 'changes'>): { count: number; monthlyDeltaUsd: number; unpriced: number } {
  const held = heldChanges(plan);
  const priced = held.filter((c) => c.monthlyDeltaUsd !== null).reduce((sum, c) => sum + (c.monthlyDeltaUsd ?? 0), 0);
  return { count: held.length, monthlyDeltaUsd: Math.round(priced * 100) / 100, unpriced: held.filter((c) => c.monthlyDeltaUsd === null).length };
}

/** Signed sum of the applicable changes' monthly deltas; `unpriced` counts those without a figure. */
export function planTotal(plan: Pick<Plan, 'changes'>): { monthlyDeltaUsd: number; unpriced: number } {
  let total = 0;
  let unpriced = 0;
  for (const change of applicableChanges(plan)) {
    if (change.monthlyDeltaUsd === null) unpriced++;
    else total += change.monthlyDeltaUsd;
  }
  return { monthlyDeltaUsd: Math.round(total * 100) / 100, unpriced };
}
