/**
 * IAM actions of the migration's optional paths. Declared here, and imported by source.ts (which
 * `iam-policy` loads), so that `iam-policy --for migrate` grants them.
 */
import { declarePermissions } from '../aws/permissions.js';

/** `--env`: find the environment's tables by tag and name. */
declarePermissions({ source: 'migrate:find-tables', scope: 'migrate', actions: ['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource'] });

/**
 * `copy --via export`: DynamoDB's export to S3 (the caller needs the S3 write actions DynamoDB uses
 * on its behalf), reading the export and writing the CSV objects. LOAD DATA FROM S3 reads the CSV
 * with the cluster's own IAM role, not with these.
 */
declarePermissions({
  source: 'migrate:export',
  scope: 'migrate',
  actions: [
    'dynamodb:DescribeContinuousBackups',
    'dynamodb:ExportTableToPointInTime',
    'dynamodb:DescribeExport',
    's3:AbortMultipartUpload',
    's3:PutObject',
    's3:PutObjectAcl',
    's3:GetObject',
    's3:ListBucket',
  ],
});
