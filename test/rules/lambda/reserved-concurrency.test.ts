import { expect } from 'vitest';
import { lambdaReservedConcurrency } from '../../../src/rules/lambda/reserved-concurrency.js';
import { lambdaFn, lambdaSettings, ruleCases, snapshotWith } from '../fragments.js';

const prodFunctions = (n: number) =>
  Array.from({ length: n }, (_, i) => lambdaFn({ name: `clinnet-fn${String(i).padStart(2, '0')}-prod` }));

ruleCases(lambdaReservedConcurrency, {
  valid: [
    {
      name: 'prod function reserving 100 in a roomy account',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ reservedConcurrency: 100 })], lambdaAccountSettings: [lambdaSettings()] }),
    },
    { name: 'staging sets no reservation', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-staging' })] }) },
  ],
  invalid: [
    {
      name: 'dev function gets 5',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev' })], lambdaAccountSettings: [lambdaSettings()] }),
      expect: [{ env: 'dev', current: null, target: 5, monthlyDeltaUsd: 0, costLines: [], fixable: true }],
    },
    {
      name: '20 prod functions × 100 exceed the 1,000 limit: nearest valid value 45 each',
      snapshot: snapshotWith({ lambdaFunctions: prodFunctions(20), lambdaAccountSettings: [lambdaSettings()] }),
      expect: Array.from({ length: 20 }, () => ({
        target: 45,
        fixable: true,
        message: expect.stringContaining('its concurrency limit is 1000, AWS keeps 100 unreserved'),
      })),
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
