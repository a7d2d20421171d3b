import { defineFixer } from '../define.js';
import { distributionOf } from '../lookup.js';
import { CLOUDFRONT_PERMISSIONS, distributionPatch } from './distribution-patch.js';

export const cloudfrontCachePolicyFixer = defineFixer({
  rule: 'cloudfront/cache-policy',
  permissions: [...CLOUDFRONT_PERMISSIONS],
  async plan(finding, snapshot) {
    const id = distributionOf(snapshot, finding)?.id ?? finding.resourceName;
    const draft = distributionPatch(id, 'CachePolicyId', finding.current, finding.target, 'AWS::CloudFront::Distribution.DistributionConfig.(Default)CacheBehavior(s).CachePolicyId');
    draft.notes = [...(draft.notes ?? []), 'a behavior that used legacy cache settings (ForwardedValues, TTLs) drops them for the cache policy; the journal keeps them for a rollback'];
    return [draft];
  },
});
