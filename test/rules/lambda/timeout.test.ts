import { expect } from 'vitest';
import { lambdaTimeout } from '../../../src/rules/lambda/timeout.js';
import { lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

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
      name: '30 s high-frequency → 15 s, no direct cost',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn()] }),
      expect: [{ current: 30, target: 15, monthlyDeltaUsd: 0, costLines: [], fixable: true, message: expect.stringContaining('no direct cost change') }],
    },
    {
      name: 'data-intensive behind API Gateway: 29 s, not the document\'s 60 s',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 30, invokedByApiGateway: true })] }),
      expect: [{ current: 30, target: 29, message: expect.stringContaining("above API Gateway's 29 s integration timeout") }],
    },
    {
      name: 'data-intensive not behind API Gateway: 60 s',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 30, invokedByApiGateway: false })] }),
      expect: [{ target: 60 }],
    },
    {
      name: 'unknown API Gateway use above 29 s: said',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', timeoutS: 30, invokedByApiGateway: null })] }),
      expect: [{ target: 60, message: expect.stringContaining('whether API Gateway invokes it is unknown') }],
    },
    {
      name: 'never below the observed p99 plus headroom',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ usage: { source: 'cloudwatch', invocationsPerMonth: 1000, avgDurationMs: 4000, p99DurationMs: 14_000 } })],
      }),
      expect: [{ current: 30, target: 18, message: expect.stringContaining('observed p99 duration 14000 ms plus 25% headroom') }],
    },
  ],
});
