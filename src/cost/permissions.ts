/** The IAM actions `cost-report` calls (scope 'cost'); docs/cron.md's policy is made from these. */
import { declarePermissions, declaredPermissions } from '../aws/permissions.js';

export const COST_REPORT_PERMISSIONS = declarePermissions({
  source: 'cost-report',
  scope: 'cost',
  actions: ['ce:GetCostAndUsage'],
});

/** --org: whether the environment tag is an active cost allocation tag (src/cost/cost-allocation-tags.ts). The Organizations reads are src/org's. */
export const COST_ORG_PERMISSIONS = declarePermissions({
  source: 'cost-report --org',
  scope: 'cost',
  actions: ['ce:ListCostAllocationTags'],
});

export const COST_METRICS_PERMISSIONS = declarePermissions({
  source: 'cost-report:--put-metrics',
  scope: 'cost',
  actions: ['cloudwatch:PutMetricData'],
});

export const COST_BUDGETS_PERMISSIONS = declarePermissions({
  source: 'cost-report budgets',
  scope: 'cost',
  // DescribeBudget, DescribeNotificationsForBudget, DescribeSubscribersForNotification need
  // ViewBudget; Create/Update budget, notification and subscriber calls need ModifyBudget.
  actions: ['budgets:ViewBudget', 'budgets:ModifyBudget'],
});

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }>;
}

/** A least-privilege policy for the cost commands, from the declarations above. */
export function costIamPolicy(): IamPolicyDocument {
  const actions = [...new Set(declaredPermissions().filter((d) => d.scope === 'cost').flatMap((d) => d.actions))].sort();
  return { Version: '2012-10-17', Statement: [{ Sid: 'ClinnetOptCostReport', Effect: 'Allow', Action: actions, Resource: '*' }] };
}
