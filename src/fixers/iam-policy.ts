/** A least-privilege IAM policy from what the collectors and fixers declare (declarePermissions). */
import { declaredPermissions, type PermissionScope } from '../aws/permissions.js';

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/** `org`: the caller in the management (or delegated administrator) account, for --org, --accounts and --account. */
export const POLICY_PURPOSES = ['audit', 'fix', 'migrate', 'cost', 'org'] as const;
export type PolicyPurpose = (typeof POLICY_PURPOSES)[number];

/** `fix` re-collects and re-audits after applying, so it needs the audit's reads as well. */
const SCOPES_FOR: Record<PolicyPurpose, PermissionScope[]> = { audit: ['audit'], fix: ['audit', 'fix'], migrate: ['migrate'], cost: ['cost'], org: ['org'] };
const SIDS: Record<PolicyPurpose, string> = { audit: 'ClinnetOptAudit', fix: 'ClinnetOptFix', migrate: 'ClinnetOptMigrate', cost: 'ClinnetOptCostReport', org: 'ClinnetOptOrganization' };

export function policyActions(purpose: PolicyPurpose): string[] {
  const scopes = SCOPES_FOR[purpose];
  const actions = declaredPermissions()
    .filter((d) => scopes.includes(d.scope))
    .flatMap((d) => d.actions);
  return [...new Set(actions)].sort();
}

export function iamPolicy(purpose: PolicyPurpose): IamPolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: SIDS[purpose], Effect: 'Allow', Action: policyActions(purpose), Resource: '*' }] };
}
