/**
 * The human view: findings grouped by service and, within a service, by rule, each rule with its
 * severity and total; today's estimate and the estimate after the fixable changes per environment;
 * then the checks already met, and what was not audited. Every line fits `width`.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { AuditReport } from '../audit/types.js';
import { ruleById } from '../rules/index.js';
import type { Finding, Severity } from '../rules/types.js';
import { accountNamer, accountWithName, spansAccounts } from './accounts.js';
import { renderFittedTable } from './fitted-table.js';
import { changeText, plural, serviceLabel, signedUsd, usd, USAGE_NEEDED } from './format.js';
import { renderGrid, type GridCell } from './grid.js';
import { deltaText } from './money.js';
import { anyFromTemplate, templateLocation, templateSources } from './template-location.js';
import { anyStack, stackSummaryText, stackText } from './stack-text.js';
import { DEFAULT_WIDTH } from './width.js';
import { wrapText } from './wrap.js';

export interface TableOptions {
  /** Colour only on a terminal and never with NO_COLOR: the command decides. */
  color: boolean;
  /** The widest a line may be (COLUMNS, the terminal, else 120): the command decides. */
  width?: number;
}

interface View {
  paint: ChalkInstance;
  /** Set when the report spans several accounts: rows lead with the account's name. */
  accountOf?: (account: string | null | undefined) => string;
  /** false: cells carry no painter at all (thousands of rows, no colour to add). */
  color: boolean;
  width: number;
}

/** A paragraph wrapped to the width, each line painted. */
function paragraph(text: string, view: View, paint: (line: string) => string = (line) => line, indent = ''): string[] {
  return wrapText(text, view.width - indent.length).map((line) => indent + paint(line));
}

function severityPaint(severity: Severity, paint: ChalkInstance): (text: string) => string {
  if (severity === 'high') return (text) => paint.red.bold(text);
  if (severity === 'medium') return (text) => paint.yellow(text);
  return (text) => paint.dim(text);
}

function deltaCell(finding: Pick<Finding, 'monthlyDeltaUsd' | 'costLines'>, paint: ChalkInstance): GridCell {
  const { text, sign } = deltaText(finding);
  if (sign === null) return { text, paint: (line) => paint.yellow(line) };
  if (sign === 0) return { text, paint: (line) => paint.dim(line) };
  return { text, paint: (line) => (sign < 0 ? paint.green(line) : paint.red(line)) };
}

/** "3 findings · −$1.23/month priced · 1 usage data needed"; a total under a cent is said so, not "$0.00". */
function totalsPhrase(count: number, delta: number, unpriced: number): string {
  const parts = [`${plural(count, 'finding')}`];
  if (count > unpriced) parts.push(Math.round(delta * 100) === 0 ? 'no priced change' : `${signedUsd(delta)}/month priced`);
  if (unpriced) parts.push(`${unpriced} ${USAGE_NEEDED}`);
  return parts.join(' · ');
}

const sumDeltas = (findings: readonly Finding[]): number =>
  Math.round(findings.reduce((sum, f) => sum + (f.monthlyDeltaUsd ?? 0), 0) * 100) / 100;

/** The findings of one rule, in order of appearance. */
function byRule(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.rule);
    if (group) group.push(f);
    else groups.set(f.rule, [f]);
  }
  return [...groups.values()];
}

function ruleSection(findings: readonly (Finding & { account?: string | null })[], view: View): string[] {
  const { paint } = view;
  const first = findings[0];
  const title = ruleById(first.rule)?.meta.title;
  const unpriced = findings.filter((f) => f.monthlyDeltaUsd === null).length;
  const head = `${first.rule} · ${first.severity}${title ? ` · ${title}` : ''} — ${totalsPhrase(findings.length, sumDeltas(findings), unpriced)}`;
  const sevPaint = severityPaint(first.severity, paint);
  const lines = wrapText(head, view.width).map((line, i) => {
    if (i > 0) return line;
    // The rule id bold and the severity in its colour, on the first line.
    const prefix = `${first.rule} · ${first.severity}`;
    return line.startsWith(prefix) ? `${paint.bold(first.rule)} · ${sevPaint(first.severity)}${line.slice(prefix.length)}` : line;
  });
  const accountOf = view.accountOf;
  const fromTemplate = anyFromTemplate(findings);
  // A column for the stack and logical ID that manage the resource, when a stack manages any of them.
  const stacked = anyStack(findings);
  const rows = findings.map((f) => [
    ...(accountOf ? [accountOf(f.account)] : []),
    f.resourceName,
    ...(fromTemplate ? [templateLocation(f) ?? '—'] : []),
    ...(stacked ? [stackText(f)] : []),
    f.env,
    changeText(f.current, f.target),
    view.color ? deltaCell(f, paint) : deltaText(f).text,
    f.fixable ? 'fix' : 'advisory',
  ]);
  const columns = [...(accountOf ? ['Account'] : []), 'Resource', ...(fromTemplate ? ['Template'] : []), ...(stacked ? ['Stack · logical ID'] : []), 'Env', 'Current → target', '$/month', 'Fix'];
  return [...lines, renderGrid(columns, rows, { width: view.width, headPaint: view.color ? (line) => paint.bold(line) : undefined })];
}

