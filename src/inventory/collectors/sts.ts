/** The account id, from STS GetCallerIdentity (needs no IAM permission; declared for completeness). */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { declarePermissions } from '../../aws/permissions.js';
import type { Collection } from './context.js';

declarePermissions({ source: 'collector:sts', scope: 'audit', actions: ['sts:GetCallerIdentity'] });

export async function readAccountId(c: Collection, region: string): Promise<string | null> {
  const got = await c.guard({ service: 'sts', region, operation: 'GetCallerIdentity' }, () =>
    c.request(() => c.factory.sts(region).send(new GetCallerIdentityCommand({}))),
  );
  return got?.Account ?? null;
}
