/**
 * Graviton (arm64): the same GB-seconds at the arm64 price. Refused (advisory, with the reason)
 * for container images and for layers that list architectures without arm64.
 */
import { costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { USAGE_NEEDED_DURATION, functionsInScope, lambdaFinding, monthlyGbSeconds, provisionedCount, provisionedLine, usd } from './shared.js';

const meta: RuleMeta = {
  id: 'lambda/arm64',
  service: 'lambda',
  title: 'Lambda functions run on arm64 (Graviton)',
  rationale: 'Design document, "2. Lambda Function Optimization": Architecture arm64 ("20% cost reduction").',
  severity: 'medium',
  fixable: true,
  description:
    'x86_64 functions cost 20% more per GB-second than arm64. The fix redeploys the current zip package with Architectures [arm64]; ' +
    'it is refused for container images (rebuild for linux/arm64), for layers that do not list arm64, and for packages holding x86-64 native binaries.',
};

export const lambdaArm64: Rule = {
  meta,
  check(context) {
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      if (targets.architecture !== 'arm64' || fn.architectures.includes('arm64')) return [];
      const gbSeconds = monthlyGbSeconds(fn.usage, fn.memoryMb);
      const pc = provisionedCount(fn);
      const pcLines =
        pc > 0
          ? [
              provisionedLine(fn, `${fn.name} provisioned concurrency no longer at the x86_64 price`, -pc, fn.memoryMb, 'x86_64'),
              provisionedLine(fn, `${fn.name} provisioned concurrency at the arm64 price`, pc, fn.memoryMb, 'arm64'),
            ]
          : [];
      const money =
        gbSeconds === null
          ? { monthlyDeltaUsd: null, costLines: [] }
          : priced([
              costLine(fn.region, `${fn.name} duration no longer at the x86_64 price`, -gbSeconds, 'GB-s', 'lambda.gbSecond.x86_64'),
              costLine(fn.region, `${fn.name} duration at the arm64 price`, gbSeconds, 'GB-s', 'lambda.gbSecond.arm64'),
              ...pcLines,
            ]);
      const priceText = money.monthlyDeltaUsd === null ? (gbSeconds === null ? USAGE_NEEDED_DURATION : 'no price for this region') : usd(money.monthlyDeltaUsd);
      const base = {
        current: fn.architectures,
        target: ['arm64'],
        ...money,
        metricsUsed: metricsUsed([
          ['lambdaInvocations', fn.usage?.invocationsPerMonth],
          ['lambdaDurationAvg', fn.usage?.avgDurationMs],
        ]),
      };
      if (fn.packageType === 'Image') {
        return [
          lambdaFinding(meta, scope, {
            ...base,
            fixable: false,
            message: `container image on ${fn.architectures.join(', ')}: the architecture comes from the image, so rebuild it for linux/arm64 and deploy it (${priceText})`,
          }),
        ];
      }
      const incompatible = fn.layers.filter((l) => l.compatibleArchitectures && l.compatibleArchitectures.length > 0 && !l.compatibleArchitectures.includes('arm64'));
      if (incompatible.length) {
        return [
          lambdaFinding(meta, scope, {
            ...base,
            fixable: false,
            message: `layer ${incompatible.map((l) => `${l.arn} (lists ${l.compatibleArchitectures?.join(', ')})`).join('; ')} does not list arm64: publish an arm64 build of it first (${priceText})`,
          }),
        ];
      }
      const unknown = fn.layers.filter((l) => !l.compatibleArchitectures || l.compatibleArchitectures.length === 0);
      const note = unknown.length
        ? `; compatibility of layer ${unknown.map((l) => l.arn).join(', ')} is unknown (${unknown.some((l) => !l.compatibleArchitectures) ? 'unreadable' : 'lists no architectures'}): check it before switching, the fixer refuses until it lists arm64`
        : '';
      return [lambdaFinding(meta, scope, { ...base, message: `runs on x86_64; arm64 costs 20% less per GB-second (${priceText})${note}` })];
    });
  },
};
