/**
 * CloudFront price class per environment. The design's production PriceClass_All is a cost
 * INCREASE, not a saving: viewers outside North America and Europe are then served from edges in
 * their own regions, billed at those regions' higher per-GB rates.
 */
import { BYTES_PER_GB, costLine, priced, unitPrice } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { distributionFinding, distributionsInScope, isPriceClass, PRICE_CLASSES, usd, type PriceClass } from './shared.js';

const meta: RuleMeta = {
  id: 'cloudfront/price-class',
  service: 'cloudfront',
  title: 'CloudFront price class matches the environment',
  rationale: 'Design document, "5. Environment-Specific Configurations": CloudFront PriceClass_100 (development), PriceClass_All (production).',
  severity: 'low',
  fixable: true,
  description:
    'PriceClass_100 serves every viewer from North American and European edges at the lowest per-GB rates; PriceClass_200 and PriceClass_All add ' +
    'edges elsewhere, lowering latency there at those regions\' higher rates. The design\'s production PriceClass_All therefore costs more; ' +
    'the finding prices it from the share of bytes sent to viewers outside North America and Europe.',
};

const rank = (priceClass: PriceClass): number => PRICE_CLASSES.indexOf(priceClass);

export const cloudfrontPriceClass: Rule = {
  meta,
  check(context) {
    return distributionsInScope(context).flatMap((scope) => {
      const { distribution, targets } = scope;
      const target = targets.priceClass;
      const current = distribution.priceClass;
      if (target === null || current === target) return [];
      const base = { current, target };
      if (!isPriceClass(current) || !isPriceClass(target)) {
        return [distributionFinding(meta, scope, { ...base, monthlyDeltaUsd: null, costLines: [], message: `price class ${current} → ${target}: not priced (unknown price class)` })];
      }
      const widens = rank(target) > rank(current);
      const direction = widens
        ? `a cost INCREASE: viewers outside North America and Europe get nearer edges, and their bytes are billed at up to $${unitPrice(null, `cloudfront.dataOutGb.${target}`)}/GB instead of $${unitPrice(null, `cloudfront.dataOutGb.${current}`)}/GB`
        : `a saving: viewers outside North America and Europe are served from cheaper edges farther away (higher latency for them)`;
      const usage = distribution.usage;
      const bytesOut = usage?.bytesOutPerMonth;
      const outside = usage?.bytesOutsidePriceClass100Fraction;
      const metrics = {
        metricsUsed: metricsUsed([
          ['cloudfrontBytesOut', bytesOut],
          ['cloudfrontOutsidePriceClass100', outside],
        ]),
      };
      const fromLine = (gbOut: number) =>
        priced([
          costLine(null, `${gbOut.toFixed(1)} GB to viewers outside North America/Europe no longer at the ${current} rate`, -gbOut, 'GB', `cloudfront.dataOutGb.${current}`),
          costLine(null, `${gbOut.toFixed(1)} GB at the ${target} rate (its costliest region)`, gbOut, 'GB', `cloudfront.dataOutGb.${target}`),
        ]);
      if (bytesOut === null || bytesOut === undefined) {
        return [
          distributionFinding(meta, scope, {
            ...base,
            ...metrics,
            monthlyDeltaUsd: null,
            costLines: [],
            message: `price class ${current} → ${target} is ${direction}; usage data needed: usage.bytesOutPerMonth and usage.bytesOutsidePriceClass100Fraction`,
          }),
        ];
      }
      const totalGb = bytesOut / BYTES_PER_GB;
      if (outside === null || outside === undefined) {
        const bound = fromLine(totalGb).monthlyDeltaUsd;
        const boundText = bound === null ? '' : ` (at most ${usd(bound)} if every one of the ${totalGb.toFixed(1)} GB went to such viewers)`;
        return [
          distributionFinding(meta, scope, {
            ...base,
            ...metrics,
            monthlyDeltaUsd: null,
            costLines: [],
            message: `price class ${current} → ${target} is ${direction}${boundText}; usage data needed: usage.bytesOutsidePriceClass100Fraction (share of bytes to viewers outside North America and Europe, from CloudFront's viewer-location report)`,
          }),
        ];
      }
      const money = fromLine(totalGb * outside);
      const figure = money.monthlyDeltaUsd === null ? 'not priced (no CloudFront price in the catalog)' : `${widens ? 'at most ' : 'up to '}${usd(money.monthlyDeltaUsd)}`;
      return [
        distributionFinding(meta, scope, {
          ...base,
          ...money,
          ...metrics,
          message: `price class ${current} → ${target} is ${direction}: ${figure} for the ${Math.round(outside * 100)}% of ${totalGb.toFixed(1)} GB/month sent to viewers outside North America and Europe`,
        }),
      ];
    });
  },
};
