/**
 * IAM actions of the migration's optional paths. Declared here, and imported by source.ts (which
 * `iam-policy` loads), so that `iam-policy --for migrate` grants them.
 */
import { declarePermissions } from '../aws/permissions.js';

/** `--env`: find the environment's tables by tag and name. */
declarePermissions({ source: 'migrate:find-tables', scope: 'migrate', actions: ['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource'] });
