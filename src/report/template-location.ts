/** Where a finding's resource is declared, as people read it: "template.yaml:253 (GetPatientsFunction)". */
import type { Finding } from '../rules/types.js';

export function templateLocation(finding: Pick<Finding, 'template'>): string | null {
  const t = finding.template;
  return t ? `${t.file}:${t.line} (${t.logicalId})` : null;
}

/** Whether any of these findings came from a template, so a renderer shows the column only then. */
export const anyFromTemplate = (findings: readonly Pick<Finding, 'template'>[]): boolean => findings.some((f) => f.template);
