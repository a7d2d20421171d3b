/**
 * An organization of synthetic accounts (bench/support/synthetic-account.ts) behind
 * aws-sdk-client-mock: a management account and `members` member accounts, Organizations
 * (DescribeOrganization, ListAccounts paged, ListTagsForResource) and STS AssumeRole answered after
 * the same latency as every other call. Each AssumeRole issues an access key of its own; every
 * request counts against, and GetCallerIdentity answers, the account whose key signed it, as STS does.
 * Every member holds the same resources (ARNs name the synthetic account, not the member).
 */
import { DescribeOrganizationCommand, ListAccountsCommand, ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ClientFactory } from '../../src/aws/clients.js';
import { installSyntheticAccount, type Sizes, type SyntheticAccount } from './synthetic-account.js';

export const MANAGEMENT = '100000000000';
const MANAGEMENT_KEY = 'AKIAMANAGEMENT';
/**
 * ListAccounts pages with NextToken and may return fewer accounts than MaxResults (at most 20):
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 * A small page makes the bench page through the list as a larger organization would.
 */
const LIST_ACCOUNTS_PAGE = 4;
const ENVS = ['prod', 'dev', 'staging'];

export interface MemberAccount {
  id: string;
  name: string;
  env: string;
}

export interface SyntheticOrg {
  members: MemberAccount[];
  /** Counts by operation, by account (callsByAccount) and the per-account minimum. */
  account: SyntheticAccount;
  /** ListAccounts pages a complete listing needs. */
  listAccountsPages: number;
  /** A factory signing as the management account (as `--org` runs from it). */
  managementFactory(): ClientFactory;
  restore(): void;
}

export function installSyntheticOrg(latencyMs: number, options: { members: number; sizes?: Partial<Sizes> }): SyntheticOrg {
  const members = Array.from({ length: options.members }, (_, i) => {
    const id = String(200000000001 + i);
    const env = ENVS[i % ENVS.length];
    return { id, name: `clinnet-${env}-${i + 1}`, env };
  });
  // Each access key answers for the account it was issued in.
  const keyAccount = new Map<string, string>([[MANAGEMENT_KEY, MANAGEMENT]]);
  let issued = 0;
  const accountOf = async (client: any): Promise<string> => {
    const credentials = await client.config.credentials();
    return keyAccount.get(credentials.accessKeyId) ?? 'unknown';
  };
  const account = installSyntheticAccount(latencyMs, { sizes: options.sizes, accountOf });

  const listed = [{ Id: MANAGEMENT, Name: 'management', State: 'ACTIVE' }, ...members.map((m) => ({ Id: m.id, Name: m.name, State: 'ACTIVE' }))];
  account.answer(OrganizationsClient, DescribeOrganizationCommand, 'DescribeOrganization', () => ({
    Organization: { Id: 'o-synthetic01', MasterAccountId: MANAGEMENT, FeatureSet: 'ALL' },
  }));
  account.answer(OrganizationsClient, ListAccountsCommand, 'ListAccounts', (input) => {
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const end = start + Math.min(input.MaxResults ?? LIST_ACCOUNTS_PAGE, LIST_ACCOUNTS_PAGE);
    return { Accounts: listed.slice(start, end), NextToken: end < listed.length ? String(end) : undefined };
  });
  account.answer(OrganizationsClient, ListTagsForResourceCommand, 'ListTagsForResource', (input) => {
    const member = members.find((m) => m.id === input.ResourceId);
    return { Tags: member ? [{ Key: 'Environment', Value: member.env }] : [] };
  });
  account.answer(STSClient, AssumeRoleCommand, 'AssumeRole', (input) => {
    const id = String(input.RoleArn).split(':')[4];
    const key = `ASIA${id}${String(++issued).padStart(4, '0')}`;
    keyAccount.set(key, id);
    return {
      Credentials: { AccessKeyId: key, SecretAccessKey: 'synthetic', SessionToken: 'synthetic', Expiration: new Date(Date.now() + 3600_000) },
      AssumedRoleUser: { AssumedRoleId: `AROASYNTHETIC:${input.RoleSessionName}`, Arn: `arn:aws:sts::${id}:assumed-role/${String(input.RoleArn).split('/').pop()}/${input.RoleSessionName}` },
    };
  });

  return {
    members,
    account,
    listAccountsPages: Math.ceil(listed.length / LIST_ACCOUNTS_PAGE),
    managementFactory: () =>
      new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { credentials: { accessKeyId: MANAGEMENT_KEY, secretAccessKey: 'synthetic' } } }),
    restore: () => account.restore(),
  };
}
