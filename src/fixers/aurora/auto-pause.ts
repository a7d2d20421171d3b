/**
 * Aurora Serverless v2 auto-pause: ModifyDBCluster ServerlessV2ScalingConfiguration with
 * MinCapacity 0 and SecondsUntilAutoPause, applied immediately. ModifyDBCluster takes the whole
 * range, so MaxCapacity is sent as it will stand: the cluster's own, or the ceiling an
 * aurora/acu-range change of the same plan sets first (the combine step). The undo restores the
 * minimum; a nonzero minimum removes SecondsUntilAutoPause, so the undo does not send it.
 */
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { auroraOf } from '../lookup.js';
import type { Change } from '../types.js';

export const AUTO_PAUSE_ATTRIBUTE = 'AutoPause';

export function autoPauseInput(clusterId: string, minAcu: number, maxAcu: number, seconds: number | null): { [key: string]: JsonValue } {
  const config: { [key: string]: JsonValue } = { MinCapacity: minAcu, MaxCapacity: maxAcu };
  if (minAcu === 0 && seconds !== null) config.SecondsUntilAutoPause = seconds;
  return { DBClusterIdentifier: clusterId, ServerlessV2ScalingConfiguration: config, ApplyImmediately: true };
}

/** The range an aurora/acu-range change sets before this one (it comes first in the plan). */
function rangeSetBefore(changes: readonly Change[], autoPause: Change): { minAcu: number; maxAcu: number } | null {
  const range = changes.find((c) => c.rule === 'aurora/acu-range' && c.resource === autoPause.resource && !c.refused && !c.held);
  const after = range?.after;
  if (!after || typeof after !== 'object' || Array.isArray(after)) return null;
  return typeof after.minAcu === 'number' && typeof after.maxAcu === 'number' ? { minAcu: after.minAcu, maxAcu: after.maxAcu } : null;
}

/**
 * Starts from the range that will stand when this change runs (an acu-range change of the same plan
 * runs first): its ceiling is sent, its minimum is the before-state and what the undo restores.
 */
export function alignCeilings(changes: readonly Change[]): Change[] {
  return changes.map((change) => {
    if (change.rule !== 'aurora/auto-pause' || change.attribute !== AUTO_PAUSE_ATTRIBUTE) return change;
    const range = rangeSetBefore(changes, change);
    const scaling = change.input.ServerlessV2ScalingConfiguration;
    if (range === null || !scaling || typeof scaling !== 'object' || Array.isArray(scaling)) return change;
    const before = change.before as { minAcu: number; secondsUntilAutoPause: number | null };
    if (scaling.MaxCapacity === range.maxAcu && before.minAcu === range.minAcu) return change;
    const id = String(change.input.DBClusterIdentifier);
    const seconds = typeof scaling.SecondsUntilAutoPause === 'number' ? scaling.SecondsUntilAutoPause : null;
    return {
      ...change,
      input: autoPauseInput(id, 0, range.maxAcu, seconds),
      before: { ...before, minAcu: range.minAcu },
      undo: { operation: 'rds:ModifyDBCluster', input: autoPauseInput(id, range.minAcu, range.maxAcu, null) },
      notes: [...(change.notes ?? []), `starts from ${range.minAcu}–${range.maxAcu} ACU: the range the aurora/acu-range change of this plan sets first`],
    };
  });
}

export const auroraAutoPauseFixer = defineFixer({
  rule: 'aurora/auto-pause',
  permissions: ['rds:DescribeDBClusters', 'rds:ModifyDBCluster'],
  billedEffect: () => ({ direction: 'lowers', quantity: 'ACU-hours: 0 ACU billed while the cluster is paused' }),
  async plan(finding, snapshot) {
    const id = auroraOf(snapshot, finding)?.id ?? finding.resourceName;
    const { current, target } = finding;
    return [
      {
        attribute: AUTO_PAUSE_ATTRIBUTE,
        operation: 'rds:ModifyDBCluster',
        input: autoPauseInput(id, 0, current.maxAcu, target.secondsUntilAutoPause),
        before: { minAcu: current.minAcu, secondsUntilAutoPause: current.secondsUntilAutoPause },
        after: { minAcu: 0, secondsUntilAutoPause: target.secondsUntilAutoPause },
        undo: { operation: 'rds:ModifyDBCluster', input: autoPauseInput(id, current.minAcu, current.maxAcu, null) },
        templateProperty: 'AWS::RDS::DBCluster.ServerlessV2ScalingConfiguration (MinCapacity, SecondsUntilAutoPause)',
        notes: [
          'the cluster pauses after the idle time without connections; the first connection after a pause waits about 15 s while it resumes',
          'connections held open (RDS Proxy, poolers, monitoring agents) keep it from pausing',
        ],
      },
    ];
  },
  combine: alignCeilings,
});
