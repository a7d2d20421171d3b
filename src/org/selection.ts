/**
 * Which accounts a run reads (pure): `--org` is every ACTIVE member, `--accounts` the ones named.
 * The management account is read only when named: its own resources are rarely the workload, and
 * OrganizationAccountAccessRole does not exist in it. A named id outside the organization, or not
 * ACTIVE, is the user's mistake (exit 2), found before any account is read.
 */
import { usageError } from '../errors.js';
import type { Caller, OrgAccount, Organization } from './organization.js';

export type AccountsRequest = { kind: 'org' } | { kind: 'accounts'; ids: string[] };

export interface SelectedAccount {
  id: string;
  name: string;
  /** 'caller': the credentials in use already belong to it; 'assume': read through the role. */
  via: 'caller' | 'assume';
}

export interface AccountSelection {
  accounts: SelectedAccount[];
  /** Accounts --org passed over and why, for one note each on stderr. */
  passedOver: { id: string; name: string; reason: string }[];
}

const ACCOUNT_ID = /^\d{12}$/;

/** The stderr note for an account --org did not read on purpose. */
export const passedOverNote = (p: AccountSelection['passedOver'][number]): string => `account ${p.id} (${p.name}) skipped: ${p.reason}`;

/** --accounts ids: twelve digits each, duplicates dropped, order kept. */
export function parseAccountIds(values: readonly string[]): string[] {
  const ids = values.map((v) => v.trim()).filter(Boolean);
  if (!ids.length) throw usageError('--accounts needs at least one account id (12 digits, comma-separated)');
  const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (bad.length) throw usageError(`--accounts: ${bad.map((id) => `"${id}"`).join(', ')} ${bad.length === 1 ? 'is not an account id' : 'are not account ids'} (12 digits)`);
  return [...new Set(ids)];
}

const isActive = (account: OrgAccount): boolean => account.state === 'ACTIVE';

/** `option` names the flag the ids came from, for the messages (`--accounts`, or `--account` of fix and rollback). */
export function selectAccounts(org: Organization, request: AccountsRequest, caller: Caller, option = '--accounts'): AccountSelection {
  const via = (id: string): SelectedAccount['via'] => (id === caller.account ? 'caller' : 'assume');
  if (request.kind === 'org') {
    const passedOver: AccountSelection['passedOver'] = [];
    const accounts: SelectedAccount[] = [];
    for (const account of org.accounts) {
      if (account.id === org.managementAccount) passedOver.push({ id: account.id, name: account.name, reason: 'the management account: name it in --accounts to audit its own resources' });
      else if (!isActive(account)) passedOver.push({ id: account.id, name: account.name, reason: `${account.state}, not ACTIVE` });
      else accounts.push({ id: account.id, name: account.name, via: via(account.id) });
    }
    // Nothing to read is no pass: an audit of no account must not say "no findings".
    if (!accounts.length) {
      throw usageError(`--org: organization ${org.id} has no ACTIVE member account to read (${passedOver.map((p) => `${p.id}: ${p.reason}`).join('; ')})`);
    }
    return { accounts, passedOver };
  }
  const byId = new Map(org.accounts.map((a) => [a.id, a]));
  const outside = request.ids.filter((id) => !byId.has(id));
  if (outside.length) {
    throw usageError(`${option}: ${outside.join(', ')} ${outside.length === 1 ? 'is not an account' : 'are not accounts'} of organization ${org.id}: only member accounts can be read`);
  }
  const inactive = request.ids.map((id) => byId.get(id) as OrgAccount).filter((a) => !isActive(a));
  if (inactive.length) throw usageError(`${option}: ${inactive.map((a) => `${a.id} (${a.name}) is ${a.state}`).join(', ')}: only ACTIVE accounts can be read`);
  return { accounts: request.ids.map((id) => ({ id, name: (byId.get(id) as OrgAccount).name, via: via(id) })), passedOver: [] };
}
