import { expect } from 'vitest';
import type { LambdaUsage } from '../../../src/inventory/snapshot.js';
import { lambdaReservedConcurrency } from '../../../src/rules/lambda/reserved-concurrency.js';
import { lambdaFn, lambdaSettings, ruleCases, snapshotWith } from '../fragments.js';

/** Measured usage with a peak of `peak` concurrent executions. */
const usage = (peak: number, throttlesPerMonth = 0): LambdaUsage => ({
  source: 'cloudwatch',
  windowDays: 14,
  invocationsPerMonth: 100_000,
  avgDurationMs: 200,
  throttlesPerMonth,
  maxConcurrentExecutions: peak,
});

const prodFunctions = (n: number, peak = 10) =>
  Array.from({ length: n }, (_, i) => lambdaFn({ name: `clinnet-fn${String(i).padStart(2, '0')}-prod`, usage: usage(peak) }));

const MEASURED = ['AWS/Lambda ConcurrentExecutions Maximum', 'AWS/Lambda Throttles Sum'];
const UNMEASURED = ['AWS/Lambda ConcurrentExecutions Maximum: no data', 'AWS/Lambda Throttles Sum: no data'];
const NO_DATA = 'no data: AWS/Lambda ConcurrentExecutions Maximum is needed before capping concurrency';

