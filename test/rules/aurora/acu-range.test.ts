import { describe, expect, it } from 'vitest';
import { auroraAcuRange } from '../../../src/rules/aurora/acu-range.js';
import { DESIGN_TARGETS } from '../../../src/targets/design.js';
import { auroraCluster, findingsOf, ruleCases, snapshotWith } from '../fragments.js';

const DESIGN = () => structuredClone(DESIGN_TARGETS);

const usage = (avgAcu: number, peakAcu: number | null) => ({ source: 'demo' as const, avgAcu, peakAcu });

ruleCases(auroraAcuRange, {
  valid: [
    { name: 'prod at 0.5–8', snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu: 8 } })] }) },
    {
      name: 'dev paused at 0 ACU on a version that supports it keeps 0',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ id: 'clinnet-aurora-dev', serverlessV2: { minAcu: 0, maxAcu: 1, secondsUntilAutoPause: 300 } })] }),
    },
    {
      name: 'dev already paused at 0 ACU keeps 0 even when the engine support was not read',
      snapshot: snapshotWith({
        auroraClusters: [auroraCluster({ id: 'clinnet-aurora-dev', engineMinAcuSupported: null, serverlessV2: { minAcu: 0, maxAcu: 1, secondsUntilAutoPause: 300 } })],
      }),
    },
    { name: 'provisioned (not serverless) cluster', snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: null })] }) },
    {
      name: 'prod ceiling already at the observed peak plus headroom',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu: 12.5 }, usage: usage(3, 10) })] }),
    },
  ],
  invalid: [
    {
      name: 'prod 2–16 → 0.5–8, the floor reduction priced as an upper bound',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 2, maxAcu: 16 }, usage: usage(2, 4) })] }),
      expect: [
        {
          current: { minAcu: 2, maxAcu: 16 },
          target: { minAcu: 0.5, maxAcu: 8 },
          fixable: true,
          // (0.5 − 2) ACU × 730 h × $0.12
          monthlyDeltaUsd: -131.4,
          message: expect.stringContaining('up to -$131.40/month'),
          metricsUsed: ['AWS/RDS ServerlessDatabaseCapacity Maximum', 'AWS/RDS ServerlessDatabaseCapacity Average'],
        },
      ],
    },
    {
      name: 'the ceiling never goes below the observed peak plus headroom',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu: 16 }, usage: usage(3, 9.1) })] }),
      // 9.1 × 1.25 = 11.375 → 11.5 in 0.5 steps
      expect: [{ target: { minAcu: 0.5, maxAcu: 11.5 }, fixable: true, monthlyDeltaUsd: 0, message: expect.stringContaining('observed peak of 9.1 ACU plus 25% headroom') }],
    },
    {
      name: 'a minimum the engine does not support is raised to what it supports',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ id: 'clinnet-aurora-dev', engineMinAcuSupported: 1, serverlessV2: { minAcu: 2, maxAcu: 4 } })] }),
      expect: [{ target: { minAcu: 1, maxAcu: 1 }, monthlyDeltaUsd: null, fixable: false, message: expect.stringContaining('supports a minimum of 1 ACU') }],
    },
    {
      name: 'config asks for 0 ACU but the engine\'s support is unknown: 0.5, said',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ engineMinAcuSupported: null, serverlessV2: { minAcu: 1, maxAcu: 8 } })] }),
      targets: (() => {
        const t = DESIGN();
        t.envs.prod.aurora.minAcu = 0;
        return t;
      })(),
      // Only the floor moves: no peak is needed for that.
      expect: [{ target: { minAcu: 0.5, maxAcu: 8 }, fixable: true, message: expect.stringContaining('minimum capacity is unknown') }],
    },
    {
      name: 'values snap to 0.5 ACU steps and the maximum is at least 1',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 2, maxAcu: 16 } })] }),
      targets: (() => {
        const t = DESIGN();
        t.envs.prod.aurora.minAcu = 0.3;
        t.envs.prod.aurora.maxAcu = 0.5;
        return t;
      })(),
      expect: [{ target: { minAcu: 0.5, maxAcu: 1 }, monthlyDeltaUsd: null, fixable: false, message: expect.stringContaining('usage data needed (average ACU)') }],
    },
    {
      name: 'lowering the ceiling without the peak: advisory, "no data", metrics named',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu: 16 } })] }),
      expect: [
        {
          current: { minAcu: 0.5, maxAcu: 16 },
          target: { minAcu: 0.5, maxAcu: 8 },
          fixable: false,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('advisory: no data: ServerlessDatabaseCapacity maximum is needed'),
          metricsUsed: ['AWS/RDS ServerlessDatabaseCapacity Maximum: no data', 'AWS/RDS ServerlessDatabaseCapacity Average: no data'],
        },
      ],
    },
    {
      name: 'average measured but not the peak: still advisory (the average says nothing about the ceiling)',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu: 16 }, usage: usage(3, null) })] }),
      expect: [{ target: { minAcu: 0.5, maxAcu: 8 }, fixable: false, metricsUsed: ['AWS/RDS ServerlessDatabaseCapacity Maximum: no data', 'AWS/RDS ServerlessDatabaseCapacity Average'] }],
    },
    {
      name: 'lowering the ceiling with the peak measured: fixable, and says the peak fits',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu: 16 }, usage: usage(1.5, 4) })] }),
      expect: [{ target: { minAcu: 0.5, maxAcu: 8 }, fixable: true, message: expect.stringContaining('observed peak of 4 ACU plus 25% headroom (5 ACU) fits under 8 ACU') }],
    },
    {
      name: 'raising a ceiling below the peak plus headroom is fixable',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu: 4 }, usage: usage(3, 9.5) })] }),
      // 9.5 × 1.25 = 11.875 → 12
      expect: [{ current: { minAcu: 0.5, maxAcu: 4 }, target: { minAcu: 0.5, maxAcu: 12 }, fixable: true }],
    },
    {
      name: 'two serverless instances: each bills the ACUs',
      snapshot: snapshotWith({
        auroraClusters: [
          auroraCluster({
            serverlessV2: { minAcu: 1, maxAcu: 16 },
            usage: usage(1, 2),
            instances: [
              { id: 'w', instanceClass: 'db.serverless', availabilityZone: 'us-east-1a', isWriter: true },
              { id: 'r', instanceClass: 'db.serverless', availabilityZone: 'us-east-1b', isWriter: false },
            ],
          }),
        ],
      }),
      // (0.5 − 1) × 2 × 730 × 0.12
      expect: [{ target: { minAcu: 0.5, maxAcu: 8 }, monthlyDeltaUsd: -87.6 }],
    },
  ],
});

describe('aurora/acu-range never sets a ceiling below the observed peak plus headroom', () => {
  it('holds for every peak, headroom and current range', () => {
    for (const maxAcu of [1, 4, 16, 64]) {
      for (const peakAcu of [0.5, 2, 6.4, 9.5, 30]) {
        for (const acuHeadroomPct of [0, 25, 50]) {
          const snapshot = snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 0.5, maxAcu }, usage: usage(1, peakAcu) })] });
          for (const f of findingsOf(auroraAcuRange, { snapshot, settings: { acuHeadroomPct } })) {
            expect(f.fixable).toBe(true);
            expect((f.target as { maxAcu: number }).maxAcu).toBeGreaterThanOrEqual(peakAcu * (1 + acuHeadroomPct / 100));
          }
        }
      }
    }
  });
});
