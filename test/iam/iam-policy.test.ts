import { describe, expect, it } from 'vitest';
// The command module imports every declaring module, as `clinnet-opt iam-policy` does.
import '../../src/commands/iam-policy.js';
import { iamPolicy, policyActions } from '../../src/fixers/iam-policy.js';

describe('iam-policy per purpose', () => {
  it('gives migrate-dynamo exactly the scan, secret and Data API actions it declares', () => {
    const actions = policyActions('migrate');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:DescribeTable', 'secretsmanager:GetSecretValue', 'rds-data:ExecuteStatement']));
    // The source table is never modified: no DynamoDB write action is granted.
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
  });

  it('gives cost-report Cost Explorer, PutMetricData and Budgets, and nothing of the fixers', () => {
    const actions = policyActions('cost');
    expect(actions).toEqual(expect.arrayContaining(['ce:GetCostAndUsage', 'cloudwatch:PutMetricData', 'budgets:ModifyBudget', 'budgets:ViewBudget']));
    expect(actions.some((a) => a.startsWith('lambda:') || a.startsWith('rds:'))).toBe(false);
  });

  it('names each policy statement after its purpose', () => {
    expect(iamPolicy('cost').Statement[0].Sid).toBe('ClinnetOptCostReport');
    expect(iamPolicy('migrate').Statement[0].Sid).toBe('ClinnetOptMigrate');
  });
});
