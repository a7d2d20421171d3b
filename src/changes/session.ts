/**
 * The fix pipeline for the command layer: collect → audit → plan; or load a plan file and derive
 * it again from the account; apply (journal, drift guard) → collect again → re-audit. No printing.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { usageError } from '../errors.js';
import { resourceExists } from '../fixers/lookup.js';
import { codeInspector } from '../fixers/lambda/code-package.js';
import { collectSnapshot } from '../inventory/collect.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { runRules } from '../rules/engine.js';
import type { Finding, RuleSettings } from '../rules/types.js';
import type { TargetProfile } from '../targets/design.js';
import { envChoices, normalizeEnv, type Env } from '../targets/environment.js';
import type { Change } from './change.js';
import { derivePlan, type Derivation } from './derive.js';
import type { ExecuteResult, ExecutionItem } from './executor.js';
import type { Plan, PlanFinding } from './plan.js';
import { buildPlan, planChanges } from './planner.js';

export interface AuditInputs {
  factory: ClientFactory;
  regions: string[];
  env: Env | undefined;
  targets: TargetProfile;
  settings: RuleSettings;
  concurrency?: number;
}

export interface AuditedAccount {
  snapshot: AccountSnapshot;
  /** The findings of the environment asked for. */
  findings: Finding[];
  /** The findings of every environment. */
  allFindings: Finding[];
}

export async function auditAccount(inputs: AuditInputs): Promise<AuditedAccount> {
  const snapshot = await collectSnapshot(inputs.factory, { regions: inputs.regions, env: inputs.env, concurrency: inputs.concurrency ?? 4 });
  const findings = runRules({ snapshot, targets: inputs.targets, settings: inputs.settings, onlyEnv: inputs.env });
  const allFindings = inputs.env ? runRules({ snapshot, targets: inputs.targets, settings: inputs.settings }) : findings;
  return { snapshot, findings, allFindings };
}

export interface PlanInputs {
  only?: string[];
  resourcePatterns?: string[];
  allowDrift: boolean;
  /** --include-increases: send the changes that raise the bill too. */
  includeIncreases?: boolean;
  now: Date;
  env: Env | undefined;
  /** Live planning: the code packages can be inspected. Absent offline. */
  factory?: ClientFactory;
  /** `fix --code-bucket`. */
  codeBucket?: string;
  /** `fix --template FILE`: the line that declares a logical ID, for refusals of stack-managed changes. */
  locateInTemplate?: (logicalId: string) => string | undefined;
}

function fixerContext(inputs: Pick<PlanInputs, 'now' | 'factory' | 'codeBucket'>) {
  return { now: inputs.now, ...(inputs.factory ? { inspectLambdaCode: codeInspector(inputs.factory) } : {}), ...(inputs.codeBucket ? { codeBucket: inputs.codeBucket } : {}) };
}

export async function planFromFindings(findings: readonly Finding[], snapshot: AccountSnapshot, inputs: PlanInputs): Promise<Plan> {
  return buildPlan(findings, snapshot, {
    only: inputs.only,
    resourcePatterns: inputs.resourcePatterns,
    allowDrift: inputs.allowDrift,
    includeIncreases: inputs.includeIncreases,
    ...(inputs.locateInTemplate ? { locateInTemplate: inputs.locateInTemplate } : {}),
    env: inputs.env ?? null,
    ctx: fixerContext(inputs),
  });
}

/** The account the credentials belong to. */
export async function callerAccount(factory: ClientFactory, region: string | undefined): Promise<string | undefined> {
  const { Account } = await factory.sts(region ?? (await factory.resolveDefaultRegion()) ?? 'us-east-1').send(new GetCallerIdentityCommand({}));
  return Account;
}

