/**
 * CloudFront changes are patches of the distribution config: the applier reads the config and its
 * ETag (GetDistributionConfig), applies the patch and sends UpdateDistribution with IfMatch.
 * A patch names the distribution and any of: PriceClass, Compress / CachePolicyId per path pattern
 * ('*' is the default behavior), LegacyCacheSettings per path pattern (to restore a behavior that
 * used ForwardedValues/TTLs instead of a cache policy).
 */
import type { JsonValue } from '../../rules/types.js';
import type { ChangeDraft } from '../types.js';

export const CLOUDFRONT_PERMISSIONS = ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'] as const;
export const DEFAULT_BEHAVIOR = '*';

export function distributionPatch(
  id: string,
  attribute: 'PriceClass' | 'Compress' | 'CachePolicyId',
  before: JsonValue,
  after: JsonValue,
  templateProperty: string,
): ChangeDraft {
  return {
    attribute,
    operation: 'cloudfront:UpdateDistribution',
    input: { Id: id, [attribute]: after },
    before,
    after,
    undo: { operation: 'cloudfront:UpdateDistribution', input: { Id: id, [attribute]: before } },
    templateProperty,
    notes: ['CloudFront deploys the change to its edge locations over several minutes'],
  };
}
