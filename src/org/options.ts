/**
 * The options every multi-account command shares (`--org`, `--accounts`, `--role-name`,
 * `--external-id`, `--max-accounts-in-flight`), declared once and checked before any request.
 */
import type { Command } from 'commander';
import { collectList } from '../commands/io.js';
import { usageError } from '../errors.js';
import { DEFAULT_ROLE_NAME, assertExternalId, assertRoleName, sessionNameFor } from './assume-role.js';
import type { OrgReadRequest } from './read-accounts.js';
import { parseAccountIds } from './selection.js';

export interface AccountsOptions {
  org?: boolean;
  accounts?: string[];
  roleName?: string;
  externalId?: string;
  maxAccountsInFlight?: string;
}

export const DEFAULT_MAX_ACCOUNTS_IN_FLIGHT = 4;

export function addAccountsOptions(command: Command): Command {
  return command
    .option('--org', 'every ACTIVE member account of the AWS Organization (run from the management or a delegated administrator account)')
    .option('--accounts <ids>', 'only these member accounts (12-digit ids, repeatable or comma-separated)', collectList)
    .option('--role-name <name>', `role assumed in each account with --org/--accounts (default ${DEFAULT_ROLE_NAME})`)
    .option('--external-id <id>', 'ExternalId the role\'s trust policy requires, if any')
    .option('--max-accounts-in-flight <n>', `accounts read at once with --org/--accounts (default ${DEFAULT_MAX_ACCOUNTS_IN_FLIGHT})`);
}

function parseMaxInFlight(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ACCOUNTS_IN_FLIGHT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw usageError(`--max-accounts-in-flight must be a whole number from 1 to 64 (got "${value}")`);
  return n;
}

/** The multi-account read the options ask for, or undefined for a one-account run. */
export function parseAccountsOptions(options: AccountsOptions, settings: { tagKey: string; command: string }): OrgReadRequest | undefined {
  const multi = Boolean(options.org) || options.accounts !== undefined;
  if (options.org && options.accounts !== undefined) throw usageError('--org reads every member account and --accounts only the ones named: give one of them');
  if (!multi) {
    const given = (['roleName', 'externalId', 'maxAccountsInFlight'] as const).filter((key) => options[key] !== undefined);
    const flags = { roleName: '--role-name', externalId: '--external-id', maxAccountsInFlight: '--max-accounts-in-flight' };
    if (given.length) throw usageError(`${given.map((key) => flags[key]).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to --org or --accounts: add one of them`);
    return undefined;
  }
  const roleName = options.roleName ?? DEFAULT_ROLE_NAME;
  assertRoleName(roleName);
  if (options.externalId !== undefined) assertExternalId(options.externalId);
  return {
    accounts: options.org ? { kind: 'org' } : { kind: 'accounts', ids: parseAccountIds(options.accounts ?? []) },
    role: { roleName, externalId: options.externalId, sessionName: sessionNameFor(settings.command) },
    maxInFlight: parseMaxInFlight(options.maxAccountsInFlight),
    tagKey: settings.tagKey,
  };
}
