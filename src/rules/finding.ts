/** The one way a rule builds a Finding: the resource it is about, plus what the rule measured. */
import type { EnvTargets } from '../targets/design.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';
import type { EnvSubject } from '../targets/environment-resolver.js';
import type { CostLine, Finding, JsonValue, RuleContext, RuleMeta, Service } from './types.js';

export interface FindingFields {
  current: JsonValue;
  target: JsonValue;
  monthlyDeltaUsd: number | null;
  costLines: CostLine[];
  message: string;
  /** Overrides meta.fixable for this finding (e.g. a lowering that lacks the metrics to be safe). */
  fixable?: boolean;
  metricsUsed?: string[];
}

export interface FindingSubject {
  service: Service;
  resource: string;
  resourceName: string;
  region: string | null;
  env: ResolvedEnv;
}

export function buildFinding(meta: RuleMeta, subject: FindingSubject, fields: FindingFields): Finding {
  return {
    rule: meta.id,
    ...subject,
    current: fields.current,
    target: fields.target,
    monthlyDeltaUsd: fields.monthlyDeltaUsd,
    // An unpriced finding carries no cost lines: nothing to trace.
    costLines: fields.monthlyDeltaUsd === null ? [] : fields.costLines,
    fixable: fields.fixable ?? meta.fixable,
    severity: meta.severity,
    message: fields.message,
    ...(fields.metricsUsed ? { metricsUsed: fields.metricsUsed } : {}),
  };
}

/**
 * The items whose environment is known (and is --env's, when given), each with that environment's
 * targets for one service. Unknown environments are never guessed: the engine lists them apart.
 */
export function inScope<T, K extends keyof EnvTargets>(
  context: RuleContext,
  items: readonly T[],
  service: K,
  identity: (item: T) => EnvSubject,
): { item: T; env: Env; targets: EnvTargets[K] }[] {
  const out: { item: T; env: Env; targets: EnvTargets[K] }[] = [];
  for (const item of items) {
    const env = context.envOf(identity(item));
    if (env === 'unknown' || (context.onlyEnv && env !== context.onlyEnv)) continue;
    out.push({ item, env, targets: context.targets.envs[env][service] });
  }
  return out;
}
