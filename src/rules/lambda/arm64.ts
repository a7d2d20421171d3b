/**
 * Graviton (arm64): the same GB-seconds at the arm64 price. Refused (advisory, with the reason)
 * for container images, for layers that list architectures without arm64, and for layers that list
 * none whose content holds native x86-64 code. A layer that lists none and whose content is
 * architecture-neutral allows arm64, and the finding says so.
 */
import { costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { LambdaFunction } from '../../inventory/snapshot.js';
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
    'it is refused for container images (rebuild for linux/arm64), for layers that list architectures without arm64, and for packages holding x86-64 native binaries. ' +
    'A layer that lists no architectures (SAM LayerVersion with CompatibleRuntimes only) is judged by its content, downloaded at collection and scanned like the function package: ' +
    'no native x86-64 code allows arm64 (the finding says so), native x86-64 code refuses it, and content that could not be read (download failed, denied, too big) refuses it with the reason.',
};

type LambdaLayer = LambdaFunction['layers'][number];

/**
 * What a layer says about arm64: it lists it; it is built for x86-64 (lists other architectures only, or lists
 * none and its content holds native x86-64 code); its content is architecture-neutral; or nobody can tell.
 * `why` is what the layer is, after its ARN: "(lists x86_64)", "lists no architectures; its content has …".
 */
export function layerVerdict(layer: LambdaLayer): { kind: 'arm64' | 'x86' | 'neutral' | 'unknown'; why: string } {
  const listed = layer.compatibleArchitectures;
  if (listed === null) return { kind: 'unknown', why: 'unreadable' };
  if (listed.includes('arm64')) return { kind: 'arm64', why: `lists ${listed.join(', ')}` };
  if (listed.length) return { kind: 'x86', why: `lists ${listed.join(', ')}` };
  const scan = layer.contentScan;
  if (!scan) return { kind: 'unknown', why: 'lists no architectures, and its content was not scanned: take a new snapshot' };
  if (scan.nativeX8664 === false) {
    const files = scan.filesScanned === undefined ? '' : ` (${scan.filesScanned} file${scan.filesScanned === 1 ? '' : 's'} scanned)`;
    return { kind: 'neutral', why: `lists no architectures; its content has no native x86-64 code${files}` };
  }
  if (scan.nativeX8664 === true) return { kind: 'x86', why: `lists no architectures, and its content holds ${scan.reason}` };
  return { kind: 'unknown', why: `lists no architectures, and its content could not be read: ${scan.reason}` };
}

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
      const layers = fn.layers.map((layer) => ({ arn: layer.arn, ...layerVerdict(layer) }));
      const incompatible = layers.filter((l) => l.kind === 'x86');
      if (incompatible.length) {
        return [
          lambdaFinding(meta, scope, {
            ...base,
            fixable: false,
            message: `layer ${incompatible.map((l) => `${l.arn} (${l.why})`).join('; ')} does not list arm64: publish an arm64 build of it first (${priceText})`,
          }),
        ];
      }
      const neutral = layers.filter((l) => l.kind === 'neutral');
      const unknown = layers.filter((l) => l.kind === 'unknown');
      const note =
        neutral.map((l) => `; layer ${l.arn} ${l.why}, so it allows arm64`).join('') +
        (unknown.length
          ? `; compatibility of layer ${unknown.map((l) => `${l.arn} is unknown (${l.why})`).join(', ')}: check it before switching, the fixer refuses until it lists arm64 or its content is read`
          : '');
      return [lambdaFinding(meta, scope, { ...base, message: `runs on x86_64; arm64 costs 20% less per GB-second (${priceText})${note}` })];
    });
  },
};
