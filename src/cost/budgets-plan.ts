/**
 * `cost-report budgets` on the change engine: the budgets' changes as a Plan v2 (selection.source
 * 'budgets'); a plan file derived again from the account (only equal changes are sent, drift is
 * skipped, any other difference refuses the whole file); apply with a journal, the drift guard and
 * the read-back, so `clinnet-opt rollback JOURNAL` undoes it. No printing.
 */
import type { ClientFactory } from '../aws/clients.js';
import { usageError } from '../errors.js';
import type { Change } from '../changes/change.js';
import { derivePlan, type Derivation } from '../changes/derive.js';
import { executeChanges, type ExecuteEvent, type ExecuteResult, type ExecutionItem } from '../changes/executor.js';
import { JournalWriter } from '../changes/journal.js';
import { budgetArn, budgetChangeIdentity, BUDGETS_REGION, registerBudgetOperations, sameNotification, sameSubscriber } from '../changes/operations/budgets.js';
import { sameState } from '../changes/operations/index.js';
import { PLAN_KIND, PLAN_SCHEMA_VERSION, withContentId, type Plan } from '../changes/plan.js';
import type { Notification, Subscriber } from '@aws-sdk/client-budgets';
import { budgetChanges, NOTIFICATIONS, notificationOf, type BudgetChangeSet, type DesiredBudget } from './budgets.js';

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

export interface BudgetsApplyInputs {
  factory: ClientFactory;
  journalPath: string;
  continueOnError: boolean;
  sleep?: (ms: number) => Promise<void>;
  onEvent?: (event: ExecuteEvent) => void;
}

/** Applies through the change engine, journaled. */
export async function applyBudgets(plan: Pick<Plan, 'account' | 'env' | 'id'>, items: readonly ExecutionItem[], inputs: BudgetsApplyInputs): Promise<ExecuteResult> {
  const journal = new JournalWriter(inputs.journalPath);
  try {
    return await executeChanges(items, {
      factory: inputs.factory,
      journal,
      header: { mode: 'apply', account: plan.account, env: plan.env, planId: plan.id },
      continueOnError: inputs.continueOnError,
      sleep: inputs.sleep,
      onEvent: inputs.onEvent,
    });
  } finally {
    journal.close();
  }
}
