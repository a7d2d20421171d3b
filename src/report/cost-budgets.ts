/** The budgets plan (and what --apply did) as text. */
import type { BudgetPlan } from '../cost/budgets.js';

export function renderBudgetPlan(plans: BudgetPlan[], applied: boolean): string {
  const lines: string[] = [];
  for (const plan of plans) {
    const head = `${plan.budget.name} (${plan.budget.env}, $${plan.budget.limitUsd.toFixed(2)}/month)`;
    if (!plan.actions.length) {
      lines.push(`${head}: up to date, nothing to change`);
      continue;
    }
    lines.push(`${head}: ${plan.actions.length} change(s)${applied ? ' applied' : ' planned'}`);
    for (const action of plan.actions) lines.push(`  ${applied ? '✓' : '+'} ${action.kind}: ${action.detail}`);
  }
  const pending = plans.reduce((n, p) => n + p.actions.length, 0);
  if (!applied && pending) lines.push('', 'Not applied: rerun with --apply');
  return lines.join('\n');
}
