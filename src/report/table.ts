/**
 * The human view: findings grouped by service with per-service and overall totals, today's
 * estimate and the estimate after the fixable changes per environment, then what was not audited.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { AuditReport } from '../audit/types.js';
import type { Finding, Severity } from '../rules/types.js';
import { describeValue, plural, serviceLabel, signedUsd, usd, USAGE_NEEDED } from './format.js';

export interface TableOptions {
  /** Colour only on a terminal and never with NO_COLOR: the command decides. */
  color: boolean;
}

function newTable(head: string[], paint: ChalkInstance): Table.Table {
  return new Table({
    head: head.map((h) => paint.bold(h)),
    // cli-table3 colours headers and borders itself unless told not to; compact: no rule between rows.
    style: { head: [], border: [], compact: true },
  });
}

/** Long names keep their distinctive end (the environment suffix). */
function clip(text: string, max: number): string {
  return text.length > max ? `…${text.slice(text.length - max + 1)}` : text;
}

function severityCell(severity: Severity, paint: ChalkInstance): string {
  if (severity === 'high') return paint.red.bold(severity);
  if (severity === 'medium') return paint.yellow(severity);
  return paint.dim(severity);
}

function deltaCell(value: number | null, paint: ChalkInstance): string {
  const text = signedUsd(value);
  if (value === null) return paint.yellow(text);
  if (value < 0) return paint.green(text);
  if (value > 0) return paint.red(text);
  return text;
}

function totalsPhrase(findings: readonly Finding[], delta: number, unpriced: number): string {
  const parts = [`${plural(findings.length, 'finding')}`, `${signedUsd(delta)}/month priced`];
  if (unpriced) parts.push(`${unpriced} ${USAGE_NEEDED}`);
  return parts.join(' · ');
}

function findingsSection(report: AuditReport, paint: ChalkInstance): string[] {
  const out: string[] = [];
  for (const service of report.summary.byService) {
    const findings = report.findings.filter((f) => f.service === service.service);
    out.push(paint.bold(`${serviceLabel(service.service)} — ${totalsPhrase(findings, service.monthlyDeltaUsd, service.unpricedFindings)}`));
    const table = newTable(['Severity', 'Rule', 'Resource', 'Env', 'Current → target', '$/month', 'Fix'], paint);
    for (const f of findings) {
      table.push([
        severityCell(f.severity, paint),
        f.rule,
        clip(f.resourceName, 48),
        f.env,
        `${describeValue(f.current, 30)} → ${describeValue(f.target, 30)}`,
        deltaCell(f.monthlyDeltaUsd, paint),
        f.fixable ? 'fix' : 'advisory',
      ]);
    }
    out.push(table.toString(), '');
  }
  const { summary } = report;
  const severity = `${summary.bySeverity.high} high, ${summary.bySeverity.medium} medium, ${summary.bySeverity.low} low`;
  out.push(
    paint.bold(`All services — ${plural(summary.findings, 'finding')} (${severity}) · ${signedUsd(summary.monthlyDeltaUsd)}/month priced`) +
      (summary.unpricedFindings ? paint.bold(` · ${summary.unpricedFindings} ${USAGE_NEEDED}`) : ''),
  );
  out.push(paint.dim('Why each finding is there, with its cost lines: --format markdown or --format json.'));
  return out;
}

function costSection(report: AuditReport, paint: ChalkInstance): string[] {
  const { costs } = report;
  if (!costs.byEnv.length) return [];
  const table = newTable(['Env', 'Today (est.)', 'Fixable changes', 'After fixes', 'Advisory', 'Findings', 'Unpriced findings'], paint);
  for (const e of costs.byEnv) {
    table.push([e.env, usd(e.todayUsd), deltaCell(e.fixableDeltaUsd, paint), usd(e.afterFixesUsd), deltaCell(e.advisoryDeltaUsd, paint), e.findings, e.unpricedFindings]);
  }
  if (costs.byEnv.length > 1) {
    const total = (pick: (e: (typeof costs.byEnv)[number]) => number): number => costs.byEnv.reduce((s, e) => s + pick(e), 0);
    table.push([
      paint.bold('all'),
      paint.bold(usd(costs.todayUsd)),
      deltaCell(report.summary.fixableMonthlyDeltaUsd, paint),
      paint.bold(usd(costs.afterFixesUsd)),
      deltaCell(total((e) => e.advisoryDeltaUsd), paint),
      total((e) => e.findings),
      total((e) => e.unpricedFindings),
    ]);
  }
  const out = ['', paint.bold('Estimated monthly cost per environment'), table.toString()];
  out.push(
    paint.dim(
      '"After fixes" adds the priced deltas of the fixable findings (`clinnet-opt fix`); advisory findings are listed apart. Unpriced findings are not in the figures.',
    ),
  );
  if (costs.unpriced.length) {
    out.push(paint.yellow(`Today's estimate leaves out ${plural(costs.unpriced.length, 'item')} it cannot price:`));
    for (const item of costs.unpriced.slice(0, 5)) out.push(`  - ${item}`);
    if (costs.unpriced.length > 5) out.push(`  … and ${costs.unpriced.length - 5} more (--format json lists them all)`);
  }
  return out;
}

function gapsSection(report: AuditReport, paint: ChalkInstance): string[] {
  const out: string[] = [];
  if (report.coverageGaps.length) {
    out.push('', paint.yellow.bold(`Coverage gaps — ${plural(report.coverageGaps.length, 'part')} of the account could not be read, so were not audited:`));
    for (const gap of report.coverageGaps) {
      const what = [gap.service, gap.region, gap.operation, gap.resource].filter(Boolean).join(' ');
      out.push(`  - ${what}: ${gap.kind} (${gap.error})`);
    }
  }
  if (report.unknownEnvironment.length) {
    out.push('', paint.yellow.bold(`Environment unknown — ${plural(report.unknownEnvironment.length, 'resource')} no rule judged (tag them Environment=dev|staging|prod, or pass --env):`));
    for (const r of report.unknownEnvironment) out.push(`  - ${r.service} ${r.resource}`);
  }
  return out;
}

function header(report: AuditReport, paint: ChalkInstance): string {
  const account = report.accounts.length ? `account${report.accounts.length > 1 ? 's' : ''} ${report.accounts.join(', ')}` : 'account unknown';
  const parts = [account, `region${report.regions.length === 1 ? '' : 's'} ${report.regions.join(', ') || 'none'}`];
  if (report.env) parts.push(`env ${report.env}`);
  if (report.rules) parts.push(`rules ${report.rules.join(', ')}`);
  return paint.bold(`clinnet-opt audit — ${parts.join(' · ')}`);
}

export function renderTable(report: AuditReport, options: TableOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const out = [header(report, paint), ''];
  // An incomplete read leads the report, and is never followed by "meets its design target".
  const incomplete = report.summary.servicesNotRead.length > 0;
  if (incomplete) out.push(paint.yellow.bold(report.summary.headline), '');
  if (report.findings.length) out.push(...findingsSection(report, paint));
  else if (!incomplete) out.push(paint.green('No findings: every audited resource meets its design target.'));
  out.push(...costSection(report, paint), ...gapsSection(report, paint));
  return `${out.join('\n')}\n`;
}
