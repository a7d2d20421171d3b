/**
 * One selected account's client factory: the caller's own when the caller is that account, else one
 * signing with the role's credentials (assumed once now, refreshed before they expire), checked to
 * answer for that account. Shared by the multi-account reads and `fix`/`rollback --account`.
 */
import type { ClientFactory } from '../aws/clients.js';
import { CliError, ExitCode } from '../errors.js';
import { assumeRoleProvider, roleArn, type RoleOptions } from './assume-role.js';
import { readCaller, type Caller } from './organization.js';
import type { SelectedAccount } from './selection.js';

export interface AccountCredentials {
  factory: ClientFactory;
  /** The role's ARN when one was assumed. */
  roleArn?: string;
}

/** Throws STS's refusal of the AssumeRole as it came (the caller words it). */
export async function credentialsFor(factory: ClientFactory, caller: Caller, account: SelectedAccount, role: RoleOptions): Promise<AccountCredentials> {
  if (account.via === 'caller') return { factory };
  const arn = roleArn(caller.partition, account.id, role.roleName);
  const assumed = factory.forAccount(account.id, await assumeRoleProvider(factory, arn, role));
  // What the credentials answer for is what is read or changed: another account than the one asked for is refused.
  const identity = await readCaller(assumed);
  if (identity.account !== account.id) throw new CliError(`the credentials of ${arn} answer for account ${identity.account}, not ${account.id}`, ExitCode.access);
  return { factory: assumed, roleArn: arn };
}
