import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../src/errors.js';
import { parseAccountsOptions } from '../../src/org/options.js';

const settings = { tagKey: 'Environment', command: 'audit' };

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    return (error as CliError).message;
  }
  throw new Error('expected a usage error');
}

describe('the multi-account options', () => {
  it('is a one-account run without --org or --accounts', () => {
    expect(parseAccountsOptions({}, settings)).toBeUndefined();
  });

  it('defaults to OrganizationAccountAccessRole, four accounts in flight, a session named for the command', () => {
    expect(parseAccountsOptions({ org: true }, settings)).toEqual({
      accounts: { kind: 'org' },
      role: { roleName: 'OrganizationAccountAccessRole', externalId: undefined, sessionName: 'clinnet-opt-audit' },
      maxInFlight: 4,
      tagKey: 'Environment',
    });
  });

  it('takes a role name with a path, an external id and a bound', () => {
    const request = parseAccountsOptions({ accounts: ['222222222222'], roleName: 'audit/ClinnetAudit', externalId: 'clinnet-2026', maxAccountsInFlight: '2' }, settings);
    expect(request).toMatchObject({ accounts: { kind: 'accounts', ids: ['222222222222'] }, role: { roleName: 'audit/ClinnetAudit', externalId: 'clinnet-2026' }, maxInFlight: 2 });
  });

  it('refuses what AssumeRole or the user would trip on, before any request', () => {
    expect(usage(() => parseAccountsOptions({ org: true, accounts: ['222222222222'] }, settings))).toMatch(/give one of them/);
    expect(usage(() => parseAccountsOptions({ roleName: 'X' }, settings))).toMatch(/^--role-name applies to --org or --accounts/);
    expect(usage(() => parseAccountsOptions({ externalId: 'abc', maxAccountsInFlight: '2' }, settings))).toMatch(/^--external-id, --max-accounts-in-flight apply to/);
    expect(usage(() => parseAccountsOptions({ org: true, maxAccountsInFlight: '0' }, settings))).toMatch(/from 1 to 64 \(got "0"\)/);
    expect(usage(() => parseAccountsOptions({ org: true, roleName: 'has space' }, settings))).toMatch(/not an IAM role name/);
    expect(usage(() => parseAccountsOptions({ org: true, roleName: 'x'.repeat(65) }, settings))).toMatch(/not an IAM role name/);
    expect(usage(() => parseAccountsOptions({ org: true, externalId: 'a' }, settings))).toMatch(/2–1224 characters/);
  });
});
