import { describe, expect, it } from 'vitest';
import { autoPauseSupport, tableSupportsAutoPause } from '../../../src/rules/aurora/engine-support.js';
import { auroraAutoPause } from '../../../src/rules/aurora/auto-pause.js';
import { targetsFromConfig } from '../../../src/targets/config.js';
import { DESIGN_TARGETS } from '../../../src/targets/design.js';
import { auroraCluster, ruleCases, snapshotWith } from '../fragments.js';

const dev = (overrides: Parameters<typeof auroraCluster>[0] = {}) => auroraCluster({ id: 'clinnet-aurora-dev', ...overrides });
const prodPausing = targetsFromConfig({ targets: { prod: { aurora: { autoPause: true } } } });
const tenMinutes = targetsFromConfig({ targets: { dev: { aurora: { autoPauseSeconds: 600 } } } });

ruleCases(auroraAutoPause, {
  valid: [
    { name: 'prod never pauses by default', snapshot: snapshotWith({ auroraClusters: [auroraCluster()] }) },
    { name: 'dev already at 0 ACU', snapshot: snapshotWith({ auroraClusters: [dev({ serverlessV2: { minAcu: 0, maxAcu: 1, secondsUntilAutoPause: 300 } })] }) },
  ],
  invalid: [
    {
      name: 'supported engine, idle share measured: a fixable, priced saving',
      snapshot: snapshotWith({ auroraClusters: [dev({ usage: { source: 'demo', avgAcu: 0.6, peakAcu: 1, idleFraction: 0.6 } })] }),
      expect: [
        {
          fixable: true,
          current: { minAcu: 0.5, maxAcu: 16, secondsUntilAutoPause: null },
          target: { minAcu: 0, maxAcu: 16, secondsUntilAutoPause: 300 },
          // 0.6 × 730 h × 0.5 ACU × $0.12
          monthlyDeltaUsd: -26.28,
          message: expect.stringContaining('supports 0 ACU (per DescribeDBEngineVersions)'),
        },
      ],
    },
    {
      name: 'the idle seconds come from the config',
      snapshot: snapshotWith({ auroraClusters: [dev()] }),
      targets: tenMinutes,
      expect: [{ fixable: true, target: { minAcu: 0, maxAcu: 16, secondsUntilAutoPause: 600 }, message: expect.stringContaining('SecondsUntilAutoPause 600') }],
    },
    {
      name: 'no engine description: the documented version table decides (3.08.0 supports it)',
      snapshot: snapshotWith({ auroraClusters: [dev({ engineMinAcuSupported: null })] }),
      expect: [{ fixable: true, monthlyDeltaUsd: null, message: expect.stringContaining('per the documented engine versions') }],
    },
    {
      name: 'no engine description and a version below the table: needs an upgrade, advisory',
      snapshot: snapshotWith({ auroraClusters: [dev({ engineVersion: '8.0.mysql_aurora.3.05.2', engineMinAcuSupported: null })] }),
      expect: [{ fixable: false, message: expect.stringContaining('3.05.2 supports a minimum of 0.5 ACU (per the documented engine versions') }],
    },
    {
      name: 'unknown engine support: said, never assumed',
      snapshot: snapshotWith({ auroraClusters: [dev({ engine: 'aurora-postgresql', engineVersion: '18.1', engineMinAcuSupported: null })] }),
      expect: [{ fixable: false, monthlyDeltaUsd: null, message: expect.stringContaining('support for 0 ACU is unknown') }],
    },
    {
      name: 'engine whose minimum is 0.5: needs an upgrade',
      snapshot: snapshotWith({ auroraClusters: [dev({ engineVersion: '8.0.mysql_aurora.3.04.0', engineMinAcuSupported: 0.5 })] }),
      expect: [{ fixable: false, message: expect.stringContaining('3.04.0 supports a minimum of 0.5 ACU (per DescribeDBEngineVersions), so it cannot pause: upgrade') }],
    },
    {
      name: 'prod with auto-pause configured: advisory only',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster()] }),
      targets: prodPausing,
      expect: [{ fixable: false, env: 'prod', message: expect.stringContaining('advisory in prod') }],
    },
  ],
});

describe('auto-pause engine support', () => {
  it.each([
    ['aurora-mysql', '8.0.mysql_aurora.3.08.0', true],
    ['aurora-mysql', '8.0.mysql_aurora.3.10.1', true],
    ['aurora-mysql', '8.0.mysql_aurora.3.07.1', false],
    ['aurora-mysql', '5.7.mysql_aurora.2.12.3', false],
    ['aurora-postgresql', '13.15', true],
    ['aurora-postgresql', '13.14', false],
    ['aurora-postgresql', '14.12', true],
    ['aurora-postgresql', '15.6', false],
    ['aurora-postgresql', '15.7', true],
    ['aurora-postgresql', '16.3', true],
    ['aurora-postgresql', '16.2', false],
    ['aurora-postgresql', '12.22', false],
    ['aurora-postgresql', '17.4', true],
    ['aurora-postgresql', '18.1', null],
    ['aurora-mysql', 'something-else', null],
  ])('%s %s → %s', (engine, version, expected) => {
    expect(tableSupportsAutoPause(engine, version)).toBe(expected);
  });

  it("prefers the engine's own description to the table", () => {
    expect(autoPauseSupport({ engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.08.0', engineMinAcuSupported: 0.5 })).toEqual({ supported: false, minAcu: 0.5, source: 'DescribeDBEngineVersions' });
    expect(autoPauseSupport({ engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.08.0', engineMinAcuSupported: null })).toEqual({ supported: true, minAcu: 0, source: 'version table' });
  });

  it('defaults to 300 s idle in every environment', () => {
    expect(Object.values(DESIGN_TARGETS.envs).map((e) => e.aurora.autoPauseSeconds)).toEqual([300, 300, 300, 300]);
  });
});
