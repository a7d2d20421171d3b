/**
 * Memory size per the design's tiers (or the environment's own size), never below the observed
 * maximum memory used plus headroom. Priced at today's duration: the usage block cannot say how
 * duration changes with memory, and the message says so.
 */
import { costLine, priced } from '../../pricing/estimator.js';
import type { Rule, RuleMeta } from '../types.js';
import { USAGE_NEEDED_DURATION, functionsInScope, lambdaArch, lambdaFinding, monthlyGbSeconds, provisionedCount, provisionedLine, tierOf, usd } from './shared.js';

const LAMBDA_MIN_MB = 128;
const LAMBDA_MAX_MB = 10240;

const meta: RuleMeta = {
  id: 'lambda/memory',
  service: 'lambda',
  title: 'Lambda memory size matches its tier',
  rationale:
    'Design document, "Function-Specific Optimizations" (512 MB high-frequency, 128 MB low-frequency, 1024 MB data-intensive) and "Environment-Specific Configurations" (dev 128 MB).',
  severity: 'medium',
  fixable: true,
  description:
    'Memory is billed per GB-second. The target is the tier (or environment) size, raised to the observed maximum memory used plus headroom when the usage block has it, so right-sizing never starves a function. ' +
    'A target above today\'s size is reported as the cost increase it is.',
};

export const lambdaMemory: Rule = {
  meta,
  check(context) {
    const headroom = context.settings.memoryHeadroomPct;
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      const tier = tierOf(fn.name, context.targets);
      const design = targets.memoryMb ?? (tier ? targets.tiers[tier].memoryMb : null);
      if (design === null) return [];
      const observed = fn.usage?.maxMemoryUsedMb ?? null;
      const floor = observed === null ? null : Math.ceil(observed * (1 + headroom / 100));
      const target = Math.min(LAMBDA_MAX_MB, Math.max(LAMBDA_MIN_MB, design, floor ?? 0));
      if (target === fn.memoryMb) return [];
      const arch = lambdaArch(fn);
      const before = monthlyGbSeconds(fn.usage, fn.memoryMb);
      const after = monthlyGbSeconds(fn.usage, target);
      const pc = provisionedCount(fn);
      const money =
        before === null || after === null
          ? { monthlyDeltaUsd: null, costLines: [] }
          : priced([
              costLine(fn.region, `${fn.name} duration at ${fn.memoryMb} MB removed`, -before, 'GB-s', `lambda.gbSecond.${arch}`),
              costLine(fn.region, `${fn.name} duration at ${target} MB`, after, 'GB-s', `lambda.gbSecond.${arch}`),
              ...(pc > 0
                ? [
                    provisionedLine(fn, `${fn.name} provisioned concurrency at ${fn.memoryMb} MB removed`, -pc, fn.memoryMb, arch),
                    provisionedLine(fn, `${fn.name} provisioned concurrency at ${target} MB`, pc, target, arch),
                  ]
                : []),
            ]);
      const why =
        floor !== null && target > design
          ? `the design's ${design} MB is below the observed maximum of ${observed} MB used plus ${headroom}% headroom, so the target is ${target} MB`
          : `${tier && targets.memoryMb === null ? `${tier} tier` : 'environment'} size ${target} MB`;
      const priceText =
        money.monthlyDeltaUsd === null ? (before === null ? USAGE_NEEDED_DURATION : 'no price for this region') : `${usd(money.monthlyDeltaUsd)} at today's duration; duration may change with memory (CPU scales with it)`;
      const observedText = observed === null ? '; maximum memory used not measured (usage data needed to check the target leaves headroom)' : '';
      return [
        lambdaFinding(meta, scope, {
          current: fn.memoryMb,
          target,
          ...money,
          message: `${fn.memoryMb} MB → ${target} MB: ${why} (${priceText})${observedText}`,
          metricsUsed: [observed === null ? 'maxMemoryUsedMb (missing)' : 'maxMemoryUsedMb', before === null ? 'invocations/duration (missing)' : 'invocations/duration'],
        }),
      ];
    });
  },
};
