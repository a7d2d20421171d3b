/**
 * Timeout per the design's tiers, never below the observed p99 duration (else the maximum) plus
 * headroom, and never above API Gateway's 29 s integration timeout for a function API Gateway
 * invokes (the caller has already received a 504 by then, so the extra seconds only bill work
 * nobody receives). Lowering a timeout without a measured duration could cut off invocations that
 * run longer than the document assumes, so it is advisory until one is known; raising is fixable.
 */
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { API_GATEWAY_TIMEOUT_S, functionsInScope, lambdaFinding, tierOf } from './shared.js';

const LAMBDA_MAX_TIMEOUT_S = 900;

export const NO_DURATION_DATA = 'no data: p99 (or maximum) Duration is needed before lowering the timeout';

const meta: RuleMeta = {
  id: 'lambda/timeout',
  service: 'lambda',
  title: 'Lambda timeout matches its tier',
  rationale: 'Design document, "Function-Specific Optimizations" (15 s high-frequency, 10 s low-frequency, 60 s data-intensive).',
  severity: 'low',
  fixable: true,
  description:
    'A timeout caps how long a hung invocation bills. The target is the tier timeout, raised to the observed p99 duration (else the maximum) plus headroom (timeoutHeadroomPct), ' +
    'and capped at 29 s for functions behind API Gateway (its integration timeout: seconds beyond it gain nothing). A target below today\'s timeout is fixable only when the duration is measured; ' +
    'without it the finding is advisory. Billed duration is what actually runs, so the change has no direct cost.',
};

export const lambdaTimeout: Rule = {
  meta,
  check(context) {
    const headroom = context.settings.timeoutHeadroomPct;
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      const tier = tierOf(fn, context.targets);
      if (!tier) return [];
      const design = targets.tiers[tier].timeoutS;
      const notes: string[] = [];
      let target = design;
      if (fn.invokedByApiGateway === true && target > API_GATEWAY_TIMEOUT_S) {
        target = API_GATEWAY_TIMEOUT_S;
        notes.push(`the design's ${design} s is above API Gateway's ${API_GATEWAY_TIMEOUT_S} s integration timeout, and the function is invoked by API Gateway: seconds beyond ${API_GATEWAY_TIMEOUT_S} s gain nothing`);
      }
      if (fn.invokedByApiGateway === null && target > API_GATEWAY_TIMEOUT_S) {
        notes.push(`whether API Gateway invokes it is unknown (its policy was unreadable): if it does, ${API_GATEWAY_TIMEOUT_S} s is the useful maximum`);
      }
      const p99 = fn.usage?.p99DurationMs ?? null;
      const max = fn.usage?.maxDurationMs ?? null;
      // p99 is what the headroom is about; without it the maximum is a stricter (higher) stand-in.
      const observed = p99 !== null ? { ms: p99, label: 'p99 duration' } : max !== null ? { ms: max, label: 'maximum duration (p99 not measured)' } : null;
      if (observed) {
        const floor = Math.ceil((observed.ms / 1000) * (1 + headroom / 100));
        if (floor > target) {
          notes.push(`observed ${observed.label} ${observed.ms} ms plus ${headroom}% headroom needs ${floor} s`);
          if (fn.invokedByApiGateway === true && floor > API_GATEWAY_TIMEOUT_S) notes.push('API Gateway callers will time out first: make the slow path asynchronous');
          target = floor;
        } else {
          notes.push(`above the observed ${observed.label} ${observed.ms} ms plus ${headroom}% headroom (${floor} s)`);
        }
      }
      target = Math.min(LAMBDA_MAX_TIMEOUT_S, Math.max(1, target));
      if (target === fn.timeoutS) return [];
      if (fn.invokedByApiGateway === true && fn.timeoutS > API_GATEWAY_TIMEOUT_S && target <= API_GATEWAY_TIMEOUT_S && design <= API_GATEWAY_TIMEOUT_S) {
        notes.push(`today's ${fn.timeoutS} s is above API Gateway's ${API_GATEWAY_TIMEOUT_S} s integration timeout, which the function gains nothing from`);
      }
      const blind = target < fn.timeoutS && observed === null;
      return [
        lambdaFinding(meta, scope, {
          current: fn.timeoutS,
          target,
          monthlyDeltaUsd: 0,
          costLines: [],
          fixable: !blind,
          message:
            `timeout ${fn.timeoutS} s → ${target} s (${tier} tier ${design} s${notes.length ? `; ${notes.join('; ')}` : ''}); no direct cost change: Lambda bills the duration that runs` +
            (blind ? `; advisory: ${NO_DURATION_DATA}` : ''),
          metricsUsed: metricsUsed([
            ['lambdaDurationP99', p99],
            ['lambdaDurationMax', max],
          ]),
        }),
      ];
    });
  },
};
