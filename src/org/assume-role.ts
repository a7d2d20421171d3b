/**
 * Another account's credentials through STS AssumeRole, signed by the caller's own credentials.
 * The first AssumeRole is made before the account is read, so a role that cannot be assumed is one
 * account-level failure with its reason, not a coverage gap on every service. After that the
 * provider assumes again five minutes before the credentials expire: reading a large account can
 * outlast the one hour a chained role session gets.
 */
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentials, ClientFactory } from '../aws/clients.js';
import { declarePermissions } from '../aws/permissions.js';
import { usageError } from '../errors.js';

declarePermissions({ source: 'org:assume-role', scope: 'org', actions: ['sts:AssumeRole'] });

export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

export interface RoleOptions {
  roleName: string;
  externalId?: string;
  /** RoleSessionName: what CloudTrail in the member account shows as the session. */
  sessionName: string;
}

/** IAM role names (with an optional path): letters, digits and +=,.@_- (and / between path parts), at most 64 for the name. */
export function assertRoleName(value: string): void {
  const name = value.split('/').pop() ?? '';
  if (!/^[\w+=,.@/-]+$/.test(value) || !name || name.length > 64 || value.startsWith('/') ) {
    throw usageError(`--role-name: "${value}" is not an IAM role name (letters, digits and +=,.@_-, at most 64; a path as path/name)`);
  }
}

/** AssumeRole's ExternalId: 2–1224 characters of letters, digits and +=,.@:/_-. */
export function assertExternalId(value: string): void {
  if (value.length < 2 || value.length > 1224 || !/^[\w+=,.@:/-]+$/.test(value)) {
    throw usageError('--external-id: 2–1224 characters of letters, digits and +=,.@:/_- (as AssumeRole accepts)');
  }
}

export function roleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/** A RoleSessionName AssumeRole accepts (2–64 of [\w+=,.@-]): "clinnet-opt-audit". */
export function sessionNameFor(command: string): string {
  return `clinnet-opt-${command}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/**
 * Assumes the role once (throwing what STS answered) and returns a provider that reuses those
 * credentials until five minutes before they expire, then assumes again.
 */
export async function assumeRoleProvider(factory: ClientFactory, arn: string, options: RoleOptions): Promise<() => Promise<AwsCredentials>> {
  const assume = async (): Promise<AwsCredentials> => {
    const answer = await factory.sts().send(
      new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: options.sessionName, ...(options.externalId ? { ExternalId: options.externalId } : {}) }),
    );
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`STS AssumeRole of ${arn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
  let current = await assume();
  let pending: Promise<AwsCredentials> | undefined;
  return async () => {
    const expiresAt = current.expiration?.getTime();
    if (expiresAt === undefined || expiresAt - Date.now() > REFRESH_BEFORE_MS) return current;
    // One refresh at a time: concurrent requests wait for the same AssumeRole.
    pending ??= assume().then((fresh) => {
      current = fresh;
      return fresh;
    }).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
