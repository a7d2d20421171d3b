/**
 * `cost-report budgets` on the change engine: the budgets' changes as a Plan v2 (selection.source
 * 'budgets'); a plan file derived again from the account (only equal changes are sent, drift is
 * skipped, any other difference refuses the whole file); apply with a journal, the drift guard and
 * the read-back, so `clinnet-opt rollback JOURNAL` undoes it. No printing.
 */
import { applyItems } from '../changes/apply.js';
import type { ClientFactory } from '../aws/clients.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import type { Change } from '../changes/change.js';
import { derivePlan, type Derivation } from '../changes/derive.js';
import type { ExecuteResult, ExecutionItem } from '../changes/executor.js';
import { budgetArn, budgetChangeIdentity, BUDGETS_REGION, registerBudgetOperations, sameNotification, sameSubscriber } from '../changes/operations/budgets.js';
import { sameState } from '../changes/operations/index.js';
import { loadPlan } from '../changes/plan-file.js';
import { PLAN_KIND, PLAN_SCHEMA_VERSION, withContentId, type Plan } from '../changes/plan.js';
import { envChoices, normalizeEnv, type Env } from '../targets/environment.js';
import type { Notification, Subscriber } from '@aws-sdk/client-budgets';
import { budgetChanges, desiredBudgets, NOTIFICATIONS, notificationOf, type BudgetChangeSet, type DesiredBudget } from './budgets.js';
import type { CostConfig } from './config-schema.js';

registerBudgetOperations();

/** What a refusal tells the user to run. */
export const BUDGETS_REMAKE = 'clinnet-opt cost-report budgets --plan-out FILE';

export async function readBudgets(factory: ClientFactory, account: string, desired: readonly DesiredBudget[]): Promise<BudgetChangeSet[]> {
  const sets: BudgetChangeSet[] = [];
  for (const budget of desired) sets.push(await budgetChanges(factory, account, budget));
  return sets;
}

export function buildBudgetsPlan(sets: readonly BudgetChangeSet[], options: { account: string; env: string | null; now: Date }): Plan {
  return withContentId({
    kind: PLAN_KIND,
    schemaVersion: PLAN_SCHEMA_VERSION,
    createdAt: options.now.toISOString(),
    account: options.account,
    env: options.env,
    regions: [BUDGETS_REGION],
    selection: { source: 'budgets', only: [], resources: [], allowDrift: false },
    changes: sets.flatMap((set) => set.changes),
    findings: [],
  });
}

/** A plan file is applied by the command that made it, to the account it was made for. */
export function checkBudgetsPlan(plan: Plan, file: string, account: string): void {
  if (plan.selection.source !== 'budgets') throw usageError(`${file} is a \`fix\` plan: apply it with \`clinnet-opt fix --apply ${file}\``);
  if (!plan.account) throw usageError(`${file} names no account: it cannot be applied; make a new plan with \`${BUDGETS_REMAKE}\``);
  if (plan.account !== account) throw usageError(`${file} was made for account ${plan.account}, but these credentials are for account ${account}: use the right profile`);
}

/**
 * Whether a change the fresh reading does not give is still one the desired state could give (so it
 * was done or undone since the plan: skipped), or names a budget, alert or subscriber outside it (refused).
 */
function wantedBy(desired: readonly DesiredBudget[], account: string) {
  return (change: Change): boolean => {
    const budget = desired.find((d) => budgetArn(account, d.name) === change.resource);
    if (!budget || change.service !== 'budgets') return false;
    if (change.attribute === 'Budget') return true;
    const notification = change.input.Notification as unknown as Notification | undefined;
    if (!notification || !NOTIFICATIONS.some((n) => sameNotification(notificationOf(n), notification))) return false;
    if (change.attribute === 'Notification') return true;
    if (change.attribute !== 'Subscriber') return false;
    const subscriber = change.input.Subscriber as unknown as Subscriber | undefined;
    return change.operation === 'budgets:DeleteSubscriber' || Boolean(subscriber && budget.subscribers.some((s) => sameSubscriber(s, subscriber)));
  };
}

/**
 * Derives the plan file's changes again from the account as it is now: each recorded change is
 * sent only if the account gives the same one; one whose before-state moved is skipped (drift, or
 * "already as wanted" where it now reads as its after-state); any other difference refuses the file.
 */
