/**
 * Timeout per the design's tiers, never below the observed p99 duration plus headroom, and never
 * above API Gateway's 29 s integration timeout for a function API Gateway invokes (the caller has
 * already received a 504 by then, so the extra seconds only bill work nobody receives).
 */
import type { Rule, RuleMeta } from '../types.js';
import { API_GATEWAY_TIMEOUT_S, functionsInScope, lambdaFinding, tierOf } from './shared.js';

const LAMBDA_MAX_TIMEOUT_S = 900;

const meta: RuleMeta = {
  id: 'lambda/timeout',
  service: 'lambda',
  title: 'Lambda timeout matches its tier',
  rationale: 'Design document, "Function-Specific Optimizations" (15 s high-frequency, 10 s low-frequency, 60 s data-intensive).',
  severity: 'low',
  fixable: true,
  description:
    'A timeout caps how long a hung invocation bills. The target is the tier timeout, raised to the observed p99 duration plus headroom when measured, ' +
    'and capped at 29 s for functions behind API Gateway (its integration timeout). Billed duration is what actually runs, so the change has no direct cost.',
};

export const lambdaTimeout: Rule = {
  meta,
  check(context) {
    const headroom = context.settings.timeoutHeadroomPct;
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      const tier = tierOf(fn.name, context.targets);
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
      if (p99 !== null) {
        const floor = Math.ceil((p99 / 1000) * (1 + headroom / 100));
        if (floor > target) {
          notes.push(`observed p99 duration ${p99} ms plus ${headroom}% headroom needs ${floor} s`);
          if (fn.invokedByApiGateway === true && floor > API_GATEWAY_TIMEOUT_S) notes.push('API Gateway callers will time out first: make the slow path asynchronous');
          target = floor;
        }
      }
      target = Math.min(LAMBDA_MAX_TIMEOUT_S, Math.max(1, target));
      if (target === fn.timeoutS) return [];
      const measured = p99 === null ? '; p99 duration not measured (usage data needed to check the target leaves headroom)' : '';
      return [
        lambdaFinding(meta, scope, {
          current: fn.timeoutS,
          target,
          monthlyDeltaUsd: 0,
          costLines: [],
          message: `timeout ${fn.timeoutS} s → ${target} s (${tier} tier${notes.length ? `; ${notes.join('; ')}` : ''}); no direct cost change: Lambda bills the duration that runs${measured}`,
          metricsUsed: [p99 === null ? 'p99DurationMs (missing)' : 'p99DurationMs'],
        }),
      ];
    });
  },
};
