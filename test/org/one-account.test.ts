/** `fix --account` / `rollback --account`: the member is checked against Organizations, then reached through AssumeRole. */
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { CliError } from '../../src/errors.js';
import { assumeOneAccount, describeOneAccount, parseOneAccountOptions, type OneAccountRequest } from '../../src/org/one-account.js';

const sts = mockClient(STSClient);
const orgs = mockClient(OrganizationsClient);

const MANAGEMENT = '123456789012';
const PROD = '210987654321';
const SUSPENDED = '345678901234';

const factory = () => new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } } });
const request = (account: string, extra: Partial<OneAccountRequest['role']> = {}): OneAccountRequest => ({
  account,
  role: { roleName: 'OrganizationAccountAccessRole', sessionName: 'clinnet-opt-fix', ...extra },
});
const identity = (account: string, arn = `arn:aws:iam::${account}:user/ops`) => ({ Account: account, Arn: arn, UserId: 'AIDAEXAMPLE' });

/** An AWS error as the SDK throws it (name, message, HTTP metadata). */
function awsError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

beforeEach(() => {
  sts.reset();
  orgs.reset();
  orgs.on(DescribeOrganizationCommand).resolves({
    Organization: { Id: 'o-a1b2c3d4e5', Arn: `arn:aws:organizations::${MANAGEMENT}:organization/o-a1b2c3d4e5`, MasterAccountId: MANAGEMENT, FeatureSet: 'ALL' },
  });
  orgs.on(ListAccountsCommand).resolves({
    Accounts: [
      { Id: MANAGEMENT, Name: 'clinnet-management', State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: PROD, Name: 'clinnet-prod', State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: SUSPENDED, Name: 'clinnet-old', State: 'SUSPENDED', Status: 'SUSPENDED' },
    ],
  });
});

describe('assumeOneAccount', () => {
  it('assumes the role in a member account and checks the credentials answer for it', async () => {
    sts.on(GetCallerIdentityCommand).resolvesOnce(identity(MANAGEMENT)).resolvesOnce(identity(PROD, `arn:aws:sts::${PROD}:assumed-role/OrganizationAccountAccessRole/clinnet-opt-fix`));
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 'member-secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) },
      AssumedRoleUser: { Arn: `arn:aws:sts::${PROD}:assumed-role/OrganizationAccountAccessRole/clinnet-opt-fix`, AssumedRoleId: 'AROAEXAMPLE:clinnet-opt-fix' },
    });
    const account = await assumeOneAccount(factory(), request(PROD, { externalId: 'clinnet-7f3a' }));
    expect(account).toMatchObject({ id: PROD, name: 'clinnet-prod', via: 'assume', roleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole` });
    expect(account.factory.assumedAccount).toBe(PROD);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: 'clinnet-opt-fix', ExternalId: 'clinnet-7f3a' },
    ]);
    expect(describeOneAccount(account)).toBe(`account ${PROD} (clinnet-prod) through arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`);
  });

  it("uses the caller's own credentials when the account named is the caller's", async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(MANAGEMENT));
    const caller = factory();
    const account = await assumeOneAccount(caller, request(MANAGEMENT));
    expect(account.factory).toBe(caller);
    expect(account.via).toBe('caller');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(describeOneAccount(account)).toBe(`account ${MANAGEMENT} (clinnet-management), with the credentials in use`);
  });

  it('builds the role ARN in the caller\'s partition, with the role\'s path', async () => {
    sts.on(GetCallerIdentityCommand).resolvesOnce(identity(MANAGEMENT, `arn:aws-cn:iam::${MANAGEMENT}:user/ops`)).resolvesOnce(identity(PROD));
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } });
    await assumeOneAccount(factory(), request(PROD, { roleName: 'audit/ClinnetOptAudit' }));
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe(`arn:aws-cn:iam::${PROD}:role/audit/ClinnetOptAudit`);
  });

  it.each([
    ['999999999999', /999999999999 is not an account of organization o-a1b2c3d4e5/],
    [SUSPENDED, /345678901234 \(clinnet-old\) is SUSPENDED: only ACTIVE accounts can be read/],
  ])('%s: exit 2 before any role is assumed', async (id, message) => {
    sts.on(GetCallerIdentityCommand).resolves(identity(MANAGEMENT));
    const error = await failure(assumeOneAccount(factory(), request(id)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('exit 2 when the caller is in no organization', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(MANAGEMENT));
    orgs.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400));
    const error = await failure(assumeOneAccount(factory(), request(PROD)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/is not in an AWS Organization/);
  });

  it("a role that cannot be assumed: exit 3 naming the account, the role and STS's reason", async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(MANAGEMENT));
    const reason = `User: arn:aws:iam::${MANAGEMENT}:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`;
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', reason, 403));
    const error = await failure(assumeOneAccount(factory(), request(PROD)));
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`account ${PROD} (clinnet-prod): cannot assume arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole: AccessDenied: ${reason}`);
  });

  it('credentials that answer for another account are refused (exit 3)', async () => {
    sts.on(GetCallerIdentityCommand).resolvesOnce(identity(MANAGEMENT)).resolvesOnce(identity('111122223333'));
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } });
    const error = await failure(assumeOneAccount(factory(), request(PROD)));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/answer for account 111122223333/);
  });
});

describe('parseOneAccountOptions', () => {
  it('no --account: the caller\'s own account', () => {
    expect(parseOneAccountOptions({}, 'fix')).toBeUndefined();
  });

  it('--account with the default role and a session name CloudTrail shows', () => {
    expect(parseOneAccountOptions({ account: PROD }, 'rollback')).toEqual({
      account: PROD,
      role: { roleName: 'OrganizationAccountAccessRole', externalId: undefined, sessionName: 'clinnet-opt-rollback' },
    });
    expect(parseOneAccountOptions({ account: PROD, roleName: 'ClinnetOptFix', externalId: 'clinnet-7f3a' }, 'fix')?.role).toEqual({
      roleName: 'ClinnetOptFix',
      externalId: 'clinnet-7f3a',
      sessionName: 'clinnet-opt-fix',
    });
  });

  it.each([
    [{ roleName: 'ClinnetOptFix' }, /^--role-name applies to --account: add --account ID/],
    [{ roleName: 'ClinnetOptFix', externalId: 'abc' }, /^--role-name and --external-id apply to --account/],
    [{ account: '12345' }, /--account: "12345" is not an account id \(12 digits\)/],
    [{ account: PROD, roleName: 'has space' }, /--role-name: "has space" is not an IAM role name/],
    [{ account: PROD, externalId: 'x' }, /--external-id: 2–1224 characters/],
  ])('%j is exit 2', (options, message) => {
    let error: unknown;
    try {
      parseOneAccountOptions(options, 'fix');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
  });
});
