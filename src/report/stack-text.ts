/** How a report names the CloudFormation stack that manages a finding's resource, in every format. */
import type { StackSummary } from '../audit/types.js';
import type { Finding } from '../rules/types.js';
import { plural, signedUsd, USAGE_NEEDED } from './format.js';

/** "clinnet-emr-backend-dev · GetPatientsFunction" (and "(SAM GetPatientsFunction)" when SAM generated it from another resource), or "—". */
export function stackText(finding: Pick<Finding, 'stack'>): string {
  const s = finding.stack;
  if (!s) return '—';
  const sam = s.samResource && s.samResource !== s.logicalId ? ` (SAM ${s.samResource})` : '';
  return `${s.name} · ${s.logicalId}${sam}`;
}

export const anyStack = (findings: readonly Pick<Finding, 'stack'>[]): boolean => findings.some((f) => f.stack);

/** "clinnet-emr-backend-dev (us-west-2): 3 findings · −$1.20/month priced · 1 usage data needed" */
export function stackSummaryText(s: StackSummary, accountOf?: (account: string | null) => string): string {
  const priced = s.findings > s.unpricedFindings ? [Math.round(s.monthlyDeltaUsd * 100) === 0 ? 'no priced change' : `${signedUsd(s.monthlyDeltaUsd)}/month priced`] : [];
  const unpriced = s.unpricedFindings ? [`${s.unpricedFindings} ${USAGE_NEEDED}`] : [];
  const where = [accountOf ? accountOf(s.account) : '', s.regions.join(', ')].filter(Boolean).join(' ');
  return `${s.stack}${where ? ` (${where})` : ''}: ${[plural(s.findings, 'finding'), ...priced, ...unpriced].join(' · ')}`;
}
