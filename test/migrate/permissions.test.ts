import { describe, expect, it } from 'vitest';
// The command module imports every declaring module, as `clinnet-opt iam-policy` does.
import '../../src/commands/iam-policy.js';
import { policyActions } from '../../src/fixers/iam-policy.js';

describe('iam-policy --for migrate: the optional paths', () => {
  it('grants what --env sends to find the tables by tag and name', () => {
    expect(policyActions('migrate')).toEqual(expect.arrayContaining(['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource']));
  });

  it('grants what --via export sends: the export, its PITR check, and the S3 reads and writes', () => {
    expect(policyActions('migrate')).toEqual(
      expect.arrayContaining(['dynamodb:DescribeContinuousBackups', 'dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeExport', 's3:GetObject', 's3:PutObject', 's3:ListBucket']),
    );
  });
});
