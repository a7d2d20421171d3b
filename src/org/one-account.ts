/**
 * `fix --account ID` and `rollback --account ID`: one member account of the caller's organization,
 * reached through the same AssumeRole as the multi-account reads (src/org/read-accounts.ts). The
 * account is checked against Organizations first, so a typo or an account of another organization
 * is the user's mistake (exit 2) before any role is assumed; a role that cannot be assumed is
 * exit 3 with the account and STS's reason.
 */
import type { Command } from 'commander';
import type { ClientFactory } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import { CliError, accessError, usageError } from '../errors.js';
import { credentialsFor } from './account-credentials.js';
import { DEFAULT_ROLE_NAME, assertExternalId, assertRoleName, roleArn, sessionNameFor, type RoleOptions } from './assume-role.js';
import { readCaller, readOrganization } from './organization.js';
import { selectAccounts, type SelectedAccount } from './selection.js';

export interface OneAccountOptions {
  account?: string;
  roleName?: string;
  externalId?: string;
}

export interface OneAccountRequest {
  account: string;
  role: RoleOptions;
}

export interface OneAccount extends SelectedAccount {
  /** Signs as the account: the caller's own credentials, or the assumed role's. */
  factory: ClientFactory;
  /** The role's ARN when it was assumed. */
  roleArn?: string;
}

export function addOneAccountOptions(command: Command, what: string): Command {
  return command
    .option('--account <id>', `${what} in this member account of the organization (12 digits), through --role-name assumed from the management account`)
    .option('--role-name <name>', `role assumed in the --account (default ${DEFAULT_ROLE_NAME})`)
    .option('--external-id <id>', "ExternalId the role's trust policy requires, if any");
}

/** The one member account the options name, or undefined to work on the caller's own account. */
export function parseOneAccountOptions(options: OneAccountOptions, command: string): OneAccountRequest | undefined {
  if (options.account === undefined) {
    const given = [options.roleName !== undefined && '--role-name', options.externalId !== undefined && '--external-id'].filter(Boolean);
    if (given.length) throw usageError(`${given.join(' and ')} ${given.length === 1 ? 'applies' : 'apply'} to --account: add --account ID (a member account of the organization)`);
    return undefined;
  }
  const account = options.account.trim();
  if (!/^\d{12}$/.test(account)) throw usageError(`--account: "${options.account}" is not an account id (12 digits)`);
  const roleName = options.roleName ?? DEFAULT_ROLE_NAME;
  assertRoleName(roleName);
  if (options.externalId !== undefined) assertExternalId(options.externalId);
  return { account, role: { roleName, externalId: options.externalId, sessionName: sessionNameFor(command) } };
}

/**
 * The account's client factory: the caller's own when the caller is that account, else one signing
 * with the role's credentials (assumed once now, refreshed before they expire).
 */
export async function assumeOneAccount(factory: ClientFactory, request: OneAccountRequest): Promise<OneAccount> {
  const caller = await readCaller(factory);
  const organization = await readOrganization(factory, caller);
  // Exit 2 for an account outside the organization or not ACTIVE, as `--accounts` does.
  const [account] = selectAccounts(organization, { kind: 'accounts', ids: [request.account] }, caller, '--account').accounts;
  try {
    return { ...account, ...(await credentialsFor(factory, caller, account, request.role)) };
  } catch (error) {
    if (error instanceof CliError) throw new CliError(`account ${account.id} (${account.name}): ${error.message}`, error.exitCode);
    const arn = roleArn(caller.partition, account.id, request.role.roleName);
    throw accessError(`account ${account.id} (${account.name}): cannot assume ${arn}: ${describeAwsError(error)}`);
  }
}

/** "account 210987654321 (clinnet-prod) through arn:aws:iam::210987654321:role/OrganizationAccountAccessRole": said on stderr before any change. */
export function describeOneAccount(account: OneAccount): string {
  return `account ${account.id} (${account.name})${account.roleArn ? ` through ${account.roleArn}` : ', with the credentials in use'}`;
}
