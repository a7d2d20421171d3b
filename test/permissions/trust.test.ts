import { describe, expect, it } from 'vitest';
import { trustPolicy } from '../../src/permissions/trust.js';

describe('the member role trust policy', () => {
  it('lets the trusted account assume the role, nothing else', () => {
    expect(trustPolicy({ partition: 'aws', trustedAccount: '123456789012' })).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'ClinnetOptAssumeFromTrustedAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('requires the ExternalId when one is given, in the partition given', () => {
    const policy = trustPolicy({ partition: 'aws-cn', trustedAccount: '123456789012', externalId: 'clinnet-7f3a' });
    expect(policy.Statement[0].Principal.AWS).toBe('arn:aws-cn:iam::123456789012:root');
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'clinnet-7f3a' } });
  });

  it.each([
    [{ trustedAccount: '1234' }, /--trust-account must be a 12-digit AWS account ID \(got "1234"\)/],
    [{ trustedAccount: '123456789012', externalId: 'has space' }, /--external-id: 2–1224 characters/],
  ])('refuses %j (exit 2)', (options, message) => {
    expect(() => trustPolicy({ partition: 'aws', ...options })).toThrow(message);
    try {
      trustPolicy({ partition: 'aws', ...options });
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });
});
