import { defineFixer } from '../define.js';
import { distributionOf } from '../lookup.js';
import { CLOUDFRONT_PERMISSIONS, distributionPatch } from './distribution-patch.js';

export const cloudfrontPriceClassFixer = defineFixer({
  rule: 'cloudfront/price-class',
  permissions: [...CLOUDFRONT_PERMISSIONS],
  async plan(finding, snapshot) {
    const id = distributionOf(snapshot, finding)?.id ?? finding.resourceName;
    return [distributionPatch(id, 'PriceClass', finding.current, finding.target, 'AWS::CloudFront::Distribution.DistributionConfig.PriceClass')];
  },
});
