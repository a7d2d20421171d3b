import { describe, expect, it } from 'vitest';
import { lambdaMemory } from '../../../src/rules/lambda/memory.js';
import { findingsOf, lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const usage = { source: 'demo' as const, invocationsPerMonth: 2_000_000, avgDurationMs: 100 };
const NO_MEMORY_DATA = 'no data: max memory used (CloudWatch Logs REPORT lines / Lambda Insights) is needed before lowering memory';
const MEMORY_METRIC = 'Logs Insights @maxMemoryUsed (or LambdaInsights used_memory_max Maximum)';

ruleCases(lambdaMemory, {
  valid: [
    { name: 'high-frequency at 512 MB', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 512 })] }) },
    { name: 'no tier matches and the environment sets no size', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-widget-prod' })] }) },
    {
      name: 'at the observed need above the design size',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 625, usage: { ...usage, maxMemoryUsedMb: 500 } })] }),
    },
  ],
  invalid: [
    {
      name: 'over-sized high-frequency function with max memory used measured: a fixable saving at today\'s duration',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage: { ...usage, maxMemoryUsedMb: 180 } })] }),
      expect: [
        {
          current: 1024,
          target: 512,
          // 2e6 × 0.1 s × (0.5 − 1) GB = −100,000 GB-s × 0.0000166667
          monthlyDeltaUsd: -1.67,
          fixable: true,
          message: expect.stringContaining('high-frequency tier size 512 MB, above the observed maximum of 180 MB used plus 25% headroom (225 MB)'),
          metricsUsed: [MEMORY_METRIC, 'AWS/Lambda Invocations Sum', 'AWS/Lambda Duration Average'],
        },
      ],
    },
    {
      name: 'lowering without max memory used: advisory, "no data", still priced at today\'s duration',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage })] }),
      expect: [
        {
          current: 1024,
          target: 512,
          monthlyDeltaUsd: -1.67,
          fixable: false,
          message: expect.stringContaining(NO_MEMORY_DATA),
          metricsUsed: [`${MEMORY_METRIC}: no data`, 'AWS/Lambda Invocations Sum', 'AWS/Lambda Duration Average'],
        },
      ],
    },
    {
      name: 'lowering with no usage block at all: advisory, unpriced, every metric "no data"',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024 })] }),
      expect: [
        {
          target: 512,
          fixable: false,
          monthlyDeltaUsd: null,
          message: expect.stringMatching(/usage data needed.*no data: max memory used/),
          metricsUsed: [`${MEMORY_METRIC}: no data`, 'AWS/Lambda Invocations Sum: no data', 'AWS/Lambda Duration Average: no data'],
        },
      ],
    },
    {
      name: 'never below the observed maximum plus headroom, and fixable',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage: { ...usage, maxMemoryUsedMb: 480 } })] }),
      expect: [{ target: 600, fixable: true, message: expect.stringContaining('observed maximum of 480 MB used plus 25% headroom') }],
    },
    {
      name: 'the observed need above today\'s size raises memory (fixable) even when the design is lower',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 512, usage: { ...usage, maxMemoryUsedMb: 500 } })] }),
      // 500 × 1.25 = 625 MB; 2e6 × 0.1 × (625 − 512)/1024 GB-s × 0.0000166667
      expect: [{ current: 512, target: 625, fixable: true, monthlyDeltaUsd: 0.37 }],
    },
    {
      name: 'data-intensive below its tier without memory data: raising is fixable, an honest cost increase',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', memoryMb: 256, usage })] }),
      // 2e6 × 0.1 × (1 − 0.25) GB = 150,000 GB-s × 0.0000166667
      expect: [{ current: 256, target: 1024, monthlyDeltaUsd: 2.5, fixable: true, metricsUsed: [`${MEMORY_METRIC}: no data`, 'AWS/Lambda Invocations Sum', 'AWS/Lambda Duration Average'] }],
    },
    {
      name: 'dev uses its own 128 MB for every tier; lowering 1024 → 128 without data is advisory',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-dev', memoryMb: 1024 })] }),
      expect: [{ env: 'dev', target: 128, monthlyDeltaUsd: null, fixable: false, message: expect.stringContaining('usage data needed') }],
    },
    {
      name: 'dev with max memory used measured: 128 MB would starve it, so the target is the need',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-dev', memoryMb: 1024, usage: { ...usage, maxMemoryUsedMb: 200 } })] }),
      expect: [{ env: 'dev', target: 250, fixable: true }],
    },
    {
      name: 'headroom comes from settings',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage: { ...usage, maxMemoryUsedMb: 480 } })] }),
      settings: { memoryHeadroomPct: 50 },
      expect: [{ target: 720, fixable: true }],
    },
  ],
});

describe('lambda/memory never goes below max memory used plus headroom', () => {
  it('holds for every measured size, headroom and starting memory', () => {
    for (const memoryMb of [128, 256, 1024, 3008]) {
      for (const maxMemoryUsedMb of [60, 100, 200, 410, 900, 2500]) {
        for (const memoryHeadroomPct of [0, 10, 25, 60]) {
          const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb, usage: { ...usage, maxMemoryUsedMb } })] });
          for (const f of findingsOf(lambdaMemory, { snapshot, settings: { memoryHeadroomPct } })) {
            expect(f.fixable).toBe(true);
            expect(f.target as number).toBeGreaterThanOrEqual(Math.ceil(maxMemoryUsedMb * (1 + memoryHeadroomPct / 100)));
          }
        }
      }
    }
  });
});