function findingsSection(report: AuditReport, view: View): string[] {
  const { paint } = view;
  const out: string[] = [];
  for (const service of report.summary.byService) {
    const findings = report.findings.filter((f) => f.service === service.service);
    out.push(...paragraph(`${serviceLabel(service.service)} — ${totalsPhrase(findings.length, service.monthlyDeltaUsd, service.unpricedFindings)}`, view, (line) => paint.bold.underline(line)));
    for (const group of byRule(findings)) out.push('', ...ruleSection(group, view));
    out.push('');
  }
  const { summary } = report;
  const severity = `${summary.bySeverity.high} high, ${summary.bySeverity.medium} medium, ${summary.bySeverity.low} low`;
  const total =
    `All services — ${plural(summary.findings, 'finding')} (${severity}) · ${signedUsd(summary.monthlyDeltaUsd)}/month priced` +
    (summary.unpricedFindings ? ` · ${summary.unpricedFindings} ${USAGE_NEEDED}` : '');
  out.push(...paragraph(total, view, (line) => paint.bold(line)));
  if (summary.byStack.length) {
    out.push(...paragraph(`Per CloudFormation stack — change these in the stack's template and deploy it:`, view, (line) => paint.bold(line)));
    for (const s of summary.byStack) out.push(...paragraph(`- ${stackSummaryText(s, view.accountOf)}`, view, undefined, '  '));
  }
  out.push(...paragraph('Why a finding is there, with its price arithmetic and metrics: audit --explain RULE|RESOURCE (or --format markdown / json). "—" marks a figure that is absent or under a cent, with the reason.', view, (line) => paint.dim(line)));
  return out;
}

function costSection(report: AuditReport, view: View): string[] {
  const { costs } = report;
  const { paint } = view;
  if (!costs.byEnv.length) return [];
  const money = (value: number): GridCell => ({ text: signedUsd(value), paint: (line) => (value < 0 ? paint.green(line) : value > 0 ? paint.red(line) : line) });
  const rows = costs.byEnv.map((e) => [e.env, usd(e.todayUsd), money(e.fixableDeltaUsd), usd(e.afterFixesUsd), money(e.advisoryDeltaUsd), String(e.findings), String(e.unpricedFindings)]);
  if (costs.byEnv.length > 1) {
    const total = (pick: (e: (typeof costs.byEnv)[number]) => number): number => costs.byEnv.reduce((s, e) => s + pick(e), 0);
    const bold = (text: string): GridCell => ({ text, paint: (line) => paint.bold(line) });
    rows.push([
      bold('all'),
      bold(usd(costs.todayUsd)),
      money(report.summary.fixableMonthlyDeltaUsd),
      bold(usd(costs.afterFixesUsd)),
      money(total((e) => e.advisoryDeltaUsd)),
      String(total((e) => e.findings)),
      String(total((e) => e.unpricedFindings)),
    ]);
  }
  const table = renderFittedTable(['Env', 'Today (est.)', 'Fixable changes', 'After fixes', 'Advisory', 'Findings', 'Unpriced findings'], rows, {
    width: view.width,
    headPaint: (text) => paint.bold(text),
  });
  const out = ['', ...paragraph('Estimated monthly cost per environment', view, (line) => paint.bold(line)), table];
  out.push(
    ...paragraph(
      '"After fixes" adds the priced deltas of the fixable findings (`clinnet-opt fix`); advisory findings are listed apart. Unpriced findings are not in the figures.',
      view,
      (line) => paint.dim(line),
    ),
  );
  if (spansAccounts(report)) {
    const accountRows = costs.byAccount.map((a) => [accountWithName(a.account, a.name), a.env ?? '—', usd(a.todayUsd), money(a.fixableDeltaUsd), usd(a.afterFixesUsd), money(a.advisoryDeltaUsd), String(a.findings), String(a.unpricedFindings)]);
    out.push(
      '',
      ...paragraph('Estimated monthly cost per account', view, (line) => paint.bold(line)),
      renderFittedTable(['Account', 'Env', 'Today (est.)', 'Fixable changes', 'After fixes', 'Advisory', 'Findings', 'Unpriced findings'], accountRows, {
        width: view.width,
        headPaint: (text) => paint.bold(text),
      }),
    );
  }
  if (costs.unpriced.length) {
    out.push(...paragraph(`Today's estimate leaves out ${plural(costs.unpriced.length, 'item')} it cannot price:`, view, (line) => paint.yellow(line)));
    for (const item of costs.unpriced.slice(0, 5)) out.push(...paragraph(`- ${item}`, view, undefined, '  '));
    if (costs.unpriced.length > 5) out.push(...paragraph(`… and ${costs.unpriced.length - 5} more (--format json lists them all)`, view, undefined, '  '));
  }
  return out;
}

