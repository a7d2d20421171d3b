import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { mockAllClients, testFactory, type MockedAccount } from '../inventory/support/mock-clients.js';
import { getMetricDataHandler, metricOf } from './support.js';

let aws: MockedAccount | undefined;
afterEach(() => aws?.restore());

function oneFunction(): MockedAccount {
  const account = mockAllClients();
  const config = { FunctionName: 'clinnet-patients-prod', FunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:clinnet-patients-prod', MemorySize: 512, Timeout: 15 };
  account.lambda.on(ListFunctionsCommand).resolves({ Functions: [config] });
  account.lambda.on(GetFunctionCommand).resolves({ Configuration: config, Tags: { Environment: 'prod' } });
  account.cloudwatch.on(GetMetricDataCommand).callsFake(getMetricDataHandler((q) => (metricOf(q).name === 'Invocations' ? [7000] : [])).handler);
  return account;
}

describe('collectSnapshot with metrics', () => {
  it('reads CloudWatch after the inventory by default (14 days)', async () => {
    aws = oneFunction();
    const snapshot = await collectSnapshot(testFactory(), { regions: ['us-east-1'] });
    expect(snapshot.lambdaFunctions[0].usage).toMatchObject({ source: 'cloudwatch', windowDays: 14, invocationsPerMonth: Math.round((7000 * 730) / 24 / 14) });
    expect(snapshot.coverageGaps).toEqual([]);
  });

  it('takes the window from metricsDays, and skips CloudWatch entirely with false', async () => {
    aws = oneFunction();
    const month = await collectSnapshot(testFactory(), { regions: ['us-east-1'], metricsDays: 30 });
    expect(month.lambdaFunctions[0].usage).toMatchObject({ windowDays: 30, invocationsPerMonth: Math.round((7000 * 730) / 24 / 30) });
    aws.cloudwatch.resetHistory();
    const none = await collectSnapshot(testFactory(), { regions: ['us-east-1'], metricsDays: false });
    expect(none.lambdaFunctions[0].usage).toBeUndefined();
    expect(aws.cloudwatch.calls()).toHaveLength(0);
  });
});
