/** --fail-on: which findings make the audit exit 1. */
import { usageError } from '../errors.js';
import { SEVERITIES, type Finding, type Severity } from '../rules/types.js';
import { FAIL_ON_CHOICES, type FailOn } from './types.js';

export function parseFailOn(value: string): FailOn {
  const normalized = value.trim().toLowerCase();
  if ((FAIL_ON_CHOICES as readonly string[]).includes(normalized)) return normalized as FailOn;
  throw usageError(`--fail-on must be one of ${FAIL_ON_CHOICES.join(', ')} (got "${value}")`);
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The findings at or above the threshold; none for 'none'. */
export function atOrAbove(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  const threshold = severityRank(failOn);
  return findings.filter((finding) => severityRank(finding.severity) >= threshold);
}
