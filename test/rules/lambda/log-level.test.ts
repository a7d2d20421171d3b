import { expect } from 'vitest';
import { lambdaLogLevelRule } from '../../../src/rules/lambda/log-level.js';
import { DESIGN_TARGETS } from '../../../src/targets/design.js';
import { lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const json = (level: string | null) => ({ logFormat: 'JSON', applicationLogLevel: level, systemLogLevel: 'INFO', logGroup: '/aws/lambda/clinnet-patients-prod' });
const warningTargets = structuredClone(DESIGN_TARGETS);
warningTargets.envs.prod.lambda.applicationLogLevel = 'WARNING';

ruleCases(lambdaLogLevelRule, {
  valid: [
    { name: 'JSON at WARN', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ logging: json('WARN') })] }) },
    { name: 'JSON at ERROR already logs less', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ logging: json('ERROR') })] }) },
  ],
  invalid: [
    {
      name: 'Text format: switches to JSON and says what that changes',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn()] }),
      expect: [
        {
          current: { logFormat: 'Text', applicationLogLevel: null },
          target: { logFormat: 'JSON', applicationLogLevel: 'WARN' },
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringMatching(/only with LogFormat JSON.*each log line becomes a JSON object/),
        },
      ],
    },
    {
      name: 'JSON at INFO → WARN',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ logging: json('INFO') })] }),
      expect: [{ current: { logFormat: 'JSON', applicationLogLevel: 'INFO' }, target: { logFormat: 'JSON', applicationLogLevel: 'WARN' } }],
    },
    {
      name: "the document's WARNING is Lambda's WARN",
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ logging: json('DEBUG') })] }),
      targets: warningTargets,
      expect: [{ target: { logFormat: 'JSON', applicationLogLevel: 'WARN' }, message: expect.stringContaining("WARNING is Lambda's WARN") }],
    },
    {
      name: 'today\'s ingestion is shown, the saving needs the share below WARN',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ usage: { source: 'demo', invocationsPerMonth: 1, avgDurationMs: 1, logIngestedBytesPerMonth: 4 * 1024 ** 3 } })],
      }),
      expect: [{ monthlyDeltaUsd: null, message: expect.stringContaining('4.00 GB/month × $0.5/GB = $2.00/month') }],
    },
  ],
});