/** Checks already met: one quiet line per rule, not rows. */
function confirmationsSection(report: AuditReport, view: View): string[] {
  if (!report.confirmations.length) return [];
  const { paint } = view;
  const counts = byRule(report.confirmations).map((group) => `${group[0].rule} ${group.length}`);
  return [
    '',
    ...paragraph(
      `Already meeting the target — ${plural(report.confirmations.length, 'check')}, not findings (${counts.join(', ')}); audit --explain RULE lists them.`,
      view,
      (line) => paint.dim(line),
    ),
  ];
}

function gapsSection(report: AuditReport, view: View): string[] {
  const { paint } = view;
  const out: string[] = [];
  const inAccount = (account: string | null | undefined): string => (view.accountOf ? `${view.accountOf(account)}: ` : '');
  if (report.accountsNotRead.length) {
    out.push('', ...paragraph(`Accounts not read — ${plural(report.accountsNotRead.length, 'account')} whose role could not be assumed, so nothing of them was audited:`, view, (line) => paint.yellow.bold(line)));
    for (const u of report.accountsNotRead) out.push(...paragraph(`- ${accountWithName(u.account, u.name)}: ${u.reason}`, view, undefined, '  '));
  }
  if (report.coverageGaps.length) {
    const heading = templateSources(report)
      ? `Not resolved offline — ${plural(report.coverageGaps.length, 'template value')} audited as the neutral value named (check these before trusting a pass):`
      : `Coverage gaps — ${plural(report.coverageGaps.length, 'part')} of the ${view.accountOf ? 'accounts' : 'account'} could not be read, so were not audited:`;
    out.push('', ...paragraph(heading, view, (line) => paint.yellow.bold(line)));
    for (const gap of report.coverageGaps) {
      const what = [gap.service, gap.region, gap.operation, gap.resource].filter(Boolean).join(' ');
      out.push(...paragraph(`- ${inAccount(gap.account)}${what}: ${gap.kind} (${gap.error})`, view, undefined, '  '));
    }
  }
  if (report.unknownEnvironment.length) {
    out.push(
      '',
      ...paragraph(
        `Environment unknown — ${plural(report.unknownEnvironment.length, 'resource')} no rule judged (tag them, set their stack's environment parameter, or pass --env; docs/cli.md, "Environment, in this order"):`,
        view,
        (line) => paint.yellow.bold(line),
      ),
    );
    for (const r of report.unknownEnvironment) out.push(...paragraph(`- ${inAccount(r.account)}${r.service} ${r.resource}: ${r.reason}`, view, undefined, '  '));
  }
  return out;
}

function header(report: AuditReport, view: View): string[] {
  const names = accountNamer(report);
  const listed = report.accounts.map((a) => (spansAccounts(report) && names(a) !== a ? `${a} (${names(a)})` : a));
  const account = report.accounts.length ? `account${report.accounts.length > 1 ? 's' : ''} ${listed.join(', ')}` : 'account unknown';
  const template = templateSources(report);
  const parts = [template ? `template ${template}` : account, `region${report.regions.length === 1 ? '' : 's'} ${report.regions.join(', ') || 'none'}`];
  if (report.env) parts.push(`env ${report.env}`);
  if (report.rules) parts.push(`rules ${report.rules.join(', ')}`);
  return paragraph(`clinnet-opt audit — ${parts.join(' · ')}`, view, (line) => view.paint.bold(line));
}

export function renderTable(report: AuditReport, options: TableOptions): string {
  const view: View = {
    paint: new Chalk({ level: options.color ? 1 : 0 }),
    color: options.color,
    width: options.width ?? DEFAULT_WIDTH,
    accountOf: spansAccounts(report) ? accountNamer(report) : undefined,
  };
  const out = [...header(report, view), ''];
  // An incomplete read leads the report, and is never followed by "meets its design target".
  const incomplete = report.summary.servicesNotRead.length > 0 || report.accountsNotRead.length > 0;
  if (incomplete) out.push(...paragraph(report.summary.headline, view, (line) => view.paint.yellow.bold(line)), '');
  if (report.findings.length) out.push(...findingsSection(report, view));
  else if (!incomplete) out.push(...paragraph('No findings: every audited resource meets its design target.', view, (line) => view.paint.green(line)));
  out.push(...costSection(report, view), ...confirmationsSection(report, view), ...gapsSection(report, view));
  return `${out.join('\n')}\n`;
}
