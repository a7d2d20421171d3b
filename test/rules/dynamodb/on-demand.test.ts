import { describe, expect, it } from 'vitest';
import { dynamodbOnDemand } from '../../../src/rules/dynamodb/on-demand.js';
import { ruleCases, snapshotWith, table } from '../fragments.js';
import { onlyFinding } from '../s3/traceable.js';

const provisioned = (reads?: number, writes?: number) =>
  table({
    billingMode: 'PROVISIONED',
    provisioned: { rcu: 10, wcu: 5 },
    ...(reads === undefined ? {} : { usage: { source: 'cloudwatch' as const, readRequestUnitsPerMonth: reads, writeRequestUnitsPerMonth: writes ?? 0 } }),
  });

ruleCases(dynamodbOnDemand, {
  valid: [
    { name: 'already on demand', snapshot: snapshotWith({ dynamoTables: [table()] }) },
    { name: 'a table the design moves to Aurora', snapshot: snapshotWith({ dynamoTables: [table({ name: 'clinnet-services-prod', billingMode: 'PROVISIONED', provisioned: { rcu: 5, wcu: 5 } })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ dynamoTables: [table({ name: 'medical_reports', billingMode: 'PROVISIONED', provisioned: { rcu: 5, wcu: 5 } })] }) },
  ],
  invalid: [
    {
      name: 'provisioned, no usage',
      snapshot: snapshotWith({ dynamoTables: [provisioned()] }),
      expect: [
        {
          resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/clinnet-medical_reports-prod',
          current: 'PROVISIONED',
          target: 'PAY_PER_REQUEST',
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('usage data needed: usage.readRequestUnitsPerMonth and usage.writeRequestUnitsPerMonth'),
          metricsUsed: ['AWS/DynamoDB ConsumedReadCapacityUnits Sum: no data', 'AWS/DynamoDB ConsumedWriteCapacityUnits Sum: no data'],
        },
      ],
    },
  ],
});

describe('dynamodb/on-demand money and limits', () => {
  it('saves when provisioned capacity sits idle', () => {
    const finding = onlyFinding(dynamodbOnDemand, { snapshot: snapshotWith({ dynamoTables: [provisioned(10_000_000, 2_000_000)] }) });
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([
      [-7300, 0.00013],
      [-3650, 0.00065],
      [10, 0.125],
      [2, 0.625],
    ]);
    expect(finding.monthlyDeltaUsd).toBe(-0.82);
  });

  it('shows the increase for a steadily busy table', () => {
    const finding = onlyFinding(dynamodbOnDemand, { snapshot: snapshotWith({ dynamoTables: [provisioned(100_000_000, 20_000_000)] }) });
    expect(finding.monthlyDeltaUsd).toBe(21.68);
    expect(finding.message).toContain('a cost INCREASE of +$21.68/month');
  });

  it('says when AWS may refuse the switch (last switch to on-demand within 24 hours)', () => {
    const recent = { ...provisioned(), lastSwitchToPayPerRequest: '2024-12-31T12:00:00.000Z' };
    const finding = onlyFinding(dynamodbOnDemand, { snapshot: snapshotWith({ dynamoTables: [recent] }) });
    expect(finding.message).toContain('AWS allows 4 such switches per rolling 24 hours, so the switch may be refused until 2025-01-01T12:00:00.000Z');
    const old = { ...provisioned(), lastSwitchToPayPerRequest: '2024-11-01T00:00:00.000Z' };
    expect(onlyFinding(dynamodbOnDemand, { snapshot: snapshotWith({ dynamoTables: [old] }) }).message).not.toContain('refused');
  });
});
