import { expect } from 'vitest';
import { lambdaProvisionedConcurrency } from '../../../src/rules/lambda/provisioned-concurrency.js';
import { lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const ready = (qualifier: string, n: number) => ({ qualifier, requested: n, allocated: n, status: 'READY' });

ruleCases(lambdaProvisionedConcurrency, {
  valid: [
    { name: 'critical prod function with 10 on its alias', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ aliases: ['live'], provisionedConcurrency: [ready('live', 10)] })] }) },
    { name: 'non-critical prod function', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', aliases: ['live'] })] }) },
    { name: 'dev sets none', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev', aliases: ['live'] })] }) },
    {
      name: "patient-search and appointment-reminders are not the design's critical CRUD functions",
      snapshot: snapshotWith({
        lambdaFunctions: [
          lambdaFn({ name: 'clinnet-patient-search-prod', aliases: ['live'] }),
          lambdaFn({ name: 'clinnet-appointment-reminders-prod', aliases: ['live'] }),
        ],
      }),
    },
  ],
  invalid: [
    {
      name: 'critical function with an alias: a priced cost increase',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 512, aliases: ['live'] })] }),
      expect: [
        {
          current: null,
          target: { qualifier: 'live', count: 10 },
          fixable: true,
          // 10 × 0.5 GB × 2,628,000 s × 0.0000041667
          monthlyDeltaUsd: 54.75,
          costLines: [expect.objectContaining({ quantity: 13_140_000, unit: 'GB-s', unitPriceUsd: 0.0000041667 })],
          message: expect.stringContaining('a cost increase of +$54.75/month'),
        },
      ],
    },
    {
      name: 'appointments is critical too',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-appointments-prod', aliases: ['live'] }), lambdaFn({ name: 'clinnet-appointment-reminders-prod', aliases: ['live'] })] }),
      expect: [{ resourceName: 'clinnet-appointments-prod', target: { qualifier: 'live', count: 10 }, fixable: true }],
    },
    {
      name: 'raising an existing configuration prices only the difference',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 512, aliases: ['live', 'canary'], provisionedConcurrency: [ready('canary', 4)] })] }),
      expect: [{ current: { qualifier: 'canary', count: 4 }, target: { qualifier: 'canary', count: 10 }, monthlyDeltaUsd: 32.85 }],
    },
    {
      name: 'no alias or version: never $LATEST, advisory',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ aliases: [] })] }),
      expect: [{ fixable: false, message: expect.stringContaining('cannot target $LATEST') }],
    },
    {
      name: 'aliases not collected: advisory, says so',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ aliases: undefined })] }),
      expect: [{ fixable: false, message: expect.stringContaining('aliases were not collected') }],
    },
  ],
});
