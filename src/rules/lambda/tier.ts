/**
 * A function's tier comes from its name (lambdaTierPatterns); its measured invocation rate confirms
 * or corrects it, and the finding says which. Data-intensive is about work per call, not calls: it is
 * confirmed by long durations or large memory, and otherwise corrected to the tier its rate gives.
 */
import type { LambdaTier } from '../../targets/design.js';
import { metricName, metricsUsed as namedMetrics } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { functionsInScope, lambdaFinding, tierOf } from './shared.js';

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
    'A tier the metrics confirm is not a finding: the audit counts it apart, under "Already meeting the target" (JSON `confirmations`). A finding says "corrected" (move the function with lambdaTierPatterns in the config file) or "no data". It costs nothing by itself: lambda/memory and lambda/timeout price the sizes.',
};

const perMonth = (n: number): string => Math.round(n).toLocaleString('en-US');

export const lambdaTier: Rule = {
  meta,
  check(context) {
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      const named = tierOf(fn.name, context.targets);
      if (!named) return [];
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