export function deriveBudgetsPlan(plan: Plan, file: string, sets: readonly BudgetChangeSet[], account: string): Derivation {
  const desired = sets.map((set) => set.budget);
  const selected = new Set(desired.map((d) => budgetArn(account, d.name)));
  (plan.changes as Change[]).forEach((change, index) => {
    if (change.service === 'budgets' && selected.has(change.resource)) return;
    throw usageError(
      `${file}: refused, nothing sent: change ${index + 1} (${change.rule} ${change.resourceName} ${change.attribute}) is not one of the budgets the plan's selection gives now (${desired.map((d) => d.name).join(', ')} for ${plan.env ?? 'all environments'}); make a new plan with \`${BUDGETS_REMAKE}\``,
    );
  });
  const needed = sets.flatMap((set) => set.changes);
  const derivation = derivePlan(
    plan,
    { changes: [...needed, ...sets.flatMap((set) => set.unchanged)], allFindings: [], hasResource: wantedBy(desired, account) },
    file,
    { identity: budgetChangeIdentity, remake: BUDGETS_REMAKE },
  );
  const items = derivation.items.map((item): ExecutionItem => {
    if (!item.skip || item.skip.found === undefined || !sameState(item.change.attribute, item.skip.found, item.change.after)) return item;
    return { change: item.change, skip: { found: item.skip.found, alreadyDone: true, detail: 'already as wanted: nothing sent' } };
  });
  const planned = new Set((plan.changes as Change[]).map(budgetChangeIdentity));
  return { items, notInPlan: needed.filter((change) => !planned.has(budgetChangeIdentity(change))).length };
}

/** Applies through the change engine, journaled. */
export const applyBudgets = applyItems;

export interface BudgetsInputs {
  factory: ClientFactory;
  /** The account the credentials belong to. */
  account: () => Promise<string>;
  config: CostConfig | undefined;
  tagKey: string;
  /** --env; a plan file's own environment is used when it has one. */
  env: Env | null;
  /** --apply FILE. */
  planFile?: string;
  applying: boolean;
  now: Date;
}

export interface PreparedBudgets {
  /** The plan to show and apply: made now, or the file's. */
  plan: Plan;
  fromFile: boolean;
  /** The budgets as read now. */
  sets: BudgetChangeSet[];
  /** What apply sends: the plan's changes, or those derived again from the account for a plan file. */
  items: ExecutionItem[];
  /** Changes the budgets need now that the plan file does not carry (not applied). */
  notInPlan: number;
  warnings: string[];
}

/** Reads the budgets and makes the plan, or loads a plan file and derives it again from the account. */
export async function prepareBudgets(inputs: BudgetsInputs): Promise<PreparedBudgets> {
  const file = inputs.planFile;
  const recorded = file ? await loadPlan(file) : null;
  let env = inputs.env;
  if (recorded && file) {
    if (env && recorded.env && recorded.env !== env) throw usageError(`${file} is a plan for ${recorded.env}, not ${env}`);
    env = normalizeEnv(recorded.env) ?? null;
    if (recorded.env && !env) throw usageError(`${file}: the plan's environment "${recorded.env}" is not ${envChoices()}`);
  }
  const desired = desiredBudgets(inputs.config, inputs.tagKey, env);
  if (!desired.length) throw usageError(`no budget to manage${env ? ` for ${env}` : ''}: set cost.budgets.environments.<env>.limitUsd in the config`);
  const warnings: string[] = [];
  if (!desired[0].subscribers.length) {
    if (inputs.applying) throw usageError('budget alerts need somewhere to go: set cost.budgets.snsTopicArn or cost.budgets.emails in the config');
    warnings.push('no cost.budgets.snsTopicArn or cost.budgets.emails in the config: the budgets would have no alerts');
  }
  const account = await inputs.account();
  if (recorded && file) {
    checkBudgetsPlan(recorded, file, account);
    const sets = await readBudgets(inputs.factory, account, desired);
    const derivation = deriveBudgetsPlan(recorded, file, sets, account);
    return { plan: recorded, fromFile: true, sets, items: derivation.items, notInPlan: derivation.notInPlan, warnings };
  }
  const sets = await readBudgets(inputs.factory, account, desired);
  const plan = buildBudgetsPlan(sets, { account, env, now: inputs.now });
  return { plan, fromFile: false, sets, items: plan.changes.map((change) => ({ change })), notInPlan: 0, warnings };
}

/** Whether anything is left to send. */
export const hasWork = (items: readonly ExecutionItem[]): boolean => items.some((item) => !item.skip && !item.change.refused);

/** The exit an apply ends with: 4 when a change failed or ended unknown (journal named), 1 for drift, else none. */
export function budgetsApplyError(items: readonly ExecutionItem[], result: ExecuteResult | null, what: string): CliError | null {
  if (!result) {
    if (items.some((item) => item.skip && !item.skip.alreadyDone)) return new CliError(`every change of ${what} was skipped because its budget changed since the plan; make a new plan with \`${BUDGETS_REMAKE}\``, ExitCode.findings);
    return null;
  }
  if (result.failed) {
    const unknown = result.counts.unknown ? `, ${result.counts.unknown} with an unknown outcome (AWS may have made them)` : '';
    return new CliError(`${result.counts.failed} budget change(s) failed${unknown}; the journal ${result.journalPath} records what changed: run \`clinnet-opt rollback ${result.journalPath}\` to undo it`, ExitCode.partial);
  }
  const drifted = result.results.filter((r) => r.outcome === 'skipped-drift' && !r.alreadyDone).length;
  return drifted ? new CliError(`${drifted} budget change(s) were skipped because the budget changed since the plan; make a new plan with \`${BUDGETS_REMAKE}\``, ExitCode.findings) : null;
}
