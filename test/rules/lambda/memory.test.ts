import { expect } from 'vitest';
import { lambdaMemory } from '../../../src/rules/lambda/memory.js';
import { lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const usage = { source: 'demo' as const, invocationsPerMonth: 2_000_000, avgDurationMs: 100 };

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
      name: 'over-sized high-frequency function: saving at today\'s duration',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage: { ...usage, maxMemoryUsedMb: 180 } })] }),
      expect: [
        {
          current: 1024,
          target: 512,
          // 2e6 × 0.1 s × (0.5 − 1) GB = −100,000 GB-s × 0.0000166667
          monthlyDeltaUsd: -1.67,
          fixable: true,
          message: expect.stringContaining('high-frequency tier size 512 MB'),
        },
      ],
    },
    {
      name: 'never below the observed maximum plus headroom',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage: { ...usage, maxMemoryUsedMb: 480 } })] }),
      expect: [{ target: 600, message: expect.stringContaining('observed maximum of 480 MB used plus 25% headroom') }],
    },
    {
      name: 'data-intensive below its tier: an honest cost increase',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', memoryMb: 256, usage })] }),
      // 2e6 × 0.1 × (1 − 0.25) GB = 150,000 GB-s × 0.0000166667
      expect: [{ current: 256, target: 1024, monthlyDeltaUsd: 2.5 }],
    },
    {
      name: 'dev uses its own 128 MB for every tier',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-dev', memoryMb: 1024 })] }),
      expect: [{ env: 'dev', target: 128, monthlyDeltaUsd: null, message: expect.stringContaining('usage data needed') }],
    },
    {
      name: 'headroom comes from settings',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage: { ...usage, maxMemoryUsedMb: 480 } })] }),
      settings: { memoryHeadroomPct: 50 },
      expect: [{ target: 720 }],
    },
  ],
});
