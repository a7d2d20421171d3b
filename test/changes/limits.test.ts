import { describe, expect, it } from 'vitest';
import { LIMITS, limitViolations } from '../../src/changes/limits/index.js';
import { knownOperations } from '../../src/changes/operations/index.js';

const check = (operation: string, input: Record<string, unknown>) => limitViolations({ operation, input: input as never });

describe('service limits', () => {
  it('each limit names a sending operation the engine knows and the AWS page that documents it', () => {
    const known = new Set(knownOperations());
    for (const limit of LIMITS) {
      expect(known.has(limit.operation), limit.operation).toBe(true);
      expect(limit.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(limit.rule.length).toBeGreaterThan(3);
    }
  });

  it.each([
    ['lambda:UpdateFunctionConfiguration', { MemorySize: 128 }, []],
    ['lambda:UpdateFunctionConfiguration', { MemorySize: 10_240 }, []],
    ['lambda:UpdateFunctionConfiguration', { MemorySize: 127 }, ['MemorySize 127 is not an integer from 128 to 10,240 MB']],
    ['lambda:UpdateFunctionConfiguration', { MemorySize: 10_241 }, ['MemorySize 10241 is not an integer from 128 to 10,240 MB']],
    ['lambda:UpdateFunctionConfiguration', { MemorySize: 512.5 }, ['MemorySize 512.5 is not an integer from 128 to 10,240 MB']],
    ['lambda:UpdateFunctionConfiguration', { Timeout: 0 }, ['Timeout 0 is not an integer from 1 to 900 s']],
    ['lambda:UpdateFunctionConfiguration', { Timeout: 901 }, ['Timeout 901 is not an integer from 1 to 900 s']],
    ['lambda:UpdateFunctionConfiguration', { Timeout: 900 }, []],
    ['lambda:PutFunctionConcurrency', { ReservedConcurrentExecutions: -1 }, [expect.stringMatching(/^ReservedConcurrentExecutions -1 is not an integer/)]],
    ['lambda:PutProvisionedConcurrencyConfig', { ProvisionedConcurrentExecutions: 0, Qualifier: 'live' }, [expect.stringMatching(/^ProvisionedConcurrentExecutions 0/)]],
    ['lambda:PutProvisionedConcurrencyConfig', { ProvisionedConcurrentExecutions: 5, Qualifier: '$LATEST' }, ['Qualifier $LATEST cannot carry provisioned concurrency']],
    ['rds:ModifyDBCluster', { BackupRetentionPeriod: -5 }, ['BackupRetentionPeriod -5 is not an integer from 1 to 35 days']],
    ['rds:ModifyDBCluster', { BackupRetentionPeriod: 36 }, ['BackupRetentionPeriod 36 is not an integer from 1 to 35 days']],
    ['rds:ModifyDBCluster', { BackupRetentionPeriod: 35 }, []],
    ['rds:ModifyDBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 1, SecondsUntilAutoPause: 300 } }, []],
    ['rds:ModifyDBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0.25, MaxCapacity: 4 } }, [expect.stringMatching(/^MinCapacity 0.25 must be 0/)]],
    ['rds:ModifyDBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 257 } }, [expect.stringMatching(/^MaxCapacity 257 must be 1–256/)]],
    ['rds:ModifyDBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 8, MaxCapacity: 4 } }, ['MinCapacity 8 is above MaxCapacity 4']],
    ['rds:ModifyDBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 1, SecondsUntilAutoPause: 60 } }, ['SecondsUntilAutoPause 60 is not an integer from 300 to 86,400 s']],
    ['logs:PutRetentionPolicy', { retentionInDays: 42 }, [expect.stringMatching(/^retentionInDays 42 is not one of 1, 3, 5, 7, 14, 30/)]],
    ['logs:PutRetentionPolicy', { retentionInDays: 731 }, []],
    ['apigateway:UpdateStage', { patchOperations: [{ op: 'replace', path: '/cacheClusterSize', value: '0.6' }] }, [expect.stringMatching(/^\/cacheClusterSize "0.6" is not one of 0.5, 1.6/)]],
    ['cloudfront:UpdateDistribution', { PriceClass: 'PriceClass_50' }, [expect.stringMatching(/^PriceClass "PriceClass_50"/)]],
    ['dynamodb:UpdateTable', { BillingMode: 'PROVISIONED' }, [expect.stringMatching(/^ReadCapacityUnits null/)]],
    ['dynamodb:UpdateTable', { BillingMode: 'PAY_PER_REQUEST' }, []],
  ])('%s %j', (operation, input, expected) => {
    expect(check(operation, input)).toEqual(expected);
  });
});
