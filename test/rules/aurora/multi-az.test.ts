import { expect } from 'vitest';
import { auroraMultiAz } from '../../../src/rules/aurora/multi-az.js';
import { auroraCluster, ruleCases, snapshotWith } from '../fragments.js';

const instance = (id: string, az: string | null, isWriter: boolean) => ({ id, instanceClass: 'db.serverless', availabilityZone: az, isWriter });

ruleCases(auroraMultiAz, {
  valid: [
    {
      name: 'prod with a reader in a second AZ',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ multiAz: true, instances: [instance('w', 'us-east-1a', true), instance('r', 'us-east-1b', false)] })] }),
    },
    { name: 'dev sets no Multi-AZ target', snapshot: snapshotWith({ auroraClusters: [auroraCluster({ id: 'clinnet-aurora-dev' })] }) },
  ],
  invalid: [
    {
      name: 'prod writer only: an honest, priced cost increase',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ usage: { source: 'demo', avgAcu: 1.5, peakAcu: 4 } })] }),
      expect: [
        {
          fixable: false,
          current: { readers: 0, availabilityZones: ['us-east-1a'] },
          // the reader tracks the writer: 1.5 ACU × 730 h × $0.12
          monthlyDeltaUsd: 131.4,
          message: expect.stringMatching(/db\.serverless reader in promotion tier 0 or 1.*a cost increase of \+\$131\.40\/month, not a saving/),
        },
      ],
    },
    {
      name: 'reader in the same AZ does not count',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ instances: [instance('w', 'us-east-1a', true), instance('r', 'us-east-1a', false)] })] }),
      expect: [{ monthlyDeltaUsd: null, message: expect.stringContaining("share the writer's AZ") }],
    },
  ],
});
