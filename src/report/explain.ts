/**
 * `audit --explain`: for each matching finding, everything behind its row: the rule and the design
 * section it enforces, the full why, current and target values, the price arithmetic line by line
 * (quantity × unit price = monthly USD) and the metrics it used. Every line fits the width.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Explained } from '../audit/explain.js';
import { ruleById } from '../rules/index.js';
import type { CostLine, Finding } from '../rules/types.js';
import { compactValue, plural, usd } from './format.js';
import { deltaText } from './money.js';
import { DEFAULT_WIDTH } from './width.js';
import { wrapText } from './wrap.js';
import { templateLocation } from './template-location.js';
import { stackText } from './stack-text.js';

const MINUS = '\u2212';

/** Dollars with cents, or with the significant digits a sub-cent amount needs. */
export function preciseUsd(value: number, signed = false): string {
  const sign = value < 0 ? MINUS : signed && value > 0 ? '+' : '';
  const abs = Math.abs(value);
  return abs >= 0.01 || abs === 0 ? `${sign}${usd(abs)}` : `${sign}$${Number(abs.toPrecision(3))}`;
}

const quantity = (value: number): string => (Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(6))));

function priceLine(line: CostLine): string {
  return `${line.description}: ${quantity(line.quantity)} ${line.unit} × $${line.unitPriceUsd} = ${preciseUsd(line.monthlyUsd, true)}`;
}

/** A labelled field, its text wrapped under the label. */
function field(label: string, text: string, width: number, paint: ChalkInstance): string[] {
  const indent = '  ';
  const labelText = `${label}: `;
  const lines = wrapText(`${labelText}${text}`, width - indent.length - 2);
  return lines.map((line, i) => (i === 0 ? `${indent}${paint.bold(labelText.trimEnd())} ${line.slice(labelText.length)}` : `${indent}  ${line}`)).map((line) => line.replace(/ +$/, ''));
}

function list(label: string, items: string[], width: number, paint: ChalkInstance): string[] {
  const out = [`  ${paint.bold(`${label}:`)}`];
  for (const item of items) out.push(...wrapText(`- ${item}`, width - 4).map((line, i) => (i === 0 ? `    ${line}` : `      ${line}`)));
  return out;
}

function explainOne(f: Finding, confirmed: boolean, width: number, paint: ChalkInstance): string[] {
  const rule = ruleById(f.rule)?.meta;
  // Several accounts read: the account leads, so one name in two accounts is told apart.
  const account = (f as Finding & { account?: string | null }).account;
  const where = [f.env, f.region, account ? `account ${account}` : null].filter(Boolean).join(', ');
  const head = `${f.rule} · ${f.severity} · ${f.resourceName}${where ? ` (${where})` : ''}${confirmed ? ' · already meets the target' : ''}`;
  const out = wrapText(head, width).map((line) => paint.bold(line));
  if (rule) out.push(...field('Rule', rule.title, width, paint), ...field('Design', rule.rationale, width, paint));
  out.push(...field('Resource', f.resource, width, paint));
  if (f.environment) out.push(...field('Environment', `${f.environment.name}, from ${f.environment.source}: ${f.environment.detail}`, width, paint));
  const declared = templateLocation(f);
  if (declared) out.push(...field('Template', declared, width, paint));
  if (f.stack) out.push(...field('Stack', `${stackText(f)}: change it in the stack's template and deploy it`, width, paint));
  out.push(...field('Why', f.message, width, paint));
  out.push(...field('Current', compactValue(f.current), width, paint), ...field('Target', compactValue(f.target), width, paint));
  out.push(...field('Fix', confirmed ? 'nothing to change' : f.fixable ? '`clinnet-opt fix` applies it' : 'advisory: `clinnet-opt fix` does not apply it', width, paint));
  const money = deltaText(f);
  if (f.monthlyDeltaUsd === null) {
    out.push(...field('Price', 'not priced: usage data needed (the Why says which)', width, paint));
  } else if (!f.costLines.length) {
    out.push(...field('Price', `${money.text}/month: no cost line (the change is not billed by itself)`, width, paint));
  } else {
    const sum = f.costLines.reduce((total, line) => total + line.monthlyUsd, 0);
    out.push(...list('Price (quantity × unit price, per month)', f.costLines.map(priceLine), width, paint));
    const shown = money.sign === 0 ? `, under a cent: the table shows ${money.text}` : '';
    out.push(...field('Total', `${preciseUsd(sum, true)}/month${shown}`, width, paint));
  }
  out.push(...field('Metrics', f.metricsUsed?.length ? f.metricsUsed.join('; ') : 'none (configuration only)', width, paint));
  return out;
}

export function renderExplanation(key: string, selected: Explained, options: { color: boolean; width?: number }): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const counts = [plural(selected.findings.length, 'finding')];
  if (selected.confirmations.length) counts.push(`${plural(selected.confirmations.length, 'check')} already meeting the target`);
  const out = wrapText(`clinnet-opt audit --explain ${key} — ${counts.join(', ')}`, width).map((line) => paint.bold(line));
  for (const f of selected.findings) out.push('', ...explainOne(f, false, width, paint));
  for (const f of selected.confirmations) out.push('', ...explainOne(f, true, width, paint));
  return `${out.join('\n')}\n`;
}
