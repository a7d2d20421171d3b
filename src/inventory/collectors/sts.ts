/**
 * The account id, from STS GetCallerIdentity (needs no IAM permission; declared for completeness).
 * It is the first request and the one every caller can make: when it fails, the credentials were
 * refused or the endpoint does not answer, and nothing else can be read, so it ends the collection.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { cliErrorForAws, describeAwsFailure, isMissingCredentials } from '../../aws/errors.js';
import { declarePermissions } from '../../aws/permissions.js';
import { accessError, CliError } from '../../errors.js';
import type { Collection } from './context.js';

declarePermissions({ source: 'collector:sts', scope: 'audit', actions: ['sts:GetCallerIdentity'] });

export async function readAccountId(c: Collection, region: string): Promise<string | null> {
  try {
    const got = await c.request(() => c.factory.sts(region).send(new GetCallerIdentityCommand({})));
    return got.Account ?? null;
  } catch (error) {
    // Missing credentials get cli.ts's advice; a usage error (a region named wrongly) stays one.
    if (isMissingCredentials(error) || error instanceof CliError) throw error;
    throw accessError(`account not read: ${cliErrorForAws(error)?.message ?? describeAwsFailure(error)}`);
  }
}
