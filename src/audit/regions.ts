/** Which regions to read: --region (repeatable), else the SDK's default region, else a usage error. */
import type { ClientFactory } from '../aws/clients.js';
import { assertRegion } from '../aws/regions.js';
import { usageError } from '../errors.js';

export async function resolveRegions(factory: ClientFactory, requested: readonly string[] | undefined): Promise<string[]> {
  if (requested?.length) {
    for (const region of requested) assertRegion(region, '--region');
    return [...new Set(requested)];
  }
  const region = await factory.resolveDefaultRegion();
  if (region) return [region];
  throw usageError('no region: pass --region (e.g. --region eu-west-1), set AWS_REGION, or set a region in your AWS profile');
}
