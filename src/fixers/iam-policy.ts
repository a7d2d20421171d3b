/** A least-privilege IAM policy from what the collectors and fixers declare (declarePermissions). */
import { declaredPermissions, type PermissionScope } from '../aws/permissions.js';

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/** `fix` re-collects and re-audits after applying, so it needs the audit's reads as well. */
const SCOPES_FOR: Record<'audit' | 'fix', PermissionScope[]> = { audit: ['audit'], fix: ['audit', 'fix'] };

export function policyActions(purpose: 'audit' | 'fix'): string[] {
  const scopes = SCOPES_FOR[purpose];
  const actions = declaredPermissions()
    .filter((d) => scopes.includes(d.scope))
    .flatMap((d) => d.actions);
  return [...new Set(actions)].sort();
}

export function iamPolicy(purpose: 'audit' | 'fix'): IamPolicyDocument {
  const sid = purpose === 'audit' ? 'ClinnetOptAudit' : 'ClinnetOptFix';
  return { Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: policyActions(purpose), Resource: '*' }] };
}
