import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { assumeRoleProvider, roleArn, sessionNameFor } from '../../src/org/assume-role.js';

const sts = mockClient(STSClient);
afterEach(() => {
  sts.reset();
  vi.useRealTimers();
});
const factory = (): ClientFactory => new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' } } });
const options = { roleName: 'OrganizationAccountAccessRole', sessionName: 'clinnet-opt-audit' };

describe('assumeRoleProvider', () => {
  it('builds the role ARN in the caller\'s partition and a session name AssumeRole accepts', () => {
    expect(roleArn('aws-cn', '222222222222', 'audit/Clinnet')).toBe('arn:aws-cn:iam::222222222222:role/audit/Clinnet');
    expect(sessionNameFor('validate alarms')).toBe('clinnet-opt-validate-alarms');
  });

  it('assumes once up front, reuses the credentials, and assumes again (once) five minutes before they expire', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-06T10:00:00Z') });
    let n = 0;
    sts.on(AssumeRoleCommand).callsFake(async () => {
      n++;
      return { Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } };
    });
    const provider = await assumeRoleProvider(factory(), roleArn('aws', '222222222222', options.roleName), options);
    expect(n).toBe(1);
    expect((await provider()).accessKeyId).toBe('ASIA1');
    vi.setSystemTime(new Date('2026-12-06T10:54:00Z'));
    expect((await provider()).accessKeyId).toBe('ASIA1');
    vi.setSystemTime(new Date('2026-12-06T10:56:00Z'));
    const [a, b] = await Promise.all([provider(), provider()]);
    expect([a.accessKeyId, b.accessKeyId]).toEqual(['ASIA2', 'ASIA2']);
    expect(n).toBe(2);
  });

  it('throws STS\'s refusal at once, before any read of the account', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    await expect(assumeRoleProvider(factory(), roleArn('aws', '222222222222', options.roleName), options)).rejects.toThrow(/sts:AssumeRole/);
  });
});
