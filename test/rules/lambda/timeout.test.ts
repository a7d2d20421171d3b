import { describe, expect, it } from 'vitest';
import { lambdaTimeout } from '../../../src/rules/lambda/timeout.js';
import { findingsOf, lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const NO_DURATION_DATA = 'no data: p99 (or maximum) Duration is needed before lowering the timeout';
const durations = (fields: { p99DurationMs?: number | null; maxDurationMs?: number | null }) => ({
  source: 'cloudwatch' as const,
  invocationsPerMonth: 1000,
  avgDurationMs: 400,
  ...fields,
});

ruleCases(lambdaTimeout, {
  valid: [
    { name: 'high-frequency at 15 s', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ timeoutS: 15 })] }) },
    {
      name: 'data-intensive behind API Gateway already at 29 s',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 29, invokedByApiGateway: true })] }),
    },
  ],
  invalid: [
    {
      name: '30 s high-frequency → 15 s with p99 measured: fixable, no direct cost',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ usage: durations({ p99DurationMs: 900, maxDurationMs: 3800 }) })] }),
      expect: [
        {
          current: 30,
          target: 15,
          monthlyDeltaUsd: 0,
          costLines: [],
          fixable: true,
          message: expect.stringContaining('above the observed p99 duration 900 ms plus 25% headroom (2 s)'),
          metricsUsed: ['AWS/Lambda Duration p99', 'AWS/Lambda Duration Maximum'],
        },
      ],
    },
    {
      name: 'lowering without any duration data: advisory, "no data"',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn()] }),
      expect: [
        {
          current: 30,
          target: 15,
          fixable: false,
          message: expect.stringContaining(NO_DURATION_DATA),
          metricsUsed: ['AWS/Lambda Duration p99: no data', 'AWS/Lambda Duration Maximum: no data'],
        },
      ],
    },
    {
      name: 'p99 missing but the maximum measured: the maximum plus headroom is the floor, fixable',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ usage: durations({ p99DurationMs: null, maxDurationMs: 14_000 }) })] }),
      expect: [
        {
          current: 30,
          target: 18,
          fixable: true,
          message: expect.stringContaining('observed maximum duration (p99 not measured) 14000 ms plus 25% headroom needs 18 s'),
          metricsUsed: ['AWS/Lambda Duration p99: no data', 'AWS/Lambda Duration Maximum'],
        },
      ],
    },
    {
      name: 'data-intensive behind API Gateway: 29 s, not the document\'s 60 s (raising from 20 s is fixable without data)',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 20, invokedByApiGateway: true })] }),
      expect: [{ current: 20, target: 29, fixable: true, message: expect.stringContaining("above API Gateway's 29 s integration timeout") }],
    },
    {
      name: 'behind API Gateway at 120 s: lowered to 29 s only with data; says the extra seconds gain nothing',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 120, invokedByApiGateway: true })] }),
      expect: [{ current: 120, target: 29, fixable: false, message: expect.stringMatching(/seconds beyond 29 s gain nothing.*no data: p99/) }],
    },
    {
      name: 'high-frequency behind API Gateway at 60 s: says today\'s timeout is above the integration timeout',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ timeoutS: 60, invokedByApiGateway: true, usage: durations({ p99DurationMs: 900 }) })] }),
      expect: [{ current: 60, target: 15, fixable: true, message: expect.stringContaining("today's 60 s is above API Gateway's 29 s integration timeout") }],
    },
    {
      name: 'data-intensive not behind API Gateway: 60 s',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 30, invokedByApiGateway: false })] }),
      expect: [{ target: 60, fixable: true }],
    },
    {
      name: 'unknown API Gateway use above 29 s: said',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 30, invokedByApiGateway: null })] }),
      expect: [{ target: 60, message: expect.stringContaining('whether API Gateway invokes it is unknown') }],
    },
    {
      name: 'never below the observed p99 plus headroom',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ usage: durations({ p99DurationMs: 14_000 }) })] }),
      expect: [{ current: 30, target: 18, fixable: true, message: expect.stringContaining('observed p99 duration 14000 ms plus 25% headroom') }],
    },
    {
      name: 'behind API Gateway with a p99 above 29 s: keeps the need and says callers time out first',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 60, invokedByApiGateway: true, usage: durations({ p99DurationMs: 30_000 }) })] }),
      expect: [{ current: 60, target: 38, fixable: true, message: expect.stringContaining('API Gateway callers will time out first') }],
    },
    {
      name: 'headroom comes from settings',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ usage: durations({ p99DurationMs: 14_000 }) })] }),
      settings: { timeoutHeadroomPct: 100 },
      expect: [{ target: 28 }],
    },
  ],
});

describe('lambda/timeout never goes below the observed duration plus headroom', () => {
  it('holds for every p99, headroom and starting timeout, and is fixable only with a duration measured', () => {
    for (const timeoutS of [3, 30, 120, 900]) {
      for (const p99 of [null, 50, 2_000, 14_000, 45_000]) {
        for (const timeoutHeadroomPct of [0, 25, 80]) {
          const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn({ timeoutS, invokedByApiGateway: true, usage: durations({ p99DurationMs: p99 }) })] });
          for (const f of findingsOf(lambdaTimeout, { snapshot, settings: { timeoutHeadroomPct } })) {
            if (p99 === null) {
              expect(f.fixable).toBe((f.target as number) > timeoutS);
              continue;
            }
            expect(f.fixable).toBe(true);
            expect(f.target as number).toBeGreaterThanOrEqual(Math.ceil((p99 / 1000) * (1 + timeoutHeadroomPct / 100)));
          }
        }
      }
    }
  });
});
