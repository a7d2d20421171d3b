import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../src/rules/engine.js';
import { DESIGN_TARGETS } from '../../../src/targets/design.js';
import { lambdaTier } from '../../../src/rules/lambda/tier.js';
import { lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const usage = (fields: Record<string, number | null>) => ({ source: 'cloudwatch' as const, windowDays: 14, invocationsPerMonth: null, avgDurationMs: null, ...fields });

// A tier its invocation rate confirms is not a finding: the engine lists it apart (below).
const busy = snapshotWith({ lambdaFunctions: [lambdaFn({ usage: usage({ invocationsPerMonth: 2_000_000, avgDurationMs: 120 }) })] });
const heavy = snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', usage: usage({ invocationsPerMonth: 300, p95DurationMs: 8200 }) })] });

ruleCases(lambdaTier, {
  valid: [
    { name: 'high-frequency by name, busy: confirmed, so not a finding', snapshot: busy },
    { name: 'data-intensive confirmed by its long p95 duration whatever its rate: not a finding', snapshot: heavy },
    { name: 'environment unknown', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients' })] }) },
  ],
  invalid: [
    {
      name: 'a function no tier pattern names is listed with the words it was read as, never skipped',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-misc-prod', usage: usage({ invocationsPerMonth: 5 }) })] }),
      expect: [
        {
          current: null,
          target: null,
          fixable: false,
          severity: 'low',
          monthlyDeltaUsd: 0,
          message:
            'no tier: no tier pattern (lambdaTierPatterns) matches its name "clinnet-misc-prod" (words: clinnet, misc, prod); lambda/timeout sets no timeout target and lambda/memory sets no memory target: add a pattern for it to lambdaTierPatterns in the config file',
        },
      ],
    },
    {
      name: 'no tier in dev: memory still has the environment size, and the finding says so',
      snapshot: snapshotWith({
        lambdaFunctions: [
          lambdaFn({
            name: 'clinnet-emr-backend-SendNotificationFunction-1A2B3C4D5E6F',
            stack: { name: 'clinnet-emr-backend', logicalId: 'SendNotificationFunction' },
            tags: { Environment: 'dev' },
          }),
        ],
      }),
      expect: [
        {
          current: null,
          target: null,
          message: expect.stringMatching(
            /^no tier: .*its name "clinnet-emr-backend-SendNotificationFunction-1A2B3C4D5E6F" \(its logical-ID part "SendNotificationFunction"\) \(words: send, notification, function\); .*lambda\/memory holds it to the environment's 128 MB only/,
          ),
        },
      ],
    },
    {
      name: 'tier from the logical ID of a CloudFormation-generated name (a connectivity check is low-frequency)',
      snapshot: snapshotWith({
        lambdaFunctions: [
          lambdaFn({
            name: 'clinnet-emr-backend-CheckDatabaseConnectivityFunction-1A2B3C4D5E6F',
            stack: { name: 'clinnet-emr-backend', logicalId: 'CheckDatabaseConnectivityFunction' },
            tags: { Environment: 'prod' },
            usage: usage({ invocationsPerMonth: 2_600_000 }),
          }),
        ],
      }),
      expect: [{ current: 'low-frequency', target: 'high-frequency', message: expect.stringContaining('tier low-frequency (by name) corrected to high-frequency') }],
    },
    {
      name: 'high-frequency by name, rarely called: corrected to low-frequency',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ usage: usage({ invocationsPerMonth: 1200 }) })] }),
      expect: [{ current: 'high-frequency', target: 'low-frequency', message: expect.stringMatching(/corrected to low-frequency: 1,200 invocations\/month \(below 43,800.*128 MB, 10 s/) }],
    },
    {
      name: 'low-frequency by name, called every second: corrected to high-frequency',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-admin-prod', usage: usage({ invocationsPerMonth: 2_600_000 }) })] }),
      expect: [{ current: 'low-frequency', target: 'high-frequency', message: expect.stringContaining('corrected to high-frequency') }],
    },
    {
      name: 'data-intensive by name but short and light: corrected by rate',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', usage: usage({ invocationsPerMonth: 300, p95DurationMs: 90, maxMemoryUsedMb: 70 }) })] }),
      expect: [{ target: 'low-frequency', message: expect.stringContaining('corrected to low-frequency: p95 duration 90 ms, max memory used 70 MB') }],
    },
    {
      name: 'no invocation data: says "no data", unpriced, no guess',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn()] }),
      expect: [{ current: 'high-frequency', target: null, monthlyDeltaUsd: null, metricsUsed: ['AWS/Lambda Invocations Sum: no data'], message: expect.stringContaining('not checked: no data') }],
    },
    {
      name: 'data-intensive without duration or memory data: "no data"',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-reports-prod', usage: usage({ invocationsPerMonth: 300 }) })] }),
      expect: [{ target: null, monthlyDeltaUsd: null, message: expect.stringContaining('no data (Duration p95 and max memory used)') }],
    },
  ],
});

describe('lambda/tier confirmations', () => {
  it('a confirmed tier is listed apart from the findings, with its why', () => {
    const { findings, confirmations } = evaluateRules({ snapshot: busy, targets: DESIGN_TARGETS, rules: [lambdaTier] });
    expect(findings).toEqual([]);
    expect(confirmations).toEqual([
      expect.objectContaining({ current: 'high-frequency', target: 'high-frequency', fixable: false, metricsUsed: ['AWS/Lambda Invocations Sum'], message: expect.stringContaining('tier high-frequency (by name) confirmed: 2,000,000 invocations/month') }),
    ]);
    const data = evaluateRules({ snapshot: heavy, targets: DESIGN_TARGETS, rules: [lambdaTier] }).confirmations;
    expect(data).toEqual([
      expect.objectContaining({
        current: 'data-intensive',
        target: 'data-intensive',
        metricsUsed: ['AWS/Lambda Invocations Sum', 'AWS/Lambda Duration p95', 'Logs Insights @maxMemoryUsed (or LambdaInsights used_memory_max Maximum): no data'],
        message: expect.stringContaining('confirmed: p95 duration 8200 ms'),
      }),
    ]);
  });
});
