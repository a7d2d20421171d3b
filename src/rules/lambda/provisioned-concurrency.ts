/**
 * Provisioned concurrency for critical functions where the environment sets it (prod: 10). It
 * lives on an alias or a published version, never $LATEST, and it costs money: the finding is a
 * cost increase, priced per GB-second held all month.
 */
import type { LambdaFunction } from '../../inventory/snapshot.js';
import { priced } from '../../pricing/estimator.js';
import type { TargetProfile } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import { matchesAny } from '../../targets/glob.js';
import type { Rule, RuleMeta } from '../types.js';
import { functionsInScope, lambdaArch, lambdaFinding, provisionedLine, usd } from './shared.js';

const meta: RuleMeta = {
  id: 'lambda/provisioned-concurrency',
  service: 'lambda',
  title: 'Critical Lambda functions have provisioned concurrency',
  rationale: 'Design document, "Environment-Specific Configurations": ProvisionedConcurrency 10 for critical functions (prod).',
  severity: 'low',
  fixable: true,
  description:
    'Provisioned concurrency keeps instances initialised so critical functions (patients, appointments) start without a cold start. ' +
    'It is billed per GB-second for as long as it is configured, so this is a cost increase. It must target an alias or a published version, ' +
    'never $LATEST; a function without one is reported but not fixed (creating an alias changes how callers invoke it).',
};

/** Aliases preferred as the home of provisioned concurrency, in order. */
const PREFERRED_ALIASES = ['live', 'prod', 'production', 'current'];

/** The provisioned concurrency the environment sets for this function, or null when none. */
export function provisionedTargetCount(fn: LambdaFunction, env: Env, targets: TargetProfile): number | null {
  const count = targets.envs[env].lambda.provisionedConcurrency;
  return count !== null && matchesAny(fn.name, targets.criticalFunctionPatterns) ? count : null;
}

function qualifierFor(fn: LambdaFunction): string | null {
  const existing = fn.provisionedConcurrency.find((pc) => pc.qualifier !== '$LATEST');
  if (existing) return existing.qualifier;
  const aliases = fn.aliases ?? [];
  return PREFERRED_ALIASES.find((a) => aliases.includes(a)) ?? [...aliases].sort()[0] ?? null;
}

export const lambdaProvisionedConcurrency: Rule = {
  meta,
  check(context) {
    return functionsInScope(context).flatMap((scope) => {
      const { fn, env } = scope;
      const count = provisionedTargetCount(fn, env, context.targets);
      if (count === null) return [];
      const existing = fn.provisionedConcurrency.find((pc) => pc.qualifier !== '$LATEST') ?? null;
      const current = existing ? { qualifier: existing.qualifier, count: existing.allocated ?? existing.requested } : null;
      if (current && current.count === count) return [];
      const qualifier = qualifierFor(fn);
      const arch = lambdaArch(fn);
      const delta = count - (current?.count ?? 0);
      const money = priced([
        provisionedLine(fn, `${fn.name}:${qualifier ?? 'alias'} provisioned concurrency ${delta > 0 ? '+' : ''}${delta} × ${fn.memoryMb} MB held all month`, delta, fn.memoryMb, arch),
      ]);
      const priceText = money.monthlyDeltaUsd === null ? 'no price for this region' : usd(money.monthlyDeltaUsd);
      const invocations = ' (invocations served by provisioned instances bill duration at the lower provisioned rate: a saving only with steady traffic)';
      if (!qualifier) {
        const aliasesKnown = fn.aliases !== undefined;
        return [
          lambdaFinding(meta, scope, {
            current,
            target: { qualifier: 'live', count },
            ...money,
            fixable: false,
            message:
              `critical function without provisioned concurrency, and ${aliasesKnown ? 'it has no alias or published version to carry it' : 'its aliases were not collected'}: ` +
              `provisioned concurrency cannot target $LATEST; publish a version, point an alias (e.g. "live") at it, invoke through the alias, then set ${count} on it (${priceText})`,
          }),
        ];
      }
      return [
        lambdaFinding(meta, scope, {
          current,
          target: { qualifier, count },
          ...money,
          message: `provisioned concurrency ${current ? `${current.count} on ${current.qualifier}` : 'none'} → ${count} on alias/version "${qualifier}": a cost increase of ${priceText} for no cold starts${invocations}; callers must invoke "${qualifier}", not $LATEST`,
        }),
      ];
    });
  },
};
