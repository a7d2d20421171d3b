/** Helpers shared by the Aurora rules (not a rule: rules are the other files in this folder). */
import type { AuroraCluster } from '../../inventory/snapshot.js';
import type { EnvTargets } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import { buildFinding, inScope, type FindingFields } from '../finding.js';
import type { Finding, RuleContext, RuleMeta } from '../types.js';
import { clusterSubject } from '../../targets/environment-resolver.js';

export const USAGE_NEEDED_ACU = 'usage data needed (average ACU)';

export interface ClusterScope {
  cluster: AuroraCluster;
  env: Env;
  targets: EnvTargets['aurora'];
}

export function clustersInScope(context: RuleContext): ClusterScope[] {
  return inScope(context, context.snapshot.auroraClusters, 'aurora', clusterSubject).map(({ item, env, targets }) => ({ cluster: item, env, targets }));
}

/** Serverless v2 instances bill ACUs each; a cluster-level average ACU applies to every one. */
export function serverlessInstances(cluster: AuroraCluster): number {
  return Math.max(1, cluster.instances.filter((i) => i.instanceClass === 'db.serverless').length);
}

/** Serverless v2 capacity moves in 0.5 ACU steps. */
export const halfStepUp = (acu: number): number => Math.ceil(acu * 2 - 1e-9) / 2;

export function auroraFinding(meta: RuleMeta, { cluster, env }: ClusterScope, fields: FindingFields): Finding {
  return buildFinding(meta, { service: 'aurora', resource: cluster.arn, resourceName: cluster.id, region: cluster.region, env }, fields);
}

export { usd } from '../lambda/shared.js';
