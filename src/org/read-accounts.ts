/**
 * Runs one piece of work per selected account, each with that account's own credentials, at most
 * `maxInFlight` accounts at a time (each account's read keeps its own per-service limits inside).
 * An account whose role cannot be assumed, or whose credentials answer for another account, is
 * returned as not read with STS's reason; the others are read. Usage errors and bugs still throw.
 */
import type { ClientFactory } from '../aws/clients.js';
import { cliErrorForAws, describeAwsError } from '../aws/errors.js';
import { mapLimit } from '../aws/concurrency.js';
import { CliError, ExitCode } from '../errors.js';
import type { UnreadAccount } from '../inventory/snapshot-set.js';
import { credentialsFor } from './account-credentials.js';
import type { RoleOptions } from './assume-role.js';
import { accountEnv, readAccountTags, readCaller, readOrganization, type AccountEnv, type Caller } from './organization.js';
import { selectAccounts, type AccountsRequest, type SelectedAccount } from './selection.js';
import type { OrganizationInfo } from '../inventory/snapshot-set.js';

export interface OrgReadRequest {
  accounts: AccountsRequest;
  role: RoleOptions;
  maxInFlight: number;
  /** The audit's environment tag key: an account's tag with this key names its environment. */
  tagKey: string;
}

export interface ReadableAccount extends SelectedAccount {
  env: AccountEnv;
  /** Signs as this account: the caller's own credentials or the assumed role's. */
  factory: ClientFactory;
}

export interface AccountsRun<T> {
  organization: OrganizationInfo;
  caller: Caller;
  results: { account: ReadableAccount; value: T }[];
  notRead: UnreadAccount[];
  /** Accounts --org did not read on purpose, with the reason (the management account, suspended ones). */
  passedOver: { id: string; name: string; reason: string }[];
}

/** The one line a user reads for an account that could not be read. */
function reasonOf(error: unknown): string {
  if (error instanceof CliError) return error.message;
  return describeAwsError(error);
}

/** An AWS failure while assuming or reading one account: recorded against it; anything else throws. */
function isAccountFailure(error: unknown): boolean {
  if (error instanceof CliError) return error.exitCode === ExitCode.access;
  return cliErrorForAws(error) !== undefined;
}

export async function forEachAccount<T>(
  factory: ClientFactory,
  request: OrgReadRequest,
  work: (account: ReadableAccount) => Promise<T>,
  /** Told how many accounts will be read, before the first is (progress). */
  onSelected?: (accounts: readonly SelectedAccount[]) => void,
): Promise<AccountsRun<T>> {
  const caller = await readCaller(factory);
  const org = await readOrganization(factory, caller);
  const selection = selectAccounts(org, request.accounts, caller);
  onSelected?.(selection.accounts);
  const outcomes = await mapLimit(selection.accounts, request.maxInFlight, async (account) => {
    const tags = await readAccountTags(factory, account.id);
    const env = accountEnv(account.name, tags ?? {}, request.tagKey);
    try {
      const { factory: accountFactory } = await credentialsFor(factory, caller, account, request.role);
      return { account: { ...account, env, factory: accountFactory }, value: await work({ ...account, env, factory: accountFactory }) };
    } catch (error) {
      if (!isAccountFailure(error)) throw error;
      return { unread: { account: account.id, name: account.name, reason: reasonOf(error) } };
    }
  });
  return {
    organization: { id: org.id, managementAccount: org.managementAccount },
    caller,
    results: outcomes.flatMap((o) => ('value' in o ? [o as { account: ReadableAccount; value: T }] : [])),
    notRead: outcomes.flatMap((o) => ('unread' in o && o.unread ? [o.unread] : [])),
    passedOver: selection.passedOver,
  };
}
