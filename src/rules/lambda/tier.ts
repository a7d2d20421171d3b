/**
 * A function's tier comes from its name and logical ID (lambdaTierPatterns, src/targets/tier-match.ts); its
 * measured invocation rate confirms or corrects it, and the finding says which. A function no pattern names is
 * a finding too (no tier, so no memory or timeout target), never skipped. Data-intensive is about work per call, not calls: it is
 * confirmed by long durations or large memory, and otherwise corrected to the tier its rate gives.
 */
import type { LambdaTier } from '../../targets/design.js';
import { metricName, metricsUsed as namedMetrics } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { matchTier } from '../../targets/tier-match.js';
import { functionsInScope, lambdaFinding } from './shared.js';

/** About one invocation a minute, on average over the month: at or above it, a function is high-frequency. */
export const HIGH_FREQUENCY_MIN_PER_MONTH = 43_800;
/** Data-intensive work shows as a p95 duration of a second or more ... */
export const DATA_INTENSIVE_MIN_P95_MS = 1000;
/** ... or more memory used than the high-frequency tier's 512 MB. */
export const DATA_INTENSIVE_MIN_MEMORY_MB = 512;

const meta: RuleMeta = {
  id: 'lambda/tier',
  service: 'lambda',
  title: 'Lambda tier confirmed by its invocation rate',
  rationale:
    'Design document, "Function-Specific Optimizations" (high-frequency: patients, appointments; low-frequency: diagnostics, admin; data-intensive: reports, AI), checked on the account\'s own metrics.',
  severity: 'low',
  fixable: false,
  description:
    `Advisory. The tier a function's name gives decides its memory and timeout targets; this rule checks it against the measured invocation rate: ` +
    `${HIGH_FREQUENCY_MIN_PER_MONTH.toLocaleString('en-US')} invocations a month (about one a minute) or more is high-frequency, fewer is low-frequency. ` +
    `A data-intensive function is confirmed by a p95 duration of ${DATA_INTENSIVE_MIN_P95_MS} ms or more, or more than ${DATA_INTENSIVE_MIN_MEMORY_MB} MB used. ` +
    'The name a tier is read from is the function name and its logical ID (stack or template), matched case-insensitively, whole or on word boundaries (PascalCase, camelCase, kebab-case, snake_case; a CloudFormation-generated name counts by its logical-ID part, not its stack name or random suffix). ' +
    'A tier the metrics confirm is not a finding: the audit counts it apart, under "Already meeting the target" (JSON `confirmations`). A finding says "corrected" (move the function with lambdaTierPatterns in the config file), "no data", ' +
    'or "no tier" (no pattern matches: it gets no timeout target and no tier memory target, and the finding names the words it was read as). It costs nothing by itself: lambda/memory and lambda/timeout price the sizes.',
};

const perMonth = (n: number): string => Math.round(n).toLocaleString('en-US');

export const lambdaTier: Rule = {
  meta,
  check(context) {
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      const match = matchTier(fn, context.targets);
      if (match.tier === null) {
        const memory = targets.memoryMb === null ? 'lambda/memory sets no memory target' : `lambda/memory holds it to the environment's ${targets.memoryMb} MB only`;
        return [
          lambdaFinding(meta, scope, {
            current: null,
            target: null,
            monthlyDeltaUsd: 0,
            costLines: [],
            message: `no tier: ${match.reason}; lambda/timeout sets no timeout target and ${memory}: add a pattern for it to lambdaTierPatterns in the config file`,
            metricsUsed: [],
          }),
        ];
      }
      const named = match.tier;
      const usage = fn.usage;
      const invocations = usage?.invocationsPerMonth ?? null;
      if (invocations === null) {
        return [
          lambdaFinding(meta, scope, {
            current: named,
            target: null,
            monthlyDeltaUsd: null,
            costLines: [],
            message: `tier ${named} (by name) not checked: no data (Invocations over the metrics window); collect with --metrics-days`,
            metricsUsed: [metricName('lambdaInvocations', null)],
          }),
        ];
      }
      const byRate: LambdaTier = invocations >= HIGH_FREQUENCY_MIN_PER_MONTH ? 'high-frequency' : 'low-frequency';
      const rateText = `${perMonth(invocations)} invocations/month (${invocations >= HIGH_FREQUENCY_MIN_PER_MONTH ? 'at or above' : 'below'} ${perMonth(HIGH_FREQUENCY_MIN_PER_MONTH)}, about one a minute)`;
      const metricsUsed = [metricName('lambdaInvocations', invocations)];
      let measured: LambdaTier = byRate;
      let why = rateText;
      if (named === 'data-intensive') {
        const p95 = usage?.p95DurationMs ?? null;
        const memory = usage?.maxMemoryUsedMb ?? null;
        metricsUsed.push(...namedMetrics([
          ['lambdaDurationP95', p95],
          ['lambdaMaxMemoryUsed', memory],
        ]));
        if (p95 === null && memory === null) {
          return [
            lambdaFinding(meta, scope, {
              current: named,
              target: null,
              monthlyDeltaUsd: null,
              costLines: [],
              message: `tier data-intensive (by name) not checked: no data (Duration p95 and max memory used); ${rateText}`,
              metricsUsed,
            }),
          ];
        }
        const heavy = (p95 !== null && p95 >= DATA_INTENSIVE_MIN_P95_MS) || (memory !== null && memory > DATA_INTENSIVE_MIN_MEMORY_MB);
        if (heavy) measured = 'data-intensive';
        const work = [p95 === null ? null : `p95 duration ${p95} ms`, memory === null ? null : `max memory used ${memory} MB`].filter(Boolean).join(', ');
        why = heavy ? work : `${work} (below ${DATA_INTENSIVE_MIN_P95_MS} ms and ${DATA_INTENSIVE_MIN_MEMORY_MB} MB) and ${rateText}`;
      }
      const size = targets.tiers[measured];
      const message =
        measured === named
          ? `tier ${named} (by name) confirmed: ${why}`
          : `tier ${named} (by name) corrected to ${measured}: ${why}; the ${measured} tier is ${size.memoryMb} MB, ${size.timeoutS} s: move the function with lambdaTierPatterns in the config file`;
      return [lambdaFinding(meta, scope, { current: named, target: measured, monthlyDeltaUsd: 0, costLines: [], message, metricsUsed })];
    });
  },
};
