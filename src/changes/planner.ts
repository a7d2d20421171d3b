/**
 * Findings → plan. Each fixable finding goes through its fixer; the planner adds the finding's
 * identity and money, marks CloudFormation-managed resources, refuses values outside the services'
 * limits, and runs each fixer's own step over the whole plan (fixer.combine).
 */
import type { AccountSnapshot } from '../inventory/snapshot.js';
import type { Finding } from '../rules/types.js';
import type { FixableRuleId } from '../rules/finding-values.js';
import { matchesAny } from '../targets/glob.js';
import { tagsOf } from '../fixers/lookup.js';
import { fixerFor } from '../fixers/registry.js';
import type { ChangeDraft, FixerContext, TypedFinding } from '../fixers/types.js';
import { changeId, type Change } from './change.js';
import { holdIncreases } from './increases.js';
import { limitViolations } from './limits/index.js';
import { PLAN_KIND, PLAN_SCHEMA_VERSION, withContentId, type Plan, type PlanSelection } from './plan.js';

export const CFN_STACK_TAG = 'aws:cloudformation:stack-name';
export const CFN_LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';

export interface PlanOptions {
  /** --only: rule ids (or service prefixes like 'lambda'). */
  only?: string[];
  /** --resource: globs on the resource ARN/name. */
  resourcePatterns?: string[];
  /** --allow-drift: change CloudFormation-managed resources too. */
  allowDrift: boolean;
  /** --include-increases: changes that raise the bill are sent too (default: held). */
  includeIncreases?: boolean;
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

/** A value outside a service's documented limits is refused here, and checked again before sending. */
function refuseOutOfLimits(change: Change): Change {
  if (change.refused) return change;
  const violations = limitViolations(change);
  return violations.length ? { ...change, refused: `outside the service's limits: ${violations.join('; ')}` } : change;
}

export async function planChanges(findings: readonly Finding[], snapshot: AccountSnapshot, options: PlanOptions): Promise<{ selected: Finding[]; changes: Change[] }> {
  const selected = selectFindings(findings, options);
  let changes: Change[] = [];
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
    const own = drafts.map((draft, index) => {
      const delta = index === (carrier === -1 ? 0 : carrier) ? finding.monthlyDeltaUsd : 0;
      return toChange(finding, draft, delta, snapshot, options.allowDrift);
    });
    const billed = (fixer.billedEffect as (c: unknown, t: unknown) => Change['billed'])(finding.current, finding.target);
    for (const change of own) change.billed = billed;
    // Held before the fixers' own steps, so a step that folds changes together sees which are held.
    changes.push(...holdIncreases(own, Boolean(options.includeIncreases)));
  }
  const steps = new Set(selected.flatMap((f) => fixerFor(f.rule)?.combine ?? []));
  for (const combine of steps) changes = combine(changes);
  return { selected, changes: changes.map(refuseOutOfLimits) };
}

export function selectionOf(
  options: Pick<PlanOptions, 'only' | 'resourcePatterns' | 'allowDrift' | 'includeIncreases'> & { ctx?: Pick<FixerContext, 'codeBucket'> },
): PlanSelection {
  const codeBucket = options.ctx?.codeBucket;
  return {
    source: 'fix',
    only: [...(options.only ?? [])],
    resources: [...(options.resourcePatterns ?? [])],
    allowDrift: options.allowDrift,
    includeIncreases: Boolean(options.includeIncreases),
    ...(codeBucket ? { codeBucket } : {}),
  };
}

export async function buildPlan(findings: readonly Finding[], snapshot: AccountSnapshot, options: PlanOptions): Promise<Plan> {
  const { selected, changes } = await planChanges(findings, snapshot, options);
  return withContentId({
    kind: PLAN_KIND,
    schemaVersion: PLAN_SCHEMA_VERSION,
    createdAt: options.ctx.now.toISOString(),
    account: snapshot.account,
    env: options.env,
    regions: snapshot.regions,
    selection: selectionOf(options),
    changes,
    findings: selected.map((f) => ({ rule: f.rule, resource: f.resource, resourceName: f.resourceName, message: f.message, monthlyDeltaUsd: f.monthlyDeltaUsd })),
  });
}
