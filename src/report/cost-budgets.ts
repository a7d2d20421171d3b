/** The budgets plan (one line per budget, then every change with every request field) as text. */
import type { Plan } from '../changes/plan.js';
import { notificationLabel, NOTIFICATIONS, type BudgetChangeSet } from '../cost/budgets.js';
import { renderPlan } from './plan.js';

function subscribersText(set: BudgetChangeSet): string {
  return set.budget.subscribers.map((s) => `${s.SubscriptionType === 'SNS' ? 'SNS' : 'e-mail'} ${s.Address}`).join(', ') || 'no subscribers';
}

/** Per budget: up to date, or how many changes and what they are for. */
export function renderBudgetSummary(sets: readonly BudgetChangeSet[]): string {
  return sets
    .map((set) => {
      const head = `${set.budget.name} (${set.budget.env}, $${set.budget.limitUsd.toFixed(2)}/month)`;
      if (!set.changes.length) return `${head}: up to date, nothing to change`;
      const what = set.exists ? set.changes.map((c) => c.operation.replace('budgets:', '')).join(', ') : `create on tag ${set.budget.tagKey}=${set.budget.tagValues.join('|')}; alerts at ${NOTIFICATIONS.map(notificationLabel).join(' and ')} to ${subscribersText(set)}`;
      return `${head}: ${set.changes.length} change(s) planned: ${what}`;
    })
    .join('\n');
}

/** The summary, then the plan with every request field (what --apply sends). */
export function renderBudgetsPlan(sets: readonly BudgetChangeSet[], plan: Plan): string {
  const summary = renderBudgetSummary(sets);
  return plan.changes.length ? `${summary}\n\n${renderPlan(plan)}` : summary;
}
