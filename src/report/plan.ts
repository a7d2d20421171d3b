/**
 * Views of a plan and of an apply's results. What you see is what is sent: every field of every
 * request (and of its undo) is printed whole, from the same change data the executor sends.
 */
import type { Change } from '../changes/change.js';
import type { ExecuteResult } from '../changes/executor.js';
import { planTotal, type Plan } from '../changes/plan.js';
import type { Verification } from '../changes/session.js';
import type { JsonValue } from '../rules/types.js';

export function formatUsd(value: number | null): string {
  if (value === null) return 'n/a (usage data needed)';
  const rounded = Math.round(value * 100) / 100;
  const sign = rounded < 0 ? '-' : rounded > 0 ? '+' : '±';
  return `${sign}$${Math.abs(rounded).toFixed(2)}/mo`;
}

const whole = (value: JsonValue): string => (value === null ? 'none' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** One line per request field, the value as JSON (strings quoted), never cut. */
function requestLines(input: Change['input'], indent: string): string[] {
  return Object.entries(input).map(([field, value]) => `${indent}${field}: ${JSON.stringify(value)}`);
}

function header(plan: Plan): string {
  const refused = plan.changes.filter((c) => c.refused).length;
  const applicable = plan.changes.length - refused;
  return `Plan ${plan.id} for ${plan.env ?? 'all environments'} (account ${plan.account ?? 'unknown'}): ${applicable} change(s) to apply, ${refused} refused`;
}

function totalLine(plan: Plan): string {
  const total = planTotal(plan);
  return `Total: ${formatUsd(total.monthlyDeltaUsd)}${total.unpriced ? ` (${total.unpriced} change(s) not priced)` : ''}`;
}

export function renderPlan(plan: Plan): string {
  const lines: string[] = [header(plan)];
  if (!plan.changes.length) lines.push('Nothing to change: no fixable findings.');
  for (const change of plan.changes) {
    const where = [change.region, change.env].filter(Boolean).join(', ');
    lines.push('');
    lines.push(`${change.refused ? 'REFUSED ' : ''}${change.rule}  ${change.resourceName} (${where})`);
    lines.push(`  ${change.attribute}: ${whole(change.before)} → ${whole(change.after)}   ${formatUsd(change.monthlyDeltaUsd)}${change.refused ? ' (not in the total)' : ''}`);
    lines.push(`  ${change.refused ? 'would send' : 'sends'} ${change.operation}`);
    lines.push(...requestLines(change.input, '    '));
    lines.push(`  undo: ${change.undo.operation} ${JSON.stringify(change.undo.input)}`);
    if (change.refused) lines.push(`  not applied: ${change.refused}`);
    if (change.managedBy && !change.refused) lines.push(`  CloudFormation stack ${change.managedBy.stack} (applied anyway: --allow-drift); template: ${change.managedBy.templateProperty}`);
    for (const note of change.notes ?? []) lines.push(`  note: ${note}`);
  }
  lines.push('');
  lines.push(totalLine(plan));
  return lines.join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderPlanMarkdown(plan: Plan): string {
  const lines = [`# ${header(plan)}`, ''];
  for (const change of plan.changes) {
    lines.push(`## ${change.refused ? 'REFUSED: ' : ''}${change.rule} — ${change.resourceName}`, '');
    lines.push('| | |', '|---|---|');
    lines.push(`| resource | \`${cell(change.resource)}\` (${change.region ?? 'global'}, ${change.env}) |`);
    lines.push(`| ${cell(change.attribute)} | \`${cell(whole(change.before))}\` → \`${cell(whole(change.after))}\` |`);
    lines.push(`| monthly | ${formatUsd(change.monthlyDeltaUsd)}${change.refused ? ' (not in the total)' : ''} |`);
    lines.push(`| request | \`${change.operation}\` |`);
    for (const [field, value] of Object.entries(change.input)) lines.push(`| ${cell(field)} | \`${cell(JSON.stringify(value))}\` |`);
    lines.push(`| undo | \`${change.undo.operation}\` \`${cell(JSON.stringify(change.undo.input))}\` |`);
    if (change.refused) lines.push(`| not applied | ${cell(change.refused)} |`);
    for (const note of change.notes ?? []) lines.push(`| note | ${cell(note)} |`);
    lines.push('');
  }
  lines.push(totalLine(plan));
  return lines.join('\n');
}

export function renderResults(result: ExecuteResult): string {
  const lines = ['', 'Applied:'];
  for (const r of result.results) {
    const text = r.error ?? r.detail ?? '';
    lines.push(`  ${r.outcome.padEnd(13)} ${r.change.rule}  ${r.change.resourceName}  ${r.change.attribute}${text ? `  ${text}` : ''}`);
  }
  const c = result.counts;
  lines.push(`${c.applied} applied, ${c['skipped-drift']} skipped (drift), ${c.failed} failed, ${c.unknown} unknown, ${c.refused} refused, ${c['not-attempted']} not attempted`);
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
