import { expect } from 'vitest';
import { lambdaLimits } from '../../../src/rules/lambda/limits.js';
import { lambdaFn, restApi, ruleCases, snapshotWith } from '../fragments.js';

const reports = (overrides = {}) => lambdaFn({ name: 'clinnet-reports-prod', invokedByApiGateway: true, ...overrides });
const api = (fnArn: string) => restApi({ name: 'clinnet-emr-api-prod', id: 'abc123', lambdaIntegrations: [fnArn] });

ruleCases(lambdaLimits, {
  valid: [
    { name: 'within every limit', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 10_240, timeoutS: 900 })] }) },
    { name: '128 MB, 1 s', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 128, timeoutS: 1 })] }) },
    { name: 'behind API Gateway at exactly 29 s', snapshot: snapshotWith({ lambdaFunctions: [reports({ timeoutS: 29 })] }) },
    { name: '60 s on a function API Gateway does not invoke', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ timeoutS: 60, invokedByApiGateway: false })] }) },
    { name: 'unknown whether API Gateway invokes it: not claimed', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ timeoutS: 60, invokedByApiGateway: null })] }) },
  ],
  invalid: [
    {
      name: "the team's template: 60 s behind the REST API",
      snapshot: snapshotWith({ lambdaFunctions: [reports({ timeoutS: 60 })], restApis: [api(reports().arn)] }),
      expect: [
        {
          severity: 'high',
          fixable: false,
          current: { memoryMb: 256, timeoutS: 60 },
          target: { memoryMb: 256, timeoutS: 29 },
          message: expect.stringMatching(
            /^timeout 60 s is above the 29 s integration timeout of the REST API clinnet-emr-api-prod \(abc123\) that invokes it \(API Gateway's default quota, https:\/\/docs\.aws\.amazon\.com\/apigateway\/latest\/developerguide\/api-gateway-execution-service-limits-table\.html\): callers get a 504 after 29 s.*for a Regional or private REST API only, raise the integration timeout by a Service Quotas request/,
          ),
        },
      ],
    },
    {
      name: 'memory and timeout AWS rejects, named with the limit and its page',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 64, timeoutS: 1200 })] }),
      expect: [
        {
          current: { memoryMb: 64, timeoutS: 1200 },
          target: { memoryMb: 128, timeoutS: 900 },
          message:
            'MemorySize 64 is not an integer from 128 to 10,240 MB: AWS rejects it (MemorySize 128–10,240 MB, in 1-MB steps, https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html); ' +
            'Timeout 1200 is not an integer from 1 to 900 s: AWS rejects it (Timeout 1–900 seconds, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)',
        },
      ],
    },
    {
      name: 'memory above the maximum and timeout 0 behind API Gateway: clamped into range, no 29 s claim on 1 s',
      snapshot: snapshotWith({ lambdaFunctions: [reports({ memoryMb: 20_000, timeoutS: 0 })] }),
      expect: [{ target: { memoryMb: 10_240, timeoutS: 1 }, message: expect.stringMatching(/MemorySize 20000 .*Timeout 0 is not an integer from 1 to 900 s/) }],
    },
  ],
});
