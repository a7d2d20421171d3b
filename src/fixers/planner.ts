/**
 * Findings → plan. Each fixable finding goes through its fixer; the planner adds the finding's
 * identity and money, marks CloudFormation-managed resources, and merges changes that would
 * overwrite each other (two lifecycle rules for one bucket become one configuration).
 */
import { createHash } from 'node:crypto';
import type { AccountSnapshot, LifecycleRule } from '../inventory/snapshot.js';
import type { Finding, JsonValue } from '../rules/types.js';
import { matchesAny } from '../targets/glob.js';
import { tagsOf } from './lookup.js';
import { PLAN_KIND, PLAN_SCHEMA_VERSION, type Plan } from './plan.js';
import { fixerFor } from './registry.js';
import { mergeLifecycleRules, putOrDeleteLifecycle } from './s3/lifecycle-rules.js';
import { lifecycleProblems } from './s3/lifecycle-check.js';
import type { Change, ChangeDraft, FixerContext, TypedFinding } from './types.js';
import type { FixableRuleId } from '../rules/finding-values.js';

export const CFN_STACK_TAG = 'aws:cloudformation:stack-name';
export const CFN_LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';

export interface PlanOptions {
  /** --only: rule ids (or service prefixes like 'lambda'). */
  only?: string[];
  /** --resource: globs on the resource ARN/name. */
  resourcePatterns?: string[];
  /** --allow-drift: change CloudFormation-managed resources too. */
  allowDrift: boolean;
  env: string | null;
  ctx: FixerContext;
}

export function selectFindings(findings: readonly Finding[], options: Pick<PlanOptions, 'only' | 'resourcePatterns'>): Finding[] {
  return findings.filter((finding) => {
    // A fixable rule's advisory findings (e.g. arm64 behind an x86-only layer) still reach the
    // plan, as refused changes, so the plan says why they are not applied.
    if (!fixerFor(finding.rule)) return false;
    if (options.only?.length && !options.only.some((o) => o === finding.rule || finding.rule.startsWith(`${o}/`))) return false;
    if (options.resourcePatterns?.length && !matchesAny(finding.resource, options.resourcePatterns) && !matchesAny(finding.resourceName, options.resourcePatterns)) return false;
    return true;
  });
}

function changeId(rule: string, resource: string, attribute: string, input: JsonValue): string {
  return createHash('sha256').update(JSON.stringify([rule, resource, attribute, input])).digest('hex').slice(0, 12);
}

function toChange(finding: Finding, draft: ChangeDraft, monthlyDeltaUsd: number | null, snapshot: AccountSnapshot, allowDrift: boolean): Change {
  const resource = draft.resource ?? finding.resource;
  const change: Change = {
    id: changeId(finding.rule, resource, draft.attribute, draft.input),
    rule: finding.rule,
    service: finding.service,
    region: finding.region,
    resource,
    resourceName: draft.resourceName ?? finding.resourceName,
    env: finding.env,
    attribute: draft.attribute,
    operation: draft.operation,
    input: draft.input,
    before: draft.before,
    after: draft.after,
    undo: draft.undo,
    monthlyDeltaUsd,
  };
  if (draft.refused) change.refused = draft.refused;
  if (draft.notes?.length) change.notes = draft.notes;
  const tags = tagsOf(snapshot, { resource, resourceName: change.resourceName, region: change.region });
  const stack = tags[CFN_STACK_TAG];
  if (stack) {
    const logicalId = tags[CFN_LOGICAL_ID_TAG] ?? null;
    change.managedBy = { stack, logicalId, templateProperty: draft.templateProperty };
    if (!allowDrift && !change.refused) {
      change.refused = `managed by CloudFormation stack ${stack}: change ${draft.templateProperty}${logicalId ? ` of ${logicalId}` : ''} in the template and deploy it (or pass --allow-drift)`;
    }
  }
  return change;
}

/** Two lifecycle changes for one bucket would overwrite each other: fold the later into the earlier. */
function mergeLifecycleChanges(changes: Change[]): Change[] {
  const out: Change[] = [];
  const byBucket = new Map<string, Change>();
  for (const change of changes) {
    const key = `${change.resource}|${change.attribute}`;
    const first = change.attribute === 'LifecycleConfiguration' ? byBucket.get(key) : undefined;
    if (!first || first.refused || change.refused) {
      if (change.attribute === 'LifecycleConfiguration' && !byBucket.has(key)) byBucket.set(key, change);
      out.push(change);
      continue;
    }
    const bucket = String(first.input.Bucket ?? first.resourceName);
    // The later change's own rules: those it adds or alters relative to its before-state.
    const laterBefore = (change.before ?? []) as LifecycleRule[];
    const laterOwn = ((change.after ?? []) as LifecycleRule[]).filter(
      (rule) => !laterBefore.some((b) => b.ID === rule.ID && JSON.stringify(b) === JSON.stringify(rule)),
    );
    const firstOwn = mergeLifecycleRules(first.after as LifecycleRule[] | null, laterOwn);
    const forward = putOrDeleteLifecycle(bucket, firstOwn);
    first.operation = forward.operation;
    first.input = forward.input;
    first.after = firstOwn as JsonValue[];
    first.notes = [...(first.notes ?? []), `also carries the lifecycle rules of ${change.rule} (one configuration per bucket)`];
    if (change.monthlyDeltaUsd !== null) first.monthlyDeltaUsd = (first.monthlyDeltaUsd ?? 0) + change.monthlyDeltaUsd;
    const problems = lifecycleProblems(firstOwn);
    if (problems.length) first.refused = `S3 would reject the merged lifecycle configuration: ${problems.join('; ')}`;
  }
  return out;
}

export async function buildPlan(findings: readonly Finding[], snapshot: AccountSnapshot, options: PlanOptions): Promise<Plan> {
  const selected = selectFindings(findings, options);
  const changes: Change[] = [];
  for (const finding of selected) {
    const fixer = fixerFor(finding.rule);
    if (!fixer) continue;
    const drafts = await (fixer.plan as (f: TypedFinding<FixableRuleId>, s: AccountSnapshot, c: FixerContext) => Promise<ChangeDraft[]>)(
      finding as TypedFinding<FixableRuleId>,
      snapshot,
      options.ctx,
    );
    if (!finding.fixable) {
      for (const draft of drafts) draft.refused ??= `not fixed automatically: ${finding.message}`;
    }
    // The finding's money rides on its first change that will be sent; the others carry 0.
    const carrier = drafts.findIndex((d) => !d.refused);
    drafts.forEach((draft, index) => {
      const delta = index === (carrier === -1 ? 0 : carrier) ? finding.monthlyDeltaUsd : 0;
      changes.push(toChange(finding, draft, delta, snapshot, options.allowDrift));
    });
  }
  const merged = mergeLifecycleChanges(changes);
  const createdAt = options.ctx.now.toISOString();
  return {
    kind: PLAN_KIND,
    schemaVersion: PLAN_SCHEMA_VERSION,
    id: createHash('sha256').update(JSON.stringify([createdAt, merged.map((c) => c.id)])).digest('hex').slice(0, 16),
    createdAt,
    account: snapshot.account,
    env: options.env,
    regions: snapshot.regions,
    changes: merged,
    findings: selected.map((f) => ({ rule: f.rule, resource: f.resource, resourceName: f.resourceName, message: f.message, monthlyDeltaUsd: f.monthlyDeltaUsd })),
  };
}
