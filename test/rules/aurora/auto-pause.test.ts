import { expect } from 'vitest';
import { auroraAutoPause } from '../../../src/rules/aurora/auto-pause.js';
import { auroraCluster, ruleCases, snapshotWith } from '../fragments.js';

const dev = (overrides: Parameters<typeof auroraCluster>[0] = {}) => auroraCluster({ id: 'clinnet-aurora-dev', ...overrides });

ruleCases(auroraAutoPause, {
  valid: [
    { name: 'prod never pauses', snapshot: snapshotWith({ auroraClusters: [auroraCluster()] }) },
    { name: 'dev already at 0 ACU', snapshot: snapshotWith({ auroraClusters: [dev({ serverlessV2: { minAcu: 0, maxAcu: 1, secondsUntilAutoPause: 300 } })] }) },
  ],
  invalid: [
    {
      name: 'supported engine, idle share measured: priced saving',
      snapshot: snapshotWith({ auroraClusters: [dev({ usage: { source: 'demo', avgAcu: 0.6, peakAcu: 1, idleFraction: 0.6 } })] }),
      expect: [
        {
          fixable: false,
          target: { minAcu: 0, secondsUntilAutoPause: 300 },
          // 0.6 × 730 h × 0.5 ACU × $0.12
          monthlyDeltaUsd: -26.28,
          message: expect.stringContaining('supports 0 ACU'),
        },
      ],
    },
    {
      name: 'unknown engine support: said, never assumed',
      snapshot: snapshotWith({ auroraClusters: [dev({ engineMinAcuSupported: null })] }),
      expect: [{ monthlyDeltaUsd: null, message: expect.stringContaining("support for 0 ACU is unknown") }],
    },
    {
      name: 'engine whose minimum is 0.5: needs an upgrade',
      snapshot: snapshotWith({ auroraClusters: [dev({ engineVersion: '8.0.mysql_aurora.3.04.0', engineMinAcuSupported: 0.5 })] }),
      expect: [{ message: expect.stringContaining('3.04.0 supports a minimum of 0.5 ACU, so it cannot pause: upgrade') }],
    },
  ],
});
