/** forEachAccount against mocked Organizations and STS answers shaped like the real APIs. */
import { DescribeOrganizationCommand, ListAccountsCommand, ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { CliError, ExitCode } from '../../src/errors.js';
import { forEachAccount, type OrgReadRequest } from '../../src/org/read-accounts.js';
import { awsError } from '../support/fake-account/errors.js';

const MANAGEMENT = '111111111111';
const PROD = '222222222222';
const DEV = '333333333333';
const orgs = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);

const request = (accounts: OrgReadRequest['accounts'] = { kind: 'org' }, maxInFlight = 4): OrgReadRequest => ({
  accounts,
  role: { roleName: 'OrganizationAccountAccessRole', sessionName: 'clinnet-opt-audit', externalId: 'ext-1' },
  maxInFlight,
  tagKey: 'Environment',
});
const factory = (): ClientFactory => new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { credentials: { accessKeyId: 'AKIAMANAGEMENT', secretAccessKey: 's' } } });

/** Each access key answers GetCallerIdentity for the account it was issued in, as STS does. */
const keyAccount = new Map<string, string>([['AKIAMANAGEMENT', MANAGEMENT]]);

beforeEach(() => {
  orgs.reset();
  sts.reset();
  orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123', MasterAccountId: MANAGEMENT } });
  // Two pages, as ListAccounts pages with NextToken.
  orgs
    .on(ListAccountsCommand, { NextToken: undefined })
    .resolves({ Accounts: [{ Id: MANAGEMENT, Name: 'management', State: 'ACTIVE' }, { Id: PROD, Name: 'clinnet-prod', State: 'ACTIVE' }], NextToken: 'page-2' })
    .on(ListAccountsCommand, { NextToken: 'page-2' })
    .resolves({ Accounts: [{ Id: DEV, Name: 'workloads-b', State: 'ACTIVE' }, { Id: '444444444444', Name: 'closed', State: 'CLOSED' }] });
  orgs.on(ListTagsForResourceCommand, { ResourceId: PROD }).resolves({ Tags: [{ Key: 'environment', Value: 'Production' }] });
  orgs.on(ListTagsForResourceCommand, { ResourceId: DEV }).resolves({ Tags: [{ Key: 'Environment', Value: 'dev' }] });
  sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => {
    const account = input.RoleArn.split(':')[4];
    const key = `ASIA${account}`;
    keyAccount.set(key, account);
    return { Credentials: { AccessKeyId: key, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } };
  });
  sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const credentials = await (getClient() as STSClient).config.credentials();
    const account = keyAccount.get(credentials.accessKeyId) ?? 'unknown';
    return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/x/y` };
  });
});
afterEach(() => {
  orgs.reset();
  sts.reset();
});

describe('forEachAccount', () => {
  it('reads every ACTIVE member with its own credentials, its environment from its tag', async () => {
    const seen: string[] = [];
    const run = await forEachAccount(factory(), request(), async (account) => {
      const identity = await account.factory.sts().send(new GetCallerIdentityCommand({}));
      seen.push(`${account.id}:${identity.Account}:${account.env.env}:${account.env.from}`);
      return account.id;
    });
    expect(seen.sort()).toEqual([`${PROD}:${PROD}:prod:tag`, `${DEV}:${DEV}:dev:tag`]);
    expect(run.results.map((r) => r.value)).toEqual([PROD, DEV]);
    expect(run.organization).toEqual({ id: 'o-abc123', managementAccount: MANAGEMENT });
    expect(run.passedOver.map((p) => p.id)).toEqual([MANAGEMENT, '444444444444']);
    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed).toContainEqual({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: 'clinnet-opt-audit', ExternalId: 'ext-1' });
    expect(assumed).toHaveLength(2);
  });

  it('names an account whose role cannot be assumed with STS\'s reason, and reads the others', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole` }).rejects(
      awsError('sts', 'AccessDenied', `User: arn:aws:iam::${MANAGEMENT}:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole`, 403),
    );
    const run = await forEachAccount(factory(), request(), async (account) => account.id);
    expect(run.results.map((r) => r.value)).toEqual([PROD]);
    expect(run.notRead).toEqual([{ account: DEV, name: 'workloads-b', reason: expect.stringMatching(/^AccessDenied: User: .* is not authorized to perform: sts:AssumeRole/) }]);
  });

  it('reads the management account, when named, with the caller\'s own credentials', async () => {
    const run = await forEachAccount(factory(), request({ kind: 'accounts', ids: [MANAGEMENT] }), async (account) => account.via);
    expect(run.results.map((r) => r.value)).toEqual(['caller']);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('says how many accounts it will read before reading the first', async () => {
    const events: string[] = [];
    await forEachAccount(
      factory(),
      request(),
      async (account) => {
        events.push(`read ${account.id}`);
      },
      (accounts) => events.push(`selected ${accounts.length}`),
    );
    expect(events[0]).toBe('selected 2');
    expect(events).toHaveLength(3);
  });

  it('keeps to --max-accounts-in-flight', async () => {
    let inFlight = 0;
    let most = 0;
    await forEachAccount(factory(), request({ kind: 'org' }, 1), async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
    });
    expect(most).toBe(1);
  });

  it('says a member account without Organizations access cannot list the accounts (exit 3), and an account outside any organization is exit 2', async () => {
    orgs.on(DescribeOrganizationCommand).rejects(awsError('organizations', 'AccessDeniedException', 'You don\'t have permissions to access this resource.'));
    await expect(forEachAccount(factory(), request(), async () => 0)).rejects.toMatchObject({ exitCode: ExitCode.access, message: expect.stringMatching(/management account or of a delegated administrator/) });
    orgs.on(DescribeOrganizationCommand).rejects(awsError('organizations', 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    const error = await forEachAccount(factory(), request(), async () => 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
  });

  it('throws what is not an account\'s failure (a bug in the work) instead of calling the account unread', async () => {
    await expect(forEachAccount(factory(), request(), async () => {
      throw new TypeError('boom');
    })).rejects.toThrow('boom');
  });
});
