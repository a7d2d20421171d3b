import { expect } from 'vitest';
import { auroraCapacityLimits } from '../../../src/rules/aurora/capacity-limits.js';
import { auroraCluster, ruleCases, snapshotWith } from '../fragments.js';

const SCALING = 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html';
const v2 = (minAcu: number, maxAcu: number, secondsUntilAutoPause: number | null = null) => ({ serverlessV2: { minAcu, maxAcu, secondsUntilAutoPause } });
const templateSnapshot = (cluster: ReturnType<typeof auroraCluster>) =>
  snapshotWith({ auroraClusters: [cluster], template: { file: 'template.yaml', parameters: { Environment: 'prod' }, environment: 'prod' } });

ruleCases(auroraCapacityLimits, {
  valid: [
    { name: 'the design range 0.5–8', snapshot: snapshotWith({ auroraClusters: [auroraCluster(v2(0.5, 8))] }) },
    { name: '0–256 with auto-pause on an engine that supports it', snapshot: snapshotWith({ auroraClusters: [auroraCluster(v2(0, 256, 300))] }) },
    { name: 'not Serverless v2', snapshot: snapshotWith({ auroraClusters: [auroraCluster({ serverlessV2: null })] }) },
    {
      name: 'live: SecondsUntilAutoPause reported beside a non-zero minimum is not judged',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster(v2(0.5, 8, 300))] }),
    },
    {
      name: 'engine support unknown: 0 ACU is not claimed rejected',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ ...v2(0, 4), engine: 'aurora-postgresql', engineVersion: '18.1', engineMinAcuSupported: null })] }),
    },
  ],
  invalid: [
    {
      name: 'quarter steps, a maximum below 1 ACU, named with the limit and its page',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster(v2(0.25, 0.5))] }),
      expect: [
        {
          severity: 'high',
          fixable: false,
          current: { minAcu: 0.25, maxAcu: 0.5, secondsUntilAutoPause: null },
          message: expect.stringMatching(
            new RegExp(
              `^AWS rejects this capacity range: MinCapacity 0\\.25 must be 0 \\(auto-pause\\) or 0\\.5–256 ACU in half steps \\(.*${SCALING.replace(/\./g, '\\.')}\\); MaxCapacity 0\\.5 must be 1–256 ACU in half steps`,
            ),
          ),
        },
      ],
    },
    {
      name: 'min above max, and above 256',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster(v2(8, 4)), auroraCluster({ id: 'clinnet-big-prod', ...v2(0.5, 512) })] }),
      expect: [
        { resourceName: 'clinnet-aurora-prod', message: expect.stringContaining('MinCapacity 8 is above MaxCapacity 4') },
        { resourceName: 'clinnet-big-prod', message: expect.stringContaining('MaxCapacity 512 must be 1–256 ACU in half steps') },
      ],
    },
    {
      name: 'MinCapacity 0 on an engine without auto-pause (documented versions)',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ ...v2(0, 4), engineVersion: '8.0.mysql_aurora.3.04.1', engineMinAcuSupported: null })] }),
      expect: [
        {
          message: expect.stringContaining(
            'MinCapacity 0 needs an engine version that supports auto-pause: aurora-mysql 8.0.mysql_aurora.3.04.1 accepts 0.5 ACU at the least (per the documented engine versions',
          ),
        },
      ],
    },
    {
      name: 'an older engine that stops at 128 ACU',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ ...v2(0.5, 200), engineMaxAcuSupported: 128 })] }),
      expect: [{ message: expect.stringContaining('MaxCapacity 200 is above the 128 ACU that aurora-mysql 8.0.mysql_aurora.3.08.0 supports') }],
    },
    {
      name: 'template: SecondsUntilAutoPause with a non-zero minimum',
      snapshot: templateSnapshot(auroraCluster(v2(0.5, 4, 600))),
      expect: [{ message: expect.stringContaining('SecondsUntilAutoPause applies only with MinCapacity 0 (got MinCapacity 0.5)') }],
    },
    {
      name: 'SecondsUntilAutoPause below 300 s',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster(v2(0, 4, 60))] }),
      expect: [{ message: expect.stringContaining('SecondsUntilAutoPause 60 is not an integer from 300 to 86,400 s') }],
    },
  ],
});
