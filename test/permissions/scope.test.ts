import { describe, expect, it } from 'vitest';
// The command module imports every declaring module, as `clinnet-opt iam-policy` does.
import '../../src/commands/iam-policy.js';
import { declaredPermissions } from '../../src/aws/permissions.js';
import { policyActions, POLICY_PURPOSES, type PolicyPurpose } from '../../src/fixers/iam-policy.js';
import { ACTION_SCOPES, iamActionFor } from '../../src/permissions/catalog.js';
import { scopeContext, scopeNotes, type ScopeOptions } from '../../src/permissions/context.js';
import { scopedPolicy, type PolicyStatement } from '../../src/permissions/scope.js';

const base = { budgetPrefix: 'clinnet-opt', metricNamespace: 'ClinnetOpt' };
const ctxFor = (purpose: PolicyPurpose, extra: Partial<ScopeOptions> = {}) =>
  scopeContext({ ...base, account: '123456789012', regions: ['eu-west-1'], readsAccountWide: purpose === 'audit' || purpose === 'fix', ...extra });

const resources = (s: PolicyStatement): string[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const statementOf = (statements: PolicyStatement[], action: string): PolicyStatement => {
  const found = statements.filter((s) => s.Action.includes(action));
  expect(found, action).toHaveLength(1);
  return found[0];
};

/** The ARN service for an action's prefix (rds-data acts on RDS clusters, sts:AssumeRole on IAM roles). */
const ARN_SERVICE: Record<string, string> = { 'rds-data': 'rds', sts: 'iam' };
/** ARNs without a region (global services, S3 buckets) or without an account (S3, API Gateway paths). */
const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z]{2}(?:-[a-z]+)+-\d|\*)?:(\d{12}|\*)?:(\S+)$/;

