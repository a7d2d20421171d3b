import { describe, expect, it } from 'vitest';
import { dynamodbPatientDateIndex } from '../../../src/rules/dynamodb/patient-date-index.js';
import { onlyFinding } from '../s3/traceable.js';
import { ruleCases, snapshotWith, table } from '../fragments.js';

const KEYS = [
  { name: 'patientId', type: 'HASH' as const },
  { name: 'reportDate', type: 'RANGE' as const },
];
const TARGET = { indexName: 'PatientDateIndex', keySchema: KEYS, projectionType: 'KEYS_ONLY' };

ruleCases(dynamodbPatientDateIndex, {
  valid: [
    { name: 'index present with the design shape', snapshot: snapshotWith({ dynamoTables: [table({ gsis: [{ name: 'PatientDateIndex', keySchema: KEYS, projectionType: 'KEYS_ONLY' }] })] }) },
    { name: 'not a medical reports table', snapshot: snapshotWith({ dynamoTables: [table({ name: 'clinnet-services-prod' })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ dynamoTables: [table({ name: 'medical_reports' })] }) },
  ],
  invalid: [
    {
      name: 'no index',
      snapshot: snapshotWith({ dynamoTables: [table()] }),
      expect: [
        {
          current: null,
          target: TARGET,
          fixable: false,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('no PatientDateIndex: create it with UpdateTable (GlobalSecondaryIndexUpdates Create PatientDateIndex, patientId HASH, reportDate RANGE, Projection KEYS_ONLY'),
        },
      ],
    },
    {
      name: 'index with the wrong projection',
      snapshot: snapshotWith({ dynamoTables: [table({ gsis: [{ name: 'PatientDateIndex', keySchema: KEYS, projectionType: 'ALL' }] })] }),
      expect: [{ current: { indexName: 'PatientDateIndex', keySchema: KEYS, projectionType: 'ALL' }, target: TARGET, message: expect.stringContaining('cannot be changed in place') }],
    },
  ],
});

describe('dynamodb/patient-date-index', () => {
  it('bounds the added index writes on demand from the write volume', () => {
    const t = table({ usage: { source: 'cloudwatch', readRequestUnitsPerMonth: 1_000_000, writeRequestUnitsPerMonth: 4_000_000 } });
    const finding = onlyFinding(dynamodbPatientDateIndex, { snapshot: snapshotWith({ dynamoTables: [t] }) });
    expect(finding.message).toContain('index writes add at most $2.50/month');
  });
});
