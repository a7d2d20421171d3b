/**
 * Automatic compression on every cache behavior. CloudFront bills data out per byte, so compressing
 * text (html, js, css, json) cuts the bill; it compresses only when the viewer accepts gzip/brotli
 * and the behavior's cache policy enables them (CachingDisabled does not: the origin must compress).
 */
import { BYTES_PER_GB, costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { behaviorsOf, distributionFinding, distributionsInScope, isPriceClass, targetPolicyName, usd } from './shared.js';

const meta: RuleMeta = {
  id: 'cloudfront/compression',
  service: 'cloudfront',
  title: 'CloudFront compresses objects on every cache behavior',
  rationale: 'Design document, "3. Storage and CDN Optimization — CloudFront Optimization": enhanced caching policies, compression.',
  severity: 'low',
  fixable: true,
  description:
    'Behaviors with Compress off send text uncompressed, and CloudFront bills every byte out. The fix turns Compress on per behavior. ' +
    'CloudFront compresses objects of 1,000 bytes to 10 MB for viewers that accept gzip or brotli, and only under a cache policy that enables them ' +
    '(CachingOptimized does; CachingDisabled does not, so API responses are compressed only if the origin compresses them).',
};

/**
 * Share of bytes gzip/brotli remove from html/css/js/json. CloudFront's documentation says compressed
 * objects can be "less than a quarter the size of the original"; 70% is the conservative side of that.
 */
export const TEXT_COMPRESSION_SAVING = 0.7;

export const cloudfrontCompression: Rule = {
  meta,
  check(context) {
    return distributionsInScope(context).flatMap((scope) => {
      const { distribution, targets } = scope;
      if (!targets.compress) return [];
      const behaviors = behaviorsOf(distribution);
      const off = behaviors.filter((b) => !b.compress);
      if (off.length === 0) return [];
      const current = Object.fromEntries(off.map((b) => [b.pathPattern, false]));
      const target = Object.fromEntries(off.map((b) => [b.pathPattern, true]));
      const uncached = off.filter((b) => targetPolicyName(b, targets) === 'CachingDisabled').map((b) => b.pathPattern);
      const uncachedText = uncached.length
        ? `; under CachingDisabled (${uncached.join(', ')}) CloudFront does not compress: those responses shrink only if the origin compresses them`
        : '';
      const usage = distribution.usage;
      const bytesOut = usage?.bytesOutPerMonth;
      const compressible = usage?.compressibleFraction;
      const paths = off.map((b) => b.pathPattern).join(', ');
      let money: { monthlyDeltaUsd: number | null; costLines: ReturnType<typeof priced>['costLines'] } = { monthlyDeltaUsd: null, costLines: [] };
      let priceText: string;
      if (bytesOut === null || bytesOut === undefined || compressible === null || compressible === undefined) {
        priceText = 'usage data needed: usage.bytesOutPerMonth and usage.compressibleFraction';
      } else if (off.length < behaviors.length) {
        priceText = 'usage data needed: bytes out per behavior (other behaviors already compress)';
      } else if (!isPriceClass(distribution.priceClass)) {
        priceText = `not priced: unknown price class ${distribution.priceClass}`;
      } else {
        const savedGb = (bytesOut / BYTES_PER_GB) * compressible * TEXT_COMPRESSION_SAVING;
        money = priced([
          costLine(null, `${savedGb.toFixed(1)} GB less data out (${Math.round(compressible * 100)}% compressible text, shrunk by ${TEXT_COMPRESSION_SAVING * 100}%)`, -savedGb, 'GB', `cloudfront.dataOutGb.${distribution.priceClass}`),
        ]);
        priceText =
          money.monthlyDeltaUsd === null
            ? 'no CloudFront price in the catalog'
            : `${uncached.length ? 'at most ' : ''}${usd(money.monthlyDeltaUsd)}, assuming compressible text shrinks by ${TEXT_COMPRESSION_SAVING * 100}%`;
      }
      return [
        distributionFinding(meta, scope, {
          current,
          target,
          ...money,
          message: `Compress is off on ${paths}: turn it on (${priceText})${uncachedText}`,
          metricsUsed: metricsUsed([
            ['cloudfrontBytesOut', bytesOut],
            ['cloudfrontCompressible', compressible],
          ]),
        }),
      ];
    });
  },
};
