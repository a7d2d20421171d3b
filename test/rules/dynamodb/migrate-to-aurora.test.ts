import { describe, expect, it } from 'vitest';
import { dynamodbMigrateToAurora } from '../../../src/rules/dynamodb/migrate-to-aurora.js';
import { GIB, onlyFinding } from '../s3/traceable.js';
import { ruleCases, snapshotWith, table } from '../fragments.js';

ruleCases(dynamodbMigrateToAurora, {
  valid: [
    { name: 'medical reports stay in DynamoDB', snapshot: snapshotWith({ dynamoTables: [table()] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ dynamoTables: [table({ name: 'services' })] }) },
  ],
  invalid: [
    {
      name: 'services and users still in DynamoDB',
      snapshot: snapshotWith({ dynamoTables: [table({ name: 'clinnet-services-prod', itemCount: 120 }), table({ name: 'clinnet-users-prod', itemCount: 3000 })] }),
      expect: [
        {
          resourceName: 'clinnet-services-prod',
          current: { store: 'dynamodb', table: 'clinnet-services-prod', billingMode: 'PAY_PER_REQUEST', itemCount: 120 },
          target: { store: 'aurora-mysql', table: 'services_migrated' },
          fixable: false,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('clinnet-opt migrate-dynamo --table clinnet-services-prod --region us-east-1'),
        },
        { resourceName: 'clinnet-users-prod', target: { store: 'aurora-mysql', table: 'users_migrated' }, fixable: false },
      ],
    },
  ],
});

describe('dynamodb/migrate-to-aurora', () => {
  it('states what the table costs in DynamoDB now, without inventing the Aurora side', () => {
    const provisioned = table({ name: 'clinnet-users-dev', billingMode: 'PROVISIONED', provisioned: { rcu: 5, wcu: 5 }, sizeBytes: 2 * GIB });
    const finding = onlyFinding(dynamodbMigrateToAurora, { snapshot: snapshotWith({ dynamoTables: [provisioned] }) });
    // 2 GB × $0.25 + 5 × 730 × $0.00013 + 5 × 730 × $0.00065 = 0.50 + 0.4745 + 2.3725.
    expect(finding.message).toContain('it costs $3.35/month in DynamoDB now (storage and provisioned capacity)');
    expect(finding.message).toContain("Aurora's added I/O and capacity");
    expect(finding.message).toContain('clinnet-opt migrate-dynamo schema');
  });
});
