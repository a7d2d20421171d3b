import { defineFixer } from '../define.js';
import { distributionOf } from '../lookup.js';
import { CLOUDFRONT_PERMISSIONS, distributionPatch } from './distribution-patch.js';

export const cloudfrontPriceClassFixer = defineFixer({
  rule: 'cloudfront/price-class',
  permissions: [...CLOUDFRONT_PERMISSIONS],
  billedEffect: (current, target) => {
    const order = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'];
    const b = order.indexOf(current);
    const a = order.indexOf(target);
    const quantity = `price class ${current} → ${target}, per-GB and per-request prices of the edge locations used`;
    return { direction: a > b ? 'raises' : a < b ? 'lowers' : 'unchanged', quantity };
  },
  async plan(finding, snapshot) {
    const id = distributionOf(snapshot, finding)?.id ?? finding.resourceName;
    return [distributionPatch(id, 'PriceClass', finding.current, finding.target, 'AWS::CloudFront::Distribution.DistributionConfig.PriceClass')];
  },
});
