import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './built-cli.js';

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
  Condition?: unknown;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

const ACCOUNT = ['--account', '123456789012', '--region', 'eu-west-1'];
const tmp = (): string => mkdtempSync(join(tmpdir(), 'clinnet-iam-'));
const resourceOf = (policy: Policy, action: string): string | string[] | undefined => policy.Statement.find((s) => s.Action.includes(action))?.Resource;

function policy(args: string[]): { policy: Policy; stderr: string } {
  const run = runCli(['iam-policy', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return { policy: JSON.parse(run.stdout) as Policy, stderr: run.stderr };
}

beforeAll(() => ensureBuilt());

describe('clinnet-opt iam-policy (built CLI)', () => {
  it('fix: every action once, writes scoped to clinnet-* in the account and region, the "*" actions named on stderr', () => {
    const { policy: fix, stderr } = policy(['--for', 'fix', ...ACCOUNT]);
    expect(fix.Version).toBe('2012-10-17');
    const actions = fix.Statement.flatMap((s) => s.Action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(resourceOf(fix, 'lambda:UpdateFunctionConfiguration')).toEqual(['arn:aws:lambda:eu-west-1:123456789012:function:clinnet-*']);
    expect(resourceOf(fix, 'rds:ModifyDBCluster')).toEqual(['arn:aws:rds:eu-west-1:123456789012:cluster:clinnet-*']);
    const star = fix.Statement.filter((s) => s.Resource === '*');
    expect(star.map((s) => s.Sid)).toEqual(['NoResourceLevelPermissions']);
    expect(stderr).toMatch(/^iam-policy: \d+ actions have no resource-level permissions in IAM and keep Resource "\*": /m);
    for (const action of star[0].Action) expect(stderr).toContain(action);
    // With --account and --region given, nothing else is left open.
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('without --account and --region says the ARNs are open on both', () => {
    const { policy: audit, stderr } = policy(['--for', 'audit']);
    expect(resourceOf(audit, 'lambda:GetFunction')).toEqual(['arn:aws:lambda:*:*:function:*']);
    expect(stderr).toMatch(/no --account: the ARNs match any account/);
    expect(stderr).toMatch(/no --region: the ARNs match any region/);
    expect(audit.Statement.flatMap((s) => s.Action).some((a) => /:(Update|Put|Create|Delete|Modify)/.test(a))).toBe(false);
  });

  it('--quiet prints the policy alone', () => {
    const run = runCli(['iam-policy', '--for', 'audit', '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('migrate --secret-arn: GetSecretValue on that secret only', () => {
    const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clinnet-aurora-admin-Ab12Cd';
    const { policy: migrate, stderr } = policy(['--for', 'migrate', ...ACCOUNT, '--secret-arn', secret]);
    expect(resourceOf(migrate, 'secretsmanager:GetSecretValue')).toEqual([secret]);
    // ListTables (--env finds the tables) has no resource-level permission: the one "*", named on stderr.
    expect(migrate.Statement.filter((s) => s.Resource === '*').flatMap((s) => s.Action)).toEqual(['dynamodb:ListTables']);
    expect(stderr).toMatch(/dynamodb:ListTables/);
    expect(stderr).not.toMatch(/secret/i);
  });

  it('migrate without --secret-arn says how to narrow the secret', () => {
    const { policy: migrate, stderr } = policy(['--for', 'migrate', ...ACCOUNT]);
    expect(resourceOf(migrate, 'secretsmanager:GetSecretValue')).toEqual(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:clinnet-*']);
    expect(stderr).toMatch(/pass the --secret-arn migrate-dynamo uses/);
  });

  it('takes the name patterns from the config file', () => {
    const dir = tmp();
    const config = join(dir, 'clinnet-opt.config.json');
    writeFileSync(config, JSON.stringify({ iam: { namePatterns: ['emr-*', 'portal-api'] } }));
    const { policy: fix } = policy(['--for', 'fix', ...ACCOUNT, '--config', config]);
    expect(resourceOf(fix, 's3:PutLifecycleConfiguration')).toEqual(['arn:aws:s3:::emr-*', 'arn:aws:s3:::portal-api']);
  });

  it('org: the organization caller may list the accounts and assume the named member role', () => {
    const { policy: org, stderr } = policy(['--for', 'org', '--role-name', 'ClinnetOptAudit']);
    expect(org.Statement.flatMap((s) => s.Action).sort()).toEqual([
      'organizations:DescribeOrganization',
      'organizations:ListAccounts',
      'organizations:ListTagsForResource',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
    expect(resourceOf(org, 'sts:AssumeRole')).toEqual(['arn:aws:iam::*:role/ClinnetOptAudit']);
    expect(stderr).toMatch(/no --account: ClinnetOptAudit may be assumed in any account that trusts this one/);
    const pinned = policy(['--for', 'org', '--account', '210987654321', '--quiet']).policy;
    expect(resourceOf(pinned, 'sts:AssumeRole')).toEqual(['arn:aws:iam::210987654321:role/OrganizationAccountAccessRole']);
  });

  it('trust: the member role trusts the account named, with the ExternalId', () => {
    const { policy: trust, stderr } = policy(['--for', 'trust', '--trust-account', '123456789012', '--external-id', 'clinnet-7f3a']);
    expect(trust.Statement).toEqual([
      {
        Sid: 'ClinnetOptAssumeFromTrustedAccount',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'clinnet-7f3a' } },
      },
    ]);
    expect(stderr).toBe('');
  });

  it.each([
    [['--account', '1234'], /--account must be a 12-digit AWS account ID \(got "1234"\)/],
    [['--for', 'trust'], /--for trust needs --trust-account ID/],
    [['--for', 'trust', '--trust-account', '12'], /--trust-account must be a 12-digit AWS account ID/],
    [['--for', 'trust', '--trust-account', '123456789012', '--account', '123456789012'], /--for trust names the trusted account with --trust-account, not --account/],
    [['--for', 'audit', '--trust-account', '123456789012'], /--trust-account names the account the member role trusts: use it with --for trust/],
    [['--for', 'org', '--external-id', 'abc'], /--external-id goes in the member role's trust policy: use it with --for trust/],
    [['--for', 'audit', '--role-name', 'ClinnetOptAudit'], /--role-name names the member role the organization caller assumes: use it with --for org/],
    [['--for', 'org', '--role-name', 'bad name'], /--role-name: "bad name" is not an IAM role name/],
    [['--region', 'eu-west'], /--region must be a region name like eu-west-1/],
    [['--for', 'migrate', '--secret-arn', 'my-secret'], /--secret-arn must be an ARN like/],
    [['--for', 'fix', '--cluster-arn', 'arn:aws:rds:eu-west-1:123456789012:cluster:clinnet-aurora-prod'], /--cluster-arn names the migration's cluster: use it with --for migrate/],
  ])('%j is a usage error (exit 2), nothing printed to stdout', (args, message) => {
    const run = runCli(['iam-policy', ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('a pattern that would break the ARN is a config error naming the key', () => {
    const dir = tmp();
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify({ iam: { namePatterns: ['clinnet:*'] } }));
    const run = runCli(['iam-policy', '--for', 'fix', '--config', config]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/invalid config at iam\.namePatterns\[0\]: must be a resource name or glob/);
  });
});
