/**
 * Memory size per the design's tiers (or the environment's own size), never below the observed
 * maximum memory used plus headroom. Lowering memory without that measurement would apply the
 * document's number blindly, so it is advisory until max memory used is known; raising memory is
 * safe and fixable. Priced at today's duration: the usage block cannot say how duration changes
 * with memory, and the message says so.
 */
import { costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { USAGE_NEEDED_DURATION, functionsInScope, lambdaArch, lambdaFinding, monthlyGbSeconds, provisionedCount, provisionedLine, tierOf, usd } from './shared.js';

const LAMBDA_MIN_MB = 128;
const LAMBDA_MAX_MB = 10240;

export const NO_MEMORY_DATA = 'no data: max memory used (CloudWatch Logs REPORT lines / Lambda Insights) is needed before lowering memory';

const meta: RuleMeta = {
  id: 'lambda/memory',
  service: 'lambda',
  title: 'Lambda memory size matches its tier',
  rationale:
    'Design document, "Function-Specific Optimizations" (512 MB high-frequency, 128 MB low-frequency, 1024 MB data-intensive, "right-size memory based on profiling") and "Environment-Specific Configurations" (dev 128 MB).',
  severity: 'medium',
  fixable: true,
  description:
    'Memory is billed per GB-second. The target is the tier (or environment) size, raised to the observed maximum memory used plus headroom (memoryHeadroomPct), so right-sizing never starves a function. ' +
    'A target below today\'s size is fixable only when max memory used is measured (Lambda Insights, or the REPORT lines in CloudWatch Logs); without it the finding is advisory. ' +
    'A target above today\'s size is fixable and reported as the cost increase it is.',
};

export const lambdaMemory: Rule = {
  meta,
  check(context) {
    const headroom = context.settings.memoryHeadroomPct;
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      const tier = tierOf(fn, context.targets);
      const design = targets.memoryMb ?? (tier ? targets.tiers[tier].memoryMb : null);
      if (design === null) return [];
      const observed = fn.usage?.maxMemoryUsedMb ?? null;
      const floor = observed === null ? null : Math.ceil(observed * (1 + headroom / 100));
      const target = Math.min(LAMBDA_MAX_MB, Math.max(LAMBDA_MIN_MB, design, floor ?? 0));
      if (target === fn.memoryMb) return [];
      const lowers = target < fn.memoryMb;
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
      const size = `${tier && targets.memoryMb === null ? `${tier} tier` : 'environment'} size ${design} MB`;
      let why: string;
      if (floor !== null && target > design) why = `the design's ${design} MB is below the observed maximum of ${observed} MB used plus ${headroom}% headroom, so the target is ${target} MB`;
      else if (observed !== null) why = `${size}, above the observed maximum of ${observed} MB used plus ${headroom}% headroom (${floor} MB)`;
      else why = size;
      const priceText =
        money.monthlyDeltaUsd === null ? (before === null ? USAGE_NEEDED_DURATION : 'no price for this region') : `${usd(money.monthlyDeltaUsd)} at today's duration; duration may change with memory (CPU scales with it)`;
      const blind = lowers && observed === null;
      return [
        lambdaFinding(meta, scope, {
          current: fn.memoryMb,
          target,
          ...money,
          fixable: !blind,
          message: `${fn.memoryMb} MB → ${target} MB: ${why} (${priceText})${blind ? `; advisory: ${NO_MEMORY_DATA}` : ''}`,
          metricsUsed: metricsUsed([
            ['lambdaMaxMemoryUsed', observed],
            ['lambdaInvocations', fn.usage?.invocationsPerMonth],
            ['lambdaDurationAvg', fn.usage?.avgDurationMs],
          ]),
        }),
      ];
    });
  },
};
