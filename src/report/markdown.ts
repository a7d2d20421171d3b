/** `--format markdown`: the table view as GitHub-flavoured markdown, every cell escaped. */
import type { AuditReport } from '../audit/types.js';
import { accountNamer, accountWithName, spansAccounts } from './accounts.js';
import { describeValue, plural, serviceLabel, signedUsd, usd, USAGE_NEEDED } from './format.js';
import { deltaText } from './money.js';
import { anyFromTemplate, templateLocation, templateSources } from './template-location.js';
import { anyStack, stackSummaryText, stackText } from './stack-text.js';

/** Escapes what would break a table cell or turn into markup (globs like *document* would italicise). */
export function mdCell(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, '<br>');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(mdCell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`)];
}

export function renderMarkdown(report: AuditReport): string {
  const out: string[] = ['# clinnet-opt audit', ''];
  const several = spansAccounts(report);
  const accountOf = accountNamer(report);
  // Several accounts: every row leads with its account.
  const lead = (account: string | null | undefined): string[] => (several ? [accountOf(account)] : []);
  const leadHead = several ? ['Account'] : [];
  const template = templateSources(report);
  const facts = [
    template ? `Template: ${template}` : `Account${report.accounts.length > 1 ? 's' : ''}: ${report.accounts.join(', ') || 'unknown'}`,
    `Regions: ${report.regions.join(', ') || 'none'}`,
    ...(report.env ? [`Environment: ${report.env}`] : []),
    ...(report.rules ? [`Rules: ${report.rules.join(', ')}`] : []),
  ];
  out.push(...facts.map((f) => `- ${mdCell(f)}`), '');

  const { summary } = report;
  out.push('## Summary', '');
  if (summary.servicesNotRead.length || summary.accountsNotRead.length) {
    out.push(`**${mdCell(summary.headline)}**: ${mdCell(summary.accountsNotRead.length ? 'see Accounts not read and Coverage gaps' : 'their resources were not audited (see Coverage gaps)')}.`, '');
  }
  out.push(
    mdCell(
      `${plural(summary.findings, 'finding')} (${summary.bySeverity.high} high, ${summary.bySeverity.medium} medium, ${summary.bySeverity.low} low): ${signedUsd(summary.monthlyDeltaUsd)}/month priced` +
        (summary.unpricedFindings ? `, ${summary.unpricedFindings} ${USAGE_NEEDED}` : ''),
    ),
    '',
  );
  if (report.costs.byEnv.length) {
    out.push(
      ...table(
        ['Env', 'Today (est.)', 'Fixable changes', 'After fixes', 'Advisory', 'Findings', 'Unpriced findings'],
        report.costs.byEnv.map((e) => [e.env, usd(e.todayUsd), signedUsd(e.fixableDeltaUsd), usd(e.afterFixesUsd), signedUsd(e.advisoryDeltaUsd), String(e.findings), String(e.unpricedFindings)]),
      ),
      '',
    );
  }

  if (several) {
    out.push(
      ...table(
        ['Account', 'Env', 'Today (est.)', 'Fixable changes', 'After fixes', 'Advisory', 'Findings', 'Unpriced findings'],
        report.costs.byAccount.map((a) => [accountWithName(a.account, a.name), a.env ?? '—', usd(a.todayUsd), signedUsd(a.fixableDeltaUsd), usd(a.afterFixesUsd), signedUsd(a.advisoryDeltaUsd), String(a.findings), String(a.unpricedFindings)]),
      ),
      '',
    );
  }

  if (summary.byStack.length) {
    out.push('### Per CloudFormation stack', '', ...summary.byStack.map((s) => `- ${mdCell(stackSummaryText(s, several ? accountOf : undefined))}`), '');
  }

  const stacked = anyStack(report.findings);
  for (const service of summary.byService) {
    const findings = report.findings.filter((f) => f.service === service.service);
    const fromTemplate = anyFromTemplate(findings);
    out.push(`## ${mdCell(serviceLabel(service.service))}`, '');
    out.push(mdCell(`${plural(findings.length, 'finding')}, ${signedUsd(service.monthlyDeltaUsd)}/month priced${service.unpricedFindings ? `, ${service.unpricedFindings} ${USAGE_NEEDED}` : ''}`), '');
    out.push(
      ...table(
        [...leadHead, 'Severity', 'Rule', 'Resource', ...(fromTemplate ? ['Template'] : []), ...(stacked ? ['Stack · logical ID'] : []), 'Env', 'Current', 'Target', '$/month', 'Fix', 'Why'],
        findings.map((f) => [...lead(f.account), f.severity, f.rule, f.resourceName, ...(fromTemplate ? [templateLocation(f) ?? '—'] : []), ...(stacked ? [stackText(f)] : []), f.env, describeValue(f.current, 120), describeValue(f.target, 120), deltaText(f).text, f.fixable ? 'fix' : 'advisory', f.message]),
      ),
      '',
    );
  }

  if (report.confirmations.length) {
    out.push('## Already meeting the target', '', 'These checks found the current value already at its target: they are not findings.', '');
    out.push(...table([...leadHead, 'Rule', 'Resource', 'Env', 'Value', 'Why'], report.confirmations.map((f) => [...lead(f.account), f.rule, f.resourceName, f.env, describeValue(f.current, 120), f.message])), '');
  }
  if (report.accountsNotRead.length) {
    out.push('## Accounts not read', '', 'The role could not be assumed in these accounts: nothing of them was audited.', '');
    out.push(...table(['Account', 'Reason'], report.accountsNotRead.map((u) => [accountWithName(u.account, u.name), u.reason])), '');
  }
  if (report.coverageGaps.length) {
    const why = templateSources(report)
      ? 'These template values could not be resolved offline: each was audited as the neutral value its error names.'
      : 'These parts of the account could not be read and were not audited.';
    out.push('## Coverage gaps', '', why, '');
    out.push(...table([...leadHead, 'Service', 'Region', 'Operation', 'Kind', 'Error'], report.coverageGaps.map((g) => [...lead(g.account), g.service, g.region, g.operation ?? '', g.kind, g.error])), '');
  }
  if (report.unknownEnvironment.length) {
    out.push('## Environment unknown', '', 'No rule judged these: tag them, set their stack\'s environment parameter, or pass --env (docs/cli.md, "Environment, in this order").', '');
    out.push(...table([...leadHead, 'Service', 'Resource', 'Why'], report.unknownEnvironment.map((r) => [...lead(r.account), r.service, r.resource, r.reason])), '');
  }
  return `${out.join('\n')}`;
}
