/**
 * The fix pipeline end to end, for the command layer: collect → audit → plan; apply (journal,
 * drift guard) → collect the changed resources' services again → re-audit. No printing here.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { usageError } from '../errors.js';
import { collectSnapshot } from '../inventory/collect.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { runRules } from '../rules/engine.js';
import type { Finding, RuleSettings } from '../rules/types.js';
import type { Env } from '../targets/environment.js';
import type { TargetProfile } from '../targets/design.js';
import { executeChanges, type ExecuteEvent, type ExecuteResult } from './executor.js';
import { JournalWriter } from './journal.js';
import { codeInspector } from './lambda/code-package.js';
import type { Plan, PlanFinding } from './plan.js';
import { buildPlan } from './planner.js';
import type { Change } from './types.js';

export interface AuditInputs {
  factory: ClientFactory;
  regions: string[];
  env: Env | undefined;
  targets: TargetProfile;
  settings: RuleSettings;
  concurrency?: number;
}

export async function auditAccount(inputs: AuditInputs): Promise<{ snapshot: AccountSnapshot; findings: Finding[] }> {
  const snapshot = await collectSnapshot(inputs.factory, { regions: inputs.regions, env: inputs.env, concurrency: inputs.concurrency ?? 4 });
  const findings = runRules({ snapshot, targets: inputs.targets, settings: inputs.settings, onlyEnv: inputs.env });
  return { snapshot, findings };
}

export interface PlanInputs extends AuditInputs {
  only?: string[];
  resourcePatterns?: string[];
  allowDrift: boolean;
  now: Date;
}

export async function planFromFindings(
  findings: readonly Finding[],
  snapshot: AccountSnapshot,
  inputs: Pick<PlanInputs, 'only' | 'resourcePatterns' | 'allowDrift' | 'now' | 'env'> & { factory?: ClientFactory },
): Promise<Plan> {
  return buildPlan(findings, snapshot, {
    only: inputs.only,
    resourcePatterns: inputs.resourcePatterns,
    allowDrift: inputs.allowDrift,
    env: inputs.env ?? null,
    ctx: { now: inputs.now, ...(inputs.factory ? { inspectLambdaCode: codeInspector(inputs.factory) } : {}) },
  });
}

/** A plan or journal names its account: changing another account with it is refused. */
export async function assertSameAccount(factory: ClientFactory, expected: string | null, what: string, region: string | undefined): Promise<void> {
  if (!expected) return;
  const { Account } = await factory.sts(region ?? (await factory.resolveDefaultRegion()) ?? 'us-east-1').send(new GetCallerIdentityCommand({}));
  if (Account && Account !== expected) {
    throw usageError(`${what} was made for account ${expected}, but these credentials are for account ${Account}: use the right profile`);
  }
}

export interface ApplyInputs {
  factory: ClientFactory;
  journalPath: string;
  continueOnError: boolean;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  onEvent?: (event: ExecuteEvent) => void;
}

export async function applyPlan(plan: Plan, inputs: ApplyInputs): Promise<ExecuteResult> {
  const journal = new JournalWriter(inputs.journalPath);
  try {
    return await executeChanges(plan.changes as Change[], {
      factory: inputs.factory,
      journal,
      header: { mode: 'apply', account: plan.account, env: plan.env, planId: plan.id },
      continueOnError: inputs.continueOnError,
      sleep: inputs.sleep,
      pollMs: inputs.pollMs,
      onEvent: inputs.onEvent,
    });
  } finally {
    journal.close();
  }
}

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
