/** Where a finding's resource is declared, as people read it: "template.yaml:253 (GetPatientsFunction)". */
import type { AuditReport } from '../audit/types.js';
import type { Finding } from '../rules/types.js';

export function templateLocation(finding: Pick<Finding, 'template'>): string | null {
  const t = finding.template;
  return t ? `${t.file}:${t.line} (${t.logicalId})` : null;
}

/** Whether any of these findings came from a template, so a renderer shows the column only then. */
export const anyFromTemplate = (findings: readonly Pick<Finding, 'template'>[]): boolean => findings.some((f) => f.template);

/** "template.yaml · environments dev, test, prod" for a template audit, else null. */
export function templateSources(report: Pick<AuditReport, 'sources'>): string | null {
  const runs = report.sources.flatMap((s) => (s.template ? [s.template] : []));
  if (!runs.length) return null;
  const files = [...new Set(runs.map((r) => r.file))].join(', ');
  const envs = runs.map((r) => r.environment).filter((e): e is string => e !== null);
  return `${files}${envs.length ? ` · environment${envs.length === 1 ? '' : 's'} ${envs.join(', ')}` : ''}`;
}
