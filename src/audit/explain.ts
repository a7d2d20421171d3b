/** `audit --explain KEY`: the findings (and checks already met) a rule id, service, resource name, ARN or id names. */
import type { Finding } from '../rules/types.js';
import { usageError } from '../errors.js';
import type { AuditReport } from './types.js';

export interface Explained {
  findings: Finding[];
  confirmations: Finding[];
}

const matches = (key: string) => (f: Finding): boolean => f.rule === key || f.service === key || f.resourceName === key || f.resource === key;

export function explainSelection(report: AuditReport, key: string): Explained {
  const selected = { findings: report.findings.filter(matches(key)), confirmations: report.confirmations.filter(matches(key)) };
  if (!selected.findings.length && !selected.confirmations.length) {
    throw usageError(`--explain ${key}: no finding matches; give a rule id (e.g. lambda/arm64), a service, or a resource name or ARN from the report`);
  }
  return selected;
}
