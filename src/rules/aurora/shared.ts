/** Helpers shared by the Aurora rules (not a rule: rules are the other files in this folder). */
import type { AuroraCluster } from '../../inventory/snapshot.js';
import type { EnvTargets } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import type { CostLine, Finding, JsonValue, RuleContext, RuleMeta } from '../types.js';

export const USAGE_NEEDED_ACU = 'usage data needed (average ACU)';

export interface ClusterScope {
  cluster: AuroraCluster;
  env: Env;
  targets: EnvTargets['aurora'];
}

export function clustersInScope(context: RuleContext): ClusterScope[] {
  const out: ClusterScope[] = [];
  for (const cluster of context.snapshot.auroraClusters) {
    const env = context.envOf({ name: cluster.id, tags: cluster.tags });
    if (env === 'unknown' || (context.onlyEnv && env !== context.onlyEnv)) continue;
    out.push({ cluster, env, targets: context.targets.envs[env].aurora });
  }
  return out;
}

/** Serverless v2 instances bill ACUs each; a cluster-level average ACU applies to every one. */
export function serverlessInstances(cluster: AuroraCluster): number {
  return Math.max(1, cluster.instances.filter((i) => i.instanceClass === 'db.serverless').length);
}

/** Serverless v2 capacity moves in 0.5 ACU steps. */
export const halfStepUp = (acu: number): number => Math.ceil(acu * 2 - 1e-9) / 2;

export function auroraFinding(
  meta: RuleMeta,
  scope: ClusterScope,
  fields: { current: JsonValue; target: JsonValue; monthlyDeltaUsd: number | null; costLines: CostLine[]; message: string; fixable?: boolean; metricsUsed?: string[] },
): Finding {
  const { cluster, env } = scope;
  return {
    rule: meta.id,
    service: 'aurora',
    resource: cluster.arn,
    resourceName: cluster.id,
    region: cluster.region,
    env,
    current: fields.current,
    target: fields.target,
    monthlyDeltaUsd: fields.monthlyDeltaUsd,
    costLines: fields.monthlyDeltaUsd === null ? [] : fields.costLines,
    fixable: fields.fixable ?? meta.fixable,
    severity: meta.severity,
    message: fields.message,
    ...(fields.metricsUsed ? { metricsUsed: fields.metricsUsed } : {}),
  };
}

export { usd } from '../lambda/shared.js';
