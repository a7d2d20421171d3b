/**
 * The trust policy of the role in each member account that `--org`, `--accounts` and `fix --account`
 * assume: the account that runs clinnet-opt (the management account or a delegated administrator)
 * may call sts:AssumeRole on it, with the ExternalId when one is given. The principal is that
 * account's root, so the account's own IAM policy (`iam-policy --for org`) decides which of its
 * users and roles may assume the role, as Organizations' OrganizationAccountAccessRole does
 * (docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html).
 * The ExternalId condition is the IAM User Guide's (id_roles_common-scenarios_third-party.html).
 * The role's permissions are a separate policy: `iam-policy --for audit` (or `--for fix`).
 */
import { usageError } from '../errors.js';
import { assertExternalId } from '../org/assume-role.js';

export interface TrustPolicyDocument {
  Version: '2012-10-17';
  Statement: {
    Sid: string;
    Effect: 'Allow';
    Principal: { AWS: string };
    Action: 'sts:AssumeRole';
    Condition?: { StringEquals: { 'sts:ExternalId': string } };
  }[];
}

export interface TrustOptions {
  partition: string;
  /** The account trusted to assume the role (12 digits). */
  trustedAccount: string;
  externalId?: string;
}

export function trustPolicy(options: TrustOptions): TrustPolicyDocument {
  if (!/^\d{12}$/.test(options.trustedAccount)) throw usageError(`--trust-account must be a 12-digit AWS account ID (got "${options.trustedAccount}")`);
  if (options.externalId !== undefined) assertExternalId(options.externalId);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ClinnetOptAssumeFromTrustedAccount',
        Effect: 'Allow',
        Principal: { AWS: `arn:${options.partition}:iam::${options.trustedAccount}:root` },
        Action: 'sts:AssumeRole',
        ...(options.externalId !== undefined ? { Condition: { StringEquals: { 'sts:ExternalId': options.externalId } } } : {}),
      },
    ],
  };
}
