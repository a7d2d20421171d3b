import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/changes/planner.js';
import { loadSnapshot } from '../../../src/inventory/snapshot-file.js';
import { runRules } from '../../../src/rules/engine.js';
import { DESIGN_TARGETS } from '../../../src/targets/design.js';

const DEMO_DEV = resolve(import.meta.dirname, '../../../examples/demo-dev.snapshot.json');

async function devPlan(only?: string[]) {
  const snapshot = await loadSnapshot(DEMO_DEV);
  const findings = runRules({ snapshot, targets: DESIGN_TARGETS, onlyEnv: 'dev' });
  return buildPlan(findings, snapshot, { only, allowDrift: false, env: 'dev', ctx: { now: new Date('2026-12-01T00:00:00Z') } });
}

describe('aurora/auto-pause on the dev demo', () => {
  it('sends the ceiling the acu-range change of the same plan sets first, so neither undoes the other', async () => {
    const plan = await devPlan(['aurora']);
    const range = plan.changes.find((c) => c.rule === 'aurora/acu-range');
    const pause = plan.changes.find((c) => c.rule === 'aurora/auto-pause');
    expect(range?.after).toEqual({ minAcu: 0.5, maxAcu: 3.5 });
    expect(plan.changes.indexOf(range!)).toBeLessThan(plan.changes.indexOf(pause!));
    expect(pause).toMatchObject({
      attribute: 'AutoPause',
      before: { minAcu: 0.5, secondsUntilAutoPause: null },
      after: { minAcu: 0, secondsUntilAutoPause: 300 },
      input: { DBClusterIdentifier: 'clinnet-aurora-dev', ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 3.5, SecondsUntilAutoPause: 300 }, ApplyImmediately: true },
      undo: { operation: 'rds:ModifyDBCluster', input: { DBClusterIdentifier: 'clinnet-aurora-dev', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 3.5 }, ApplyImmediately: true } },
      monthlyDeltaUsd: -29.78,
    });
    expect(pause?.refused).toBeUndefined();
    expect(pause?.held).toBeUndefined();
  });

  it("keeps the cluster's own ceiling when no acu-range change is planned", async () => {
    const plan = await devPlan(['aurora/auto-pause']);
    expect(plan.changes.map((c) => c.input.ServerlessV2ScalingConfiguration)).toEqual([{ MinCapacity: 0, MaxCapacity: 16, SecondsUntilAutoPause: 300 }]);
  });
});
