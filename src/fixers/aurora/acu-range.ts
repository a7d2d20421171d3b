/**
 * Aurora Serverless v2 capacity range: ModifyDBCluster ServerlessV2ScalingConfiguration, applied
 * immediately. A ceiling below the cluster's observed peak is refused: it would throttle the database.
 */
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { auroraOf } from '../lookup.js';
import type { ChangeDraft } from '../types.js';

function scaling(clusterId: string, range: { minAcu: number; maxAcu: number }, autoPause: number | null | undefined): { [key: string]: JsonValue } {
  const config: { [key: string]: JsonValue } = { MinCapacity: range.minAcu, MaxCapacity: range.maxAcu };
  // Auto-pause applies only at 0 ACU; keep the cluster's own setting rather than reset it.
  if (range.minAcu === 0 && autoPause) config.SecondsUntilAutoPause = autoPause;
  return { DBClusterIdentifier: clusterId, ServerlessV2ScalingConfiguration: config, ApplyImmediately: true };
}

export const auroraAcuRangeFixer = defineFixer({
  rule: 'aurora/acu-range',
  permissions: ['rds:DescribeDBClusters', 'rds:ModifyDBCluster'],
  billedEffect: (current, target) =>
    target.minAcu > current.minAcu
      ? { direction: 'raises', quantity: `ACU floor ${current.minAcu} → ${target.minAcu}, billed every hour the cluster runs` }
      : target.maxAcu > current.maxAcu
        ? { direction: 'raises', quantity: `ACU ceiling ${current.maxAcu} → ${target.maxAcu}, billed whenever load reaches it` }
        : target.minAcu < current.minAcu || target.maxAcu < current.maxAcu
          ? { direction: 'lowers', quantity: `capacity ${current.minAcu}–${current.maxAcu} → ${target.minAcu}–${target.maxAcu} ACU` }
          : { direction: 'unchanged', quantity: 'capacity range unchanged' },
  async plan(finding, snapshot) {
    const cluster = auroraOf(snapshot, finding);
    const id = cluster?.id ?? finding.resourceName;
    const autoPause = cluster?.serverlessV2?.secondsUntilAutoPause;
    const draft: ChangeDraft = {
      attribute: 'ServerlessV2ScalingConfiguration',
      operation: 'rds:ModifyDBCluster',
      input: scaling(id, finding.target, autoPause),
      before: { minAcu: finding.current.minAcu, maxAcu: finding.current.maxAcu },
      after: { minAcu: finding.target.minAcu, maxAcu: finding.target.maxAcu },
      undo: { operation: 'rds:ModifyDBCluster', input: scaling(id, finding.current, autoPause) },
      templateProperty: 'AWS::RDS::DBCluster.ServerlessV2ScalingConfiguration',
    };
    const peak = cluster?.usage?.peakAcu;
    if (typeof peak === 'number' && finding.target.maxAcu < peak) {
      draft.refused = `the ceiling ${finding.target.maxAcu} ACU is below the cluster's observed peak of ${peak} ACU: raise maxAcu for this environment to at least ${Math.ceil(peak * 2) / 2}`;
    }
    return [draft];
  },
});
