/**
 * `fix` end to end, for the command layer: plan (live, offline, or a plan file derived again from
 * the account), ask for consent through a hook, apply, re-audit, validate. Returns data; the command
 * prints it and turns it into an exit code.
 */
import type { ClientFactory } from '../aws/clients.js';
import { usageError } from '../errors.js';
import { assertInventoryRead } from '../inventory/completeness.js';
import { loadSnapshot } from '../inventory/snapshot-file.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { runRules } from '../rules/engine.js';
import type { RuleSettings } from '../rules/types.js';
import type { TargetProfile } from '../targets/design.js';
import { normalizeEnv, type Env } from '../targets/environment.js';
import { validateAfterApply, type AfterApplyValidation } from '../validate/after-apply.js';
import type { ExecuteEvent, ExecuteResult, ExecutionItem } from './executor.js';
import { loadPlan } from './plan-file.js';
import type { Plan } from './plan.js';
import { applyItems, auditAccount, derivePlanFromAccount, planFromFindings, verifyApplied, type Verification } from './session.js';

export interface FixRequest {
  factory: ClientFactory;
  env: Env | undefined;
  regions: string[];
  targets: TargetProfile;
  settings: RuleSettings;
  only?: string[];
  resources?: string[];
  allowDrift: boolean;
  /** Plan from what could be read when a service's inventory could not be listed (else exit 3). */
  allowGaps: boolean;
  /** `--code-bucket`: S3 bucket for Lambda packages above the direct-upload limit. */
  codeBucket?: string;
  /** --include-increases: send the changes that raise the bill too (default: held, listed in the plan). */
  includeIncreases: boolean;
  /** `--template FILE`: names the line that declares each stack-managed resource in its refusal. */
  locateInTemplate?: (logicalId: string) => string | undefined;
  /** Plan offline from this snapshot file (no apply). */
  snapshotFile?: string;
  /** The account of a snapshot file of several to plan for (`fix --snapshot FILE --account ID`). */
  snapshotAccount?: string;
  /** Apply this plan file (derived again from the account). */
  planFile?: string;
  apply: boolean;
  continueOnError: boolean;
  journalPath: () => string;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface FixHooks {
  /** The plan as made or loaded, before anything is applied (the command prints it, writes --plan-out). */
  onPlan: (plan: Plan) => Promise<void>;
  /** Consent for these items; throws to stop. */
  confirm: (plan: Plan, items: readonly ExecutionItem[]) => Promise<void>;
  onEvent?: (event: ExecuteEvent) => void;
  onNotice?: (text: string) => void;
}

export type FixRun =
  | { kind: 'planned'; plan: Plan }
  | { kind: 'nothing'; plan: Plan; drifted: number }
  | { kind: 'applied'; plan: Plan; result: ExecuteResult; verification: Verification | null; validation: AfterApplyValidation | null };

const applicable = (items: readonly ExecutionItem[]): number => items.filter((i) => !i.skip && !i.change.refused).length;
/** Held changes are in the plan (and its file) but never reach the executor. */
const unheld = (items: readonly ExecutionItem[]): ExecutionItem[] => items.filter((i) => !i.change.held);

async function makePlan(request: FixRequest): Promise<{ plan: Plan; snapshot: AccountSnapshot | null }> {
  const { targets, settings, env } = request;
  if (!request.snapshotFile && !request.regions.length) {
    const region = await request.factory.resolveDefaultRegion();
    if (!region) throw usageError('no region: pass --region or set AWS_REGION');
    request.regions.push(region);
  }
  const offline = request.snapshotFile ? await loadSnapshot(request.snapshotFile, request.snapshotAccount) : null;
  const { snapshot, findings } = offline
    ? { snapshot: offline, findings: runRules({ snapshot: offline, targets, settings, onlyEnv: env }) }
    : await auditAccount({ factory: request.factory, regions: request.regions, env, targets, settings });
  // No plan from an account whose inventory was not read (exit 3), unless --allow-gaps.
  assertInventoryRead(snapshot.coverageGaps, { allowGaps: request.allowGaps, what: request.snapshotFile ? `snapshot ${request.snapshotFile}` : 'the account' });
  const plan = await planFromFindings(findings, snapshot, {
    only: request.only,
    resourcePatterns: request.resources,
    allowDrift: request.allowDrift,
    includeIncreases: request.includeIncreases,
    ...(request.locateInTemplate ? { locateInTemplate: request.locateInTemplate } : {}),
    now: request.now(),
    env,
    ...(request.codeBucket ? { codeBucket: request.codeBucket } : {}),
    ...(offline ? {} : { factory: request.factory }),
  });
  return { plan, snapshot: offline ? null : snapshot };
}

export async function runFixPipeline(request: FixRequest, hooks: FixHooks): Promise<FixRun> {
  let plan: Plan;
  let items: ExecutionItem[];
  let before: AccountSnapshot | null;
  if (request.planFile) {
    plan = await loadPlan(request.planFile);
    if (request.env && plan.env && plan.env !== request.env) throw usageError(`${request.planFile} is a plan for ${plan.env}, not ${request.env}`);
    await hooks.onPlan(plan);
    // Every change is derived again from the account; only the equal ones are sent.
    const derived = await derivePlanFromAccount(plan, request.planFile, { factory: request.factory, targets: request.targets, settings: request.settings, now: request.now() });
    // A change can only be derived again from an account that was read whole.
    assertInventoryRead(derived.snapshot.coverageGaps, { allowGaps: request.allowGaps, what: 'the account' });
    if (derived.derivation.notInPlan) hooks.onNotice?.(`${derived.derivation.notInPlan} change(s) the account needs now are not in ${request.planFile}: not applied (make a new plan to see them)`);
    items = unheld(derived.items);
    before = derived.snapshot;
  } else {
    ({ plan, snapshot: before } = await makePlan(request));
    await hooks.onPlan(plan);
    if (!request.apply) return { kind: 'planned', plan };
    items = unheld(plan.changes.map((change) => ({ change })));
  }
  if (!applicable(items)) return { kind: 'nothing', plan, drifted: items.filter((i) => i.skip && !i.skip.alreadyDone).length };
  await hooks.confirm(plan, items);
  const result = await applyItems(plan, items, {
    factory: request.factory,
    journalPath: request.journalPath(),
    continueOnError: request.continueOnError,
    sleep: request.sleep,
    onEvent: hooks.onEvent,
  });
  if (result.counts.applied === 0) return { kind: 'applied', plan, result, verification: null, validation: null };
  const regions = request.regions.length ? request.regions : plan.regions;
  const env = request.env ?? normalizeEnv(plan.env, request.targets.environments) ?? undefined;
  const verification = await verifyApplied(plan, result, { factory: request.factory, regions, env, targets: request.targets, settings: request.settings });
  const validation = await validateAfterApply({ factory: request.factory, before, regions, env, targets: request.targets });
  return { kind: 'applied', plan, result, verification, validation };
}
