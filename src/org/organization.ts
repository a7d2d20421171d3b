/**
 * The organization as Organizations lists it: its management account and every account with its
 * state, name and environment. Read from the management account or a delegated administrator;
 * any other caller is refused by Organizations, and said so here (exit 3).
 */
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListTagsForResourceCommand,
  type Account,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { awsErrorName, describeAwsError } from '../aws/errors.js';
import { declarePermissions } from '../aws/permissions.js';
import { CliError, ExitCode, accessError, usageError } from '../errors.js';
import { envFromName, normalizeEnv, type Env } from '../targets/environment.js';

declarePermissions({
  source: 'org:accounts',
  scope: 'org',
  actions: ['organizations:DescribeOrganization', 'organizations:ListAccounts', 'organizations:ListTagsForResource', 'sts:GetCallerIdentity'],
});

export interface OrgAccount {
  id: string;
  name: string;
  /** Organizations' State (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, …); the retired Status when State is absent. */
  state: string;
}

export interface Organization {
  id: string;
  managementAccount: string;
  accounts: OrgAccount[];
}

export interface Caller {
  account: string;
  /** "aws", "aws-cn", "aws-us-gov": role ARNs are built in the caller's partition. */
  partition: string;
}

export async function readCaller(factory: ClientFactory): Promise<Caller> {
  const identity = await factory.sts().send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new CliError('STS did not return the account id', ExitCode.access);
  return { account: identity.Account, partition: identity.Arn?.split(':')[1] || 'aws' };
}

/** Organizations' refusals as the user's next step. */
function organizationsError(error: unknown, caller: Caller): never {
  const name = awsErrorName(error);
  if (name === 'AWSOrganizationsNotInUseException') {
    throw usageError(`account ${caller.account} is not in an AWS Organization: --org, --accounts and --account reach member accounts through one; run from the organization's management account, or drop the option to work on this account alone`);
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    throw accessError(
      `Organizations refused to list the accounts (${describeAwsError(error)}): run --org/--accounts with credentials of the management account or of a delegated administrator, allowed organizations:ListAccounts (see \`clinnet-opt iam-policy --for org\`)`,
    );
  }
  throw error;
}

const MAX_PAGES = 1000;

async function listAccounts(factory: ClientFactory): Promise<Account[]> {
  const accounts: Account[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await factory.organizations().send(new ListAccountsCommand({ NextToken: token }));
    accounts.push(...(answer.Accounts ?? []));
    token = answer.NextToken;
    if (!token) return accounts;
  }
  throw new CliError(`Organizations ListAccounts returned more than ${MAX_PAGES} pages`, ExitCode.access);
}

export async function readOrganization(factory: ClientFactory, caller: Caller): Promise<Organization> {
  try {
    const described = await factory.organizations().send(new DescribeOrganizationCommand({}));
    const accounts = await listAccounts(factory);
    return {
      id: described.Organization?.Id ?? 'unknown',
      managementAccount: described.Organization?.MasterAccountId ?? '',
      accounts: accounts.flatMap((a) => (a.Id ? [{ id: a.Id, name: a.Name ?? a.Id, state: String(a.State ?? a.Status ?? 'UNKNOWN') }] : [])),
    };
  } catch (error) {
    return organizationsError(error, caller);
  }
}

export interface AccountEnv {
  env: Env | null;
  /** How it was told: the account's environment tag in Organizations, or an environment word in its name. */
  from: 'tag' | 'name' | null;
}

/** The account's environment tag (the audit's tag key), else an environment word in its name, else none. */
export function accountEnv(name: string, tags: Record<string, string>, tagKey: string): AccountEnv {
  const tagValue = Object.entries(tags).find(([key]) => key.toLowerCase() === tagKey.toLowerCase())?.[1];
  const fromTag = normalizeEnv(tagValue);
  if (fromTag) return { env: fromTag, from: 'tag' };
  const fromName = envFromName(name);
  return fromName ? { env: fromName, from: 'name' } : { env: null, from: null };
}

/** The account's tags in Organizations; null when they cannot be read (the name still may tell). */
export async function readAccountTags(factory: ClientFactory, accountId: string): Promise<Record<string, string> | null> {
  const tags: Record<string, string> = {};
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await factory.organizations().send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken: token }));
      for (const tag of answer.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
      token = answer.NextToken;
      if (!token) break;
    }
  } catch {
    return null;
  }
  return tags;
}