ruleCases(lambdaReservedConcurrency, {
  valid: [
    {
      name: 'prod function reserving 100 in a roomy account',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ reservedConcurrency: 100 })], lambdaAccountSettings: [lambdaSettings()] }),
    },
    { name: 'staging sets no reservation', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-staging' })] }) },
    {
      name: 'dev function already reserving its observed peak plus headroom above the design\'s 5',
      // peak 6 × 1.25 = 7.5 → 8
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', reservedConcurrency: 8, usage: usage(6) })], lambdaAccountSettings: [lambdaSettings()] }),
    },
  ],
  invalid: [
    {
      name: 'dev function with a measured peak of 3 gets 5',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', usage: usage(3) })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [
        {
          env: 'dev',
          current: null,
          target: 5,
          monthlyDeltaUsd: 0,
          costLines: [],
          fixable: true,
          metricsUsed: MEASURED,
          message: expect.stringContaining('the observed peak of 3 concurrent executions plus 25% headroom (4) fits under 5'),
        },
      ],
    },
    {
      name: 'peak known and below the design: lowering an oversized reservation to 5 is fixable',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', reservedConcurrency: 50, usage: usage(2) })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [{ current: 50, target: 5, fixable: true, monthlyDeltaUsd: 0, metricsUsed: MEASURED }],
    },
    {
      name: 'peak above the design\'s 5: the target is the peak plus headroom, rounded up, and the message says why',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', usage: usage(6) })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [
        {
          current: null,
          target: 8,
          fixable: true,
          monthlyDeltaUsd: 0,
          metricsUsed: MEASURED,
          message: expect.stringContaining("the design's 5 is below the observed peak of 6 concurrent executions plus 25% headroom (8): a lower cap would throttle it, so the target is 8"),
        },
      ],
    },
    {
      name: 'peak above the design lowers an oversized reservation only down to the peak plus headroom',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', reservedConcurrency: 40, usage: usage(16) })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [{ current: 40, target: 20, fixable: true }],
    },
    {
      name: 'no peak data and a lower cap: advisory, says which metric is missing',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', reservedConcurrency: 50 })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [{ current: 50, target: 5, fixable: false, monthlyDeltaUsd: 0, metricsUsed: UNMEASURED, message: expect.stringContaining(NO_DATA) }],
    },
    {
      name: 'no peak data and no reservation today: a new cap is advisory too',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', usage: { source: 'cloudwatch', invocationsPerMonth: 1000, avgDurationMs: 100 } })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [{ current: null, target: 5, fixable: false, metricsUsed: UNMEASURED, message: expect.stringContaining(NO_DATA) }],
    },
    {
      name: 'no peak data, but raising a small reservation caps nothing new: fixable',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', reservedConcurrency: 2 })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [{ current: 2, target: 5, fixable: true, metricsUsed: UNMEASURED }],
    },
    {
      name: 'already throttled: says so, and the headroom lifts the cap above the reservation that throttles it',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', reservedConcurrency: 5, usage: usage(5, 120) })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [
        {
          current: 5,
          target: 7,
          fixable: true,
          metricsUsed: MEASURED,
          message: expect.stringMatching(/the observed peak of 5 concurrent executions plus 25% headroom \(7\).*already throttled \(120 throttles a month\)/),
        },
      ],
    },
    {
      name: '20 prod functions × 100 exceed the 1,000 limit: nearest valid value 45 each',
      snapshot: snapshotWith({ lambdaFunctions: prodFunctions(20), lambdaAccountSettings: [lambdaSettings()] }),
      expect: Array.from({ length: 20 }, () => ({
        target: 45,
        fixable: true,
        message: expect.stringMatching(/its concurrency limit is 1000, the rest of the region keeps 100 \(AWS's minimum of 100\).*the region reserves 900 of 1,000 \(90 %\), leaving 100 for functions without a reservation/),
      })),
    },
    {
      name: "23 prod functions leave the unreserved ones their observed peak plus 100, not 103 by chance",
      snapshot: snapshotWith({
        lambdaFunctions: [
          ...prodFunctions(23, 4),
          // No environment: never reserved by this rule, so it shares what the reservations leave.
          lambdaFn({ name: 'legacy-import', usage: usage(150) }),
          lambdaFn({ name: 'legacy-report', usage: usage(50) }),
        ],
        lambdaAccountSettings: [lambdaSettings()],
      }),
      // 1000 − (150 + 50 + 100) = 700 for 23 functions: 30 each (690), leaving 310.
      expect: Array.from({ length: 23 }, () => ({
        target: 30,
        fixable: true,
        message: expect.stringMatching(
          /the rest of the region keeps 300 \(the unreserved functions' observed peak 200 \+ 100\).*the region reserves 690 of 1,000 \(69 %\), leaving 310 for 2 unreserved function\(s\) in us-east-1 \(observed peak 200 \+ 100 kept\)/,
        ),
      })),
    },
    {
      name: 'an unreserved function without a measured peak is named as not measured',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', usage: usage(3) }), lambdaFn({ name: 'legacy-import' })],
        lambdaAccountSettings: [lambdaSettings()],
      }),
      expect: [{ target: 5, message: expect.stringContaining('the region reserves 5 of 1,000 (1 %), leaving 995 for 1 unreserved function(s) in us-east-1 (observed peak 0, 1 not measured + 100 kept)') }],
    },
    {
      name: 'fitting the pool never cuts a function below its observed peak plus headroom',
      snapshot: snapshotWith({
        lambdaFunctions: [...prodFunctions(9), lambdaFn({ name: 'clinnet-hot-prod', usage: usage(400) })],
        lambdaAccountSettings: [lambdaSettings()],
      }),
      // 900 − 500 (400 × 1.25 for the hot one) = 400 for 9 functions: 44 each
      expect: [
        ...Array.from({ length: 9 }, () => ({ target: 44, fixable: true })),
        { resourceName: 'clinnet-hot-prod', target: 500, fixable: true, message: expect.stringContaining('the observed peak of 400 concurrent executions plus 25% headroom (500)') },
      ],
    },
    {
      name: 'other functions\' reservations count against the pool',
      snapshot: snapshotWith({
        lambdaFunctions: [...prodFunctions(10), lambdaFn({ name: 'legacy-batch', reservedConcurrency: 400 })],
        lambdaAccountSettings: [lambdaSettings()],
      }),
      // 1000 − 100 − 400 = 500 for 10 functions
      expect: Array.from({ length: 10 }, () => ({ target: 50, message: expect.stringContaining('other functions reserve 400') })),
    },
    {
      name: 'never below the function\'s provisioned concurrency',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', aliases: ['live'], provisionedConcurrency: [{ qualifier: 'live', requested: 8, allocated: 8, status: 'READY' }] })],
        lambdaAccountSettings: [lambdaSettings()],
      }),
      expect: [{ target: 8, message: expect.stringContaining("not below the function's provisioned concurrency") }],
    },
    {
      name: 'account settings not collected: design value, with the risk said',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn()] }),
      expect: [{ target: 100, message: expect.stringContaining('concurrency limit in us-east-1 was not collected') }],
    },
    {
      name: 'a 10-execution account leaves nothing to reserve: advisory',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod' })],
        lambdaAccountSettings: [lambdaSettings({ concurrencyLimit: 10, unreservedConcurrency: 10 })],
      }),
      expect: [{ target: 0, fixable: false, message: expect.stringContaining('0 would stop the function') }],
    },
    {
      name: 'a critical function there cannot even hold its provisioned concurrency: advisory',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn()], lambdaAccountSettings: [lambdaSettings({ concurrencyLimit: 10, unreservedConcurrency: 10 })] }),
      expect: [{ target: 10, fixable: false, message: expect.stringContaining('request a higher concurrency limit') }],
    },
  ],
});
