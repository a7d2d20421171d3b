import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../src/errors.js';
import type { Organization } from '../../src/org/organization.js';
import { parseAccountIds, selectAccounts } from '../../src/org/selection.js';

const org: Organization = {
  id: 'o-abc123',
  managementAccount: '111111111111',
  accounts: [
    { id: '111111111111', name: 'management', state: 'ACTIVE' },
    { id: '222222222222', name: 'clinnet-prod', state: 'ACTIVE' },
    { id: '333333333333', name: 'clinnet-dev', state: 'ACTIVE' },
    { id: '444444444444', name: 'old-sandbox', state: 'SUSPENDED' },
  ],
};
const caller = { account: '111111111111', partition: 'aws' };

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    return (error as CliError).message;
  }
  throw new Error('expected a usage error');
}

describe('--org', () => {
  it('reads every ACTIVE member through the role and passes over the management account and suspended ones, saying why', () => {
    const selection = selectAccounts(org, { kind: 'org' }, caller);
    expect(selection.accounts).toEqual([
      { id: '222222222222', name: 'clinnet-prod', via: 'assume' },
      { id: '333333333333', name: 'clinnet-dev', via: 'assume' },
    ]);
    expect(selection.passedOver.map((p) => [p.id, p.reason])).toEqual([
      ['111111111111', expect.stringMatching(/management account: name it in --accounts/)],
      ['444444444444', 'SUSPENDED, not ACTIVE'],
    ]);
  });

  it('refuses an organization with no member to read rather than call nothing read a pass (exit 2)', () => {
    const alone: Organization = { ...org, accounts: [org.accounts[0], org.accounts[3]] };
    expect(usage(() => selectAccounts(alone, { kind: 'org' }, caller))).toMatch(/o-abc123 has no ACTIVE member account to read \(111111111111: the management account: name it in --accounts/);
  });

  it('reads a delegated administrator\'s own account with its own credentials', () => {
    const selection = selectAccounts(org, { kind: 'org' }, { account: '333333333333', partition: 'aws' });
    expect(selection.accounts.find((a) => a.id === '333333333333')?.via).toBe('caller');
  });
});

describe('--accounts', () => {
  it('reads the named members in the order given, and the management account with the caller\'s credentials when named', () => {
    const selection = selectAccounts(org, { kind: 'accounts', ids: ['333333333333', '111111111111'] }, caller);
    expect(selection.accounts).toEqual([
      { id: '333333333333', name: 'clinnet-dev', via: 'assume' },
      { id: '111111111111', name: 'management', via: 'caller' },
    ]);
  });

  it('refuses an account outside the organization, and one that is not ACTIVE (exit 2)', () => {
    expect(usage(() => selectAccounts(org, { kind: 'accounts', ids: ['222222222222', '999999999999'] }, caller))).toMatch(/999999999999 is not an account of organization o-abc123/);
    expect(usage(() => selectAccounts(org, { kind: 'accounts', ids: ['444444444444'] }, caller))).toMatch(/444444444444 \(old-sandbox\) is SUSPENDED/);
  });

  it('takes 12-digit ids, drops repeats, and refuses anything else', () => {
    expect(parseAccountIds(['222222222222', ' 333333333333', '222222222222'])).toEqual(['222222222222', '333333333333']);
    expect(usage(() => parseAccountIds(['12ab']))).toMatch(/"12ab" is not an account id \(12 digits\)/);
    expect(usage(() => parseAccountIds(['']))).toMatch(/at least one account id/);
  });
});
