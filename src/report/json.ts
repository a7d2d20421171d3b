/** `--format json`: the documented, versioned schema (docs/json-output.md). */
import type { AccountFinding, AuditReport } from '../audit/types.js';

/** Keys in a fixed, documented order so diffs of two audits read well. */
function findingJson(f: AccountFinding): Record<string, unknown> {
  return {
    account: f.account,
    rule: f.rule,
    service: f.service,
    severity: f.severity,
    env: f.env,
    region: f.region,
    resource: f.resource,
    resourceName: f.resourceName,
    current: f.current,
    target: f.target,
    monthlyDeltaUsd: f.monthlyDeltaUsd,
    costLines: f.costLines,
    fixable: f.fixable,
    message: f.message,
    ...(f.metricsUsed ? { metricsUsed: f.metricsUsed } : {}),
    ...(f.stack ? { stack: f.stack } : {}),
  };
}

export function auditJson(report: AuditReport): Record<string, unknown> {
  return {
    schemaVersion: report.schemaVersion,
    kind: report.kind,
    account: report.account,
    accounts: report.accounts,
    accountsNotRead: report.accountsNotRead,
    regions: report.regions,
    env: report.env,
    failOn: report.failOn,
    rules: report.rules,
    sources: report.sources,
    summary: report.summary,
    costs: report.costs,
    findings: report.findings.map(findingJson),
    confirmations: report.confirmations.map(findingJson),
    coverageGaps: report.coverageGaps,
    unknownEnvironment: report.unknownEnvironment,
  };
}

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(auditJson(report), null, 2)}\n`;
}
