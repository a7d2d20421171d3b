/** Plain-text views of a plan and of an apply's results (the command adds nothing but stdout). */
import type { JsonValue } from '../rules/types.js';
import type { ExecuteResult } from './executor.js';
import { planTotal, type Plan } from './plan.js';
import type { Verification } from './session.js';

export function formatUsd(value: number | null): string {
  if (value === null) return 'n/a (usage data needed)';
  const rounded = Math.round(value * 100) / 100;
  const sign = rounded < 0 ? '-' : rounded > 0 ? '+' : '±';
  return `${sign}$${Math.abs(rounded).toFixed(2)}/mo`;
}

export function formatValue(value: JsonValue): string {
  if (value === null) return 'none';
  if (typeof value !== 'object') return String(value);
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  const refused = plan.changes.filter((c) => c.refused).length;
  const applicable = plan.changes.length - refused;
  lines.push(`Plan ${plan.id} for ${plan.env ?? 'all environments'} (account ${plan.account ?? 'unknown'}): ${applicable} change(s) to apply, ${refused} refused`);
  if (!plan.changes.length) lines.push('Nothing to change: no fixable findings.');
  for (const change of plan.changes) {
    const where = change.region ? ` (${change.region})` : '';
    lines.push('');
    lines.push(`${change.refused ? 'REFUSED ' : ''}${change.rule}  ${change.resourceName}${where}`);
    lines.push(`  ${change.attribute}: ${formatValue(change.before)} → ${formatValue(change.after)}   ${formatUsd(change.monthlyDeltaUsd)}${change.refused ? ' (not in the total)' : ''}`);
    lines.push(`  via ${change.operation}`);
    if (change.refused) lines.push(`  not applied: ${change.refused}`);
    if (change.managedBy && !change.refused) lines.push(`  CloudFormation stack ${change.managedBy.stack} (applied anyway: --allow-drift); template: ${change.managedBy.templateProperty}`);
    for (const note of change.notes ?? []) lines.push(`  note: ${note}`);
  }
  const total = planTotal(plan);
  lines.push('');
  lines.push(`Total: ${formatUsd(total.monthlyDeltaUsd)}${total.unpriced ? ` (${total.unpriced} change(s) not priced)` : ''}`);
  return lines.join('\n');
}

export function renderResults(result: ExecuteResult): string {
  const lines = ['', 'Applied:'];
  for (const r of result.results) {
    const text = r.error ?? r.detail ?? '';
    lines.push(`  ${r.outcome.padEnd(13)} ${r.change.rule}  ${r.change.resourceName}  ${r.change.attribute}${text ? `  ${text}` : ''}`);
  }
  const c = result.counts;
  lines.push(`${c.applied} applied, ${c['skipped-drift']} skipped (drift), ${c.failed} failed, ${c.refused} refused, ${c['not-attempted']} not attempted`);
  lines.push(`Journal: ${result.journalPath}`);
  return lines.join('\n');
}

export function renderVerification(verification: Verification): string {
  const lines = ['', 'Re-audit of the changed resources:'];
  lines.push(`  before: ${verification.before.length} finding(s)`);
  for (const f of verification.before) lines.push(`    ${f.rule}  ${f.resourceName}  ${f.message}`);
  lines.push(`  after:  ${verification.after.length} finding(s)`);
  for (const f of verification.after) lines.push(`    ${f.rule}  ${f.resourceName}  ${f.message}`);
  if (verification.otherRules) {
    lines.push(`  (${verification.otherRules} other finding(s) on these resources come from rules outside this plan: \`clinnet-opt audit\` lists them)`);
  }
  return lines.join('\n');
}