/** A plan or journal names its account: changing another account with it, or with none named, is refused. */
export async function assertSameAccount(factory: ClientFactory, expected: string | null, what: string, region: string | undefined): Promise<void> {
  if (!expected) throw usageError(`${what} names no account: it cannot be applied; make a new plan against the live account`);
  const account = await callerAccount(factory, region);
  if (account !== expected) {
    throw usageError(`${what} was made for account ${expected}, but these credentials are for account ${account ?? 'unknown'}: use that account's profile, or --account ${expected} from the organization's management account`);
  }
}

export interface DerivedPlan {
  items: ExecutionItem[];
  derivation: Derivation;
  /** The account as read for the derivation. */
  snapshot: AccountSnapshot;
}

/**
 * Reads the account again and derives the plan's changes from it with the plan's own selection;
 * refuses the whole plan (exit 2) on any difference but drift.
 */
export async function derivePlanFromAccount(plan: Plan, file: string, inputs: Omit<AuditInputs, 'env' | 'regions'> & { now: Date }): Promise<DerivedPlan> {
  const env = normalizeEnv(plan.env, inputs.targets.environments) ?? undefined;
  if (plan.env && !env) throw usageError(`${file}: the plan's environment "${plan.env}" is not ${envChoices(inputs.targets.environments)}`);
  await assertSameAccount(inputs.factory, plan.account, file, plan.changes.find((c) => c.region)?.region ?? plan.regions[0]);
  const audited = await auditAccount({ ...inputs, env, regions: plan.regions });
  const { changes } = await planChanges(audited.findings, audited.snapshot, {
    only: plan.selection.only,
    resourcePatterns: plan.selection.resources,
    allowDrift: plan.selection.allowDrift,
    includeIncreases: plan.selection.includeIncreases,
    env: plan.env,
    ctx: fixerContext({ now: inputs.now, factory: inputs.factory, codeBucket: plan.selection.codeBucket }),
  });
  const derivation = derivePlan(
    plan,
    { changes, allFindings: audited.allFindings, hasResource: (change: Change) => resourceExists(audited.snapshot, change) },
    file,
  );
  return { items: derivation.items, derivation, snapshot: audited.snapshot };
}

/** Whether applying these needs prod consent: decided by each resource's environment as read from the account. */
export function touchesProd(items: readonly ExecutionItem[]): boolean {
  return items.some((item) => !item.skip && !item.change.refused && !item.change.held && item.change.env === 'prod');
}

export { applyItems, type ApplyInputs } from './apply.js';

export interface Verification {
  /** The plan's findings on the changed resources, before. */
  before: PlanFinding[];
  /** Findings on the changed resources after the re-audit, of the rules the plan covered (so the two lists compare). */
  after: Finding[];
  /** Findings on the changed resources of rules the plan did not cover (no fixer, or left out by --only). */
  otherRules: number;
  /** Findings of rules whose change was applied and that are still there. */
  notFixed: Finding[];
}

const key = (rule: string, resource: string): string => `${rule}|${resource}`;

/** Collects the account again and re-audits the resources the run changed. */
export async function verifyApplied(plan: Plan, result: ExecuteResult, inputs: AuditInputs): Promise<Verification> {
  const applied = result.results.filter((r) => r.outcome === 'applied').map((r) => r.change);
  const changedResources = new Set(applied.map((c) => c.resource));
  const appliedRules = new Set(applied.map((c) => key(c.rule, c.resource)));
  if (!changedResources.size) return { before: [], after: [], otherRules: 0, notFixed: [] };
  const { findings } = await auditAccount({ ...inputs, regions: inputs.regions.length ? inputs.regions : plan.regions });
  const planRules = new Set(plan.findings.map((f) => f.rule));
  const onChanged = findings.filter((f) => changedResources.has(f.resource));
  const after = onChanged.filter((f) => planRules.has(f.rule));
  return {
    before: plan.findings.filter((f) => changedResources.has(f.resource)),
    after,
    otherRules: onChanged.length - after.length,
    notFixed: after.filter((f) => f.fixable && appliedRules.has(key(f.rule, f.resource))),
  };
}