describe('iam-policy scoping', () => {
  it('knows the resource types of every action the code declares', () => {
    const declared = [...new Set(declaredPermissions().flatMap((d) => d.actions.map(iamActionFor)))];
    expect(declared.filter((action) => !ACTION_SCOPES[action])).toEqual([]);
  });

  it.each(POLICY_PURPOSES)('%s: valid IAM JSON, every declared action exactly once, every ARN well formed', (purpose) => {
    const actions = policyActions(purpose);
    const { policy, uncatalogued } = scopedPolicy(actions, ctxFor(purpose));
    expect(uncatalogued).toEqual([]);
    expect(policy.Version).toBe('2012-10-17');
    const granted = policy.Statement.flatMap((s) => s.Action);
    expect([...granted].sort()).toEqual([...new Set(actions.map(iamActionFor))].sort());
    expect(new Set(granted).size).toBe(granted.length);
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of policy.Statement) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(statement.Effect).toBe('Allow');
      for (const resource of resources(statement)) {
        if (resource === '*') continue;
        const match = ARN.exec(resource);
        expect(match, `${statement.Sid}: ${resource}`).not.toBeNull();
        const services = new Set(statement.Action.map((a) => a.split(':')[0]).map((p) => ARN_SERVICE[p] ?? p));
        expect([...services], resource).toEqual([match?.[2]]);
        expect(resource).not.toMatch(/\*\*|::::|\s/);
        if (resource.includes(':eu-west-1:') === false && !/^arn:aws:(s3|cloudfront|budgets|apigateway|organizations|iam):/.test(resource)) {
          throw new Error(`${resource} names no region although --region eu-west-1 was given`);
        }
      }
    }
    // JSON round trip: what the command prints parses back to the same document.
    expect(JSON.parse(JSON.stringify(policy))).toEqual(policy);
  });

  it('keeps "*" only for actions the catalog lists with no resource types, and names them', () => {
    const { policy, unscoped } = scopedPolicy(policyActions('fix'), ctxFor('fix'));
    const star = policy.Statement.filter((s) => s.Resource === '*').flatMap((s) => s.Action).sort();
    expect(star).toEqual([...unscoped].sort());
    for (const action of star) expect(ACTION_SCOPES[action].resources).toEqual([]);
    expect(star).toEqual(expect.arrayContaining(['lambda:ListFunctions', 'ec2:DescribeVpcs', 'sts:GetCallerIdentity', 's3:ListAllMyBuckets']));
    expect(policy.Statement.find((s) => s.Resource === '*')?.Sid).toBe('NoResourceLevelPermissions');
  });

  it('fix: writes reach only the configured names; reads stay type-wide so the re-audit sees the whole account', () => {
    const { policy } = scopedPolicy(policyActions('fix'), ctxFor('fix'));
    expect(resources(statementOf(policy.Statement, 'lambda:UpdateFunctionConfiguration'))).toEqual(['arn:aws:lambda:eu-west-1:123456789012:function:clinnet-*']);
    expect(resources(statementOf(policy.Statement, 'rds:ModifyDBCluster'))).toEqual(['arn:aws:rds:eu-west-1:123456789012:cluster:clinnet-*']);
    expect(resources(statementOf(policy.Statement, 's3:PutLifecycleConfiguration'))).toEqual(['arn:aws:s3:::clinnet-*']);
    expect(resources(statementOf(policy.Statement, 'dynamodb:UpdateTable'))).toEqual(['arn:aws:dynamodb:eu-west-1:123456789012:table/clinnet-*']);
    expect(resources(statementOf(policy.Statement, 'logs:PutRetentionPolicy'))).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/*/clinnet-*',
      'arn:aws:logs:eu-west-1:123456789012:log-group:clinnet-*',
    ]);
    expect(resources(statementOf(policy.Statement, 'cloudfront:UpdateDistribution'))).toEqual(['arn:aws:cloudfront::123456789012:distribution/*']);
    expect(resources(statementOf(policy.Statement, 'lambda:GetFunction'))).toEqual(['arn:aws:lambda:eu-west-1:123456789012:function:*']);
    expect(resources(statementOf(policy.Statement, 'rds:DescribeDBClusters'))).toEqual(['arn:aws:rds:eu-west-1:123456789012:cluster:*']);
  });

  it('uses the config name patterns and every region given, and qualifies exact names', () => {
    const ctx = ctxFor('fix', { namePatterns: ['emr-api', 'emr-jobs-*'], regions: ['eu-west-1', 'eu-central-1'] });
    const { policy } = scopedPolicy(policyActions('fix'), ctx);
    expect(resources(statementOf(policy.Statement, 'lambda:PutProvisionedConcurrencyConfig')).sort()).toEqual(
      [
        'arn:aws:lambda:eu-central-1:123456789012:function:emr-api',
        'arn:aws:lambda:eu-central-1:123456789012:function:emr-api:*',
        'arn:aws:lambda:eu-central-1:123456789012:function:emr-jobs-*',
        'arn:aws:lambda:eu-west-1:123456789012:function:emr-api',
        'arn:aws:lambda:eu-west-1:123456789012:function:emr-api:*',
        'arn:aws:lambda:eu-west-1:123456789012:function:emr-jobs-*',
      ].sort(),
    );
  });

  it('migrate: GetSecretValue reaches the named secret only, the Data API the named cluster, the scan the named tables', () => {
    const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clinnet-aurora-admin-Ab12Cd';
    const cluster = 'arn:aws:rds:eu-west-1:123456789012:cluster:clinnet-aurora-prod';
    const { policy } = scopedPolicy(policyActions('migrate'), ctxFor('migrate', { secretArns: [secret], clusterArns: [cluster] }));
    expect(statementOf(policy.Statement, 'secretsmanager:GetSecretValue').Resource).toEqual([secret]);
    expect(statementOf(policy.Statement, 'rds-data:ExecuteStatement').Resource).toEqual([cluster]);
    expect(statementOf(policy.Statement, 'dynamodb:Scan').Resource).toEqual(['arn:aws:dynamodb:eu-west-1:123456789012:table/clinnet-*']);
    // Only ListTables (migrate-dynamo --env finds the tables) has no resource-level permission.
    expect(policy.Statement.filter((s) => s.Resource === '*').flatMap((s) => s.Action)).toEqual(['dynamodb:ListTables']);
  });

  it('migrate without --secret-arn: secrets named by the patterns, with the suffix Secrets Manager adds to exact names', () => {
    const { policy } = scopedPolicy(policyActions('migrate'), ctxFor('migrate', { namePatterns: ['clinnet-db'] }));
    expect(statementOf(policy.Statement, 'secretsmanager:GetSecretValue').Resource).toEqual(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:clinnet-db-??????']);
  });

  it('cost: budgets by the configured prefix, PutMetricData limited to the tool namespace', () => {
    const { policy } = scopedPolicy(policyActions('cost'), ctxFor('cost'));
    expect(statementOf(policy.Statement, 'budgets:ModifyBudget').Resource).toEqual(['arn:aws:budgets::123456789012:budget/clinnet-opt-*']);
    const put = statementOf(policy.Statement, 'cloudwatch:PutMetricData');
    expect(put.Resource).toBe('*');
    expect(put.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'ClinnetOpt' } });
    expect(statementOf(policy.Statement, 'ce:GetCostAndUsage').Condition).toBeUndefined();
  });

  it('org: the organization reads, and AssumeRole on the member role only (any member, or the --account given)', () => {
    const open = scopedPolicy(policyActions('org'), ctxFor('org', { account: undefined, regions: undefined }));
    expect(open.policy.Statement.flatMap((s) => s.Action).sort()).toEqual([
      'organizations:DescribeOrganization',
      'organizations:ListAccounts',
      'organizations:ListTagsForResource',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
    expect(statementOf(open.policy.Statement, 'sts:AssumeRole').Resource).toEqual(['arn:aws:iam::*:role/OrganizationAccountAccessRole']);
    expect(statementOf(open.policy.Statement, 'organizations:ListTagsForResource').Resource).toEqual(['arn:aws:organizations::*:account/o-*/*']);
    expect(open.unscoped.sort()).toEqual(['organizations:DescribeOrganization', 'organizations:ListAccounts', 'sts:GetCallerIdentity']);

    const pinned = scopedPolicy(policyActions('org'), ctxFor('org', { account: '210987654321', roleName: 'audit/ClinnetOptAudit', regions: ['cn-north-1'] }));
    expect(statementOf(pinned.policy.Statement, 'sts:AssumeRole').Resource).toEqual(['arn:aws-cn:iam::210987654321:role/audit/ClinnetOptAudit']);
    expect(statementOf(pinned.policy.Statement, 'organizations:ListTagsForResource').Resource).toEqual(['arn:aws-cn:organizations::*:account/o-*/210987654321']);
    // The audit's and the fixers' actions belong to the member role's policy, not to the caller's.
    expect(policyActions('org').some((a) => /^(lambda|rds|dynamodb|s3):/.test(a))).toBe(false);
  });

  it('org without --account: the note says the role may be assumed in any account', () => {
    const ctx = ctxFor('org', { account: undefined, accountIsMember: true });
    const result = scopedPolicy(policyActions('org'), ctx);
    const notes = scopeNotes(ctx, result, policyActions('org'));
    expect(notes).toContainEqual(expect.stringMatching(/^no --account: OrganizationAccountAccessRole may be assumed in any account that trusts this one; pass --account/));
    expect(notes.some((n) => n.includes('--region'))).toBe(false);
  });

  it('uses the partition of the regions given', () => {
    const { policy } = scopedPolicy(policyActions('fix'), ctxFor('fix', { regions: ['cn-north-1'] }));
    expect(statementOf(policy.Statement, 'lambda:UpdateFunctionCode').Resource).toEqual(['arn:aws-cn:lambda:cn-north-1:123456789012:function:clinnet-*']);
  });

  it.each([
    [{ account: '12345' }, /--account must be a 12-digit/],
    [{ regions: ['mars'] }, /--region must be a region name/],
    [{ regions: ['eu-west-1', 'cn-north-1'] }, /span partitions aws and aws-cn/],
    [{ secretArns: ['clinnet-db'] }, /--secret-arn must be an ARN/],
    [{ clusterArns: ['arn:aws:rds:eu-west-1:123456789012:db:x'] }, /--cluster-arn must be an ARN/],
    [{ roleName: 'no spaces allowed' }, /--role-name: "no spaces allowed" is not an IAM role name/],
  ])('refuses %j', (extra, message) => {
    expect(() => ctxFor('migrate', extra)).toThrow(message);
  });
});
