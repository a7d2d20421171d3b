import { defineFixer } from '../define.js';
import { distributionOf } from '../lookup.js';
import { CLOUDFRONT_PERMISSIONS, distributionPatch } from './distribution-patch.js';

export const cloudfrontCompressionFixer = defineFixer({
  rule: 'cloudfront/compression',
  permissions: [...CLOUDFRONT_PERMISSIONS],
  billedEffect: () => ({ direction: 'lowers', quantity: 'bytes transferred out: compressed answers are smaller' }),
  async plan(finding, snapshot) {
    const id = distributionOf(snapshot, finding)?.id ?? finding.resourceName;
    return [distributionPatch(id, 'Compress', finding.current, finding.target, 'AWS::CloudFront::Distribution.DistributionConfig.(Default)CacheBehavior(s).Compress')];
  },
});
