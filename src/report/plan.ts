/**
 * Views of a plan and of an apply's results. What you see is what is sent: every field of every
 * request (and of its undo) is printed whole, from the same change data the executor sends.
 */
import type { Change } from '../changes/change.js';
import type { ExecuteResult } from '../changes/executor.js';
import { INCLUDE_INCREASES_FLAG } from '../changes/increases.js';
import { heldChanges, heldTotal, planTotal, type Plan } from '../changes/plan.js';
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
  const held = heldChanges(plan).length;
  const applicable = plan.changes.length - refused - held;
  return `Plan ${plan.id} for ${plan.env ?? 'all environments'} (account ${plan.account ?? 'unknown'}): ${applicable} change(s) to apply, ${held ? `${held} held (they raise the bill), ` : ''}${refused} refused`;
}

/** A change's state label: refused wins over held. */
function label(change: Change): 'REFUSED' | 'HELD' | null {
  return change.refused ? 'REFUSED' : change.held ? 'HELD' : null;
}

function totalLine(plan: Plan): string {
  const total = planTotal(plan);
  return `Total: ${formatUsd(total.monthlyDeltaUsd)}${total.unpriced ? ` (${total.unpriced} change(s) not priced)` : ''}`;
}

/** What was held, its sum, and the flag to pass. */
function heldLines(plan: Plan): string[] {
  const held = heldTotal(plan);
  if (!held.count) return [];
  const unpriced = held.unpriced ? ` and ${held.unpriced} unpriced change(s) known to cost more` : '';
  const lines = [
    `Held, not applied: ${held.count} change(s) that raise the bill, ${formatUsd(held.monthlyDeltaUsd)}${unpriced}. ` +
      `To apply them, plan again with ${INCLUDE_INCREASES_FLAG} (add --only RULE to pick among them).`,
  ];
  for (const change of heldChanges(plan)) lines.push(`  ${change.rule}  ${change.resourceName}  ${change.attribute}  ${formatUsd(change.monthlyDeltaUsd)}`);
  return lines;
}

export function renderPlan(plan: Plan): string {
  const lines: string[] = [header(plan)];
  if (!plan.changes.length) lines.push('Nothing to change: no fixable findings.');
  for (const change of plan.changes) {
    const where = [change.region, change.env].filter(Boolean).join(', ');
    lines.push('');
    const state = label(change);
    lines.push(`${state ? `${state} ` : ''}${change.rule}  ${change.resourceName} (${where})`);
    lines.push(`  ${change.attribute}: ${whole(change.before)} → ${whole(change.after)}   ${formatUsd(change.monthlyDeltaUsd)}${state ? ' (not in the total)' : ''}`);
    lines.push(`  ${state ? 'would send' : 'sends'} ${change.operation}`);
    lines.push(...requestLines(change.input, '    '));
    lines.push(`  undo: ${change.undo.operation} ${JSON.stringify(change.undo.input)}`);
    if (change.refused) lines.push(`  not applied: ${change.refused}${change.templateLocation ? ` — declared at ${change.templateLocation}` : ''}`);
    else if (change.held) lines.push(`  not applied: ${change.held}`);
    if (change.managedBy && !change.refused) lines.push(`  CloudFormation stack ${change.managedBy.stack} (applied anyway: --allow-drift); template: ${change.managedBy.templateProperty}${change.templateLocation ? ` at ${change.templateLocation}` : ''}`);
    for (const note of change.notes ?? []) lines.push(`  note: ${note}`);
  }
  lines.push('');
  lines.push(totalLine(plan));
  lines.push(...heldLines(plan));
  return lines.join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderPlanMarkdown(plan: Plan): string {
  const lines = [`# ${header(plan)}`, ''];
  for (const change of plan.changes) {
    const state = label(change);
    lines.push(`## ${state ? `${state}: ` : ''}${change.rule} — ${change.resourceName}`, '');
    lines.push('| | |', '|---|---|');
    lines.push(`| resource | \`${cell(change.resource)}\` (${change.region ?? 'global'}, ${change.env}) |`);
    lines.push(`| ${cell(change.attribute)} | \`${cell(whole(change.before))}\` → \`${cell(whole(change.after))}\` |`);
    lines.push(`| monthly | ${formatUsd(change.monthlyDeltaUsd)}${state ? ' (not in the total)' : ''} |`);
    lines.push(`| request | \`${change.operation}\` |`);
    for (const [field, value] of Object.entries(change.input)) lines.push(`| ${cell(field)} | \`${cell(JSON.stringify(value))}\` |`);
    lines.push(`| undo | \`${change.undo.operation}\` \`${cell(JSON.stringify(change.undo.input))}\` |`);
    if (change.refused) lines.push(`| not applied | ${cell(`${change.refused}${change.templateLocation ? ` — declared at ${change.templateLocation}` : ''}`)} |`);
    else if (change.held) lines.push(`| not applied | ${cell(change.held)} |`);
    for (const note of change.notes ?? []) lines.push(`| note | ${cell(note)} |`);
    lines.push('');
  }
  lines.push(totalLine(plan));
  const held = heldLines(plan);
  if (held.length) lines.push('', held[0] as string, '', ...held.slice(1).map((line) => `- ${line.trim()}`));
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
