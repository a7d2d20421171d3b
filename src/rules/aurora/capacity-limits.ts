/**
 * A Serverless v2 capacity range AWS rejects: MinCapacity 0 or 0.5–256, MaxCapacity 1–256, half-ACU
 * steps, min ≤ max, SecondsUntilAutoPause 300–86,400 only with MinCapacity 0 (the change engine's own
 * limits table, src/changes/limits/rds.ts), plus what the cluster's engine version accepts: 0 ACU only
 * where it supports auto-pause (engine-support.ts), and its maximum (128 ACU on older versions).
 */
import { RDS_LIMITS } from '../../changes/limits/rds.js';
import type { JsonObject } from '../../changes/change.js';
import type { Rule, RuleMeta } from '../types.js';
import { AUTO_PAUSE_VERSIONS_SOURCE, autoPauseSupport } from './engine-support.js';
import { auroraFinding, clustersInScope } from './shared.js';

const SCALING_LIMITS = RDS_LIMITS.filter((limit) => limit.field.startsWith('ServerlessV2ScalingConfiguration'));

const meta: RuleMeta = {
  id: 'aurora/capacity-limits',
  service: 'aurora',
  title: 'Aurora Serverless v2 capacity range is one AWS accepts',
  rationale:
    'Design document, "Aurora Serverless v2 Optimization" (its 0.5–4 ACU range, 8 ACU for production) written into a template; limits from the RDS API reference, ' +
    `ServerlessV2ScalingConfiguration (${SCALING_LIMITS[0]?.source ?? ''}).`,
  severity: 'high',
  fixable: false,
  description:
    'CreateDBCluster and ModifyDBCluster (and so a stack with AWS::RDS::DBCluster ServerlessV2ScalingConfiguration) refuse a MinCapacity other than 0 or 0.5–256 ACU, ' +
    'a MaxCapacity outside 1–256 ACU, values not in half-ACU steps, a minimum above the maximum, and SecondsUntilAutoPause outside 300–86,400 s or without ' +
    'MinCapacity 0. The engine version narrows it: MinCapacity 0 only where it supports auto-pause (DescribeDBEngineVersions, else the documented versions: ' +
    'Aurora MySQL 3.08.0+, Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+, 17.4+), and older versions stop at 128 ACU. The same limits refuse such a change in a plan. ' +
    'Advisory: change the template or the cluster; aurora/acu-range plans the design range.',
};

export const auroraCapacityLimits: Rule = {
  meta,
  check(context) {
    return clustersInScope(context).flatMap((scope) => {
      const { cluster } = scope;
      const scaling = cluster.serverlessV2;
      if (!scaling) return [];
      // A live cluster may report SecondsUntilAutoPause beside a non-zero minimum; a template that sets one there is refused.
      const judgePause = scaling.secondsUntilAutoPause != null && (scaling.minAcu === 0 || context.snapshot.template !== undefined);
      const pause = judgePause ? (scaling.secondsUntilAutoPause ?? undefined) : undefined;
      const inputs: JsonObject[] = [
        { MinCapacity: scaling.minAcu },
        { MaxCapacity: scaling.maxAcu },
        { MinCapacity: scaling.minAcu, MaxCapacity: scaling.maxAcu, ...(pause !== undefined ? { SecondsUntilAutoPause: pause } : {}) },
      ];
      const problems: string[] = [];
      for (const limit of SCALING_LIMITS) {
        for (const scalingInput of inputs) {
          const problem = limit.check({ ServerlessV2ScalingConfiguration: scalingInput });
          if (problem && !problems.some((p) => p.startsWith(problem))) problems.push(`${problem} (${limit.rule}: ${limit.source})`);
        }
      }
      const support = autoPauseSupport(cluster);
      if (scaling.minAcu === 0 && support.supported === false) {
        const from = support.source === 'DescribeDBEngineVersions' ? 'per DescribeDBEngineVersions' : `per the documented engine versions, ${AUTO_PAUSE_VERSIONS_SOURCE}`;
        problems.push(`MinCapacity 0 needs an engine version that supports auto-pause: ${cluster.engine} ${cluster.engineVersion} accepts ${support.minAcu} ACU at the least (${from})`);
      }
      const engineMax = cluster.engineMaxAcuSupported ?? null;
      if (engineMax !== null && scaling.maxAcu > engineMax && scaling.maxAcu <= 256) {
        problems.push(`MaxCapacity ${scaling.maxAcu} is above the ${engineMax} ACU that ${cluster.engine} ${cluster.engineVersion} supports (DescribeDBEngineVersions)`);
      }
      if (problems.length === 0) return [];
      return [
        auroraFinding(meta, scope, {
          current: { minAcu: scaling.minAcu, maxAcu: scaling.maxAcu, secondsUntilAutoPause: scaling.secondsUntilAutoPause ?? null },
          target: null,
          monthlyDeltaUsd: null,
          costLines: [],
          message: `AWS rejects this capacity range: ${problems.join('; ')}`,
        }),
      ];
    });
  },
};
