/** Which load the target takes: Aurora MySQL loads from S3 itself (with the cluster's IAM role); other servers read the CSV through this process. */
import { usageError } from '../../errors.js';
import type { SqlRow, SqlSession } from '../sql-session.js';

export async function isAurora(session: SqlSession): Promise<boolean> {
  return (await session.query("SHOW VARIABLES LIKE 'aurora_version'")).length > 0;
}

/** The role variables LOAD DATA FROM S3 uses (aurora_load_from_s3_role first, then aws_default_s3_role), from `SHOW GLOBAL VARIABLES`. */
export function s3RoleOf(rows: SqlRow[]): string | null {
  const values = new Map(rows.map((r) => [String(r.Variable_name ?? r.variable_name ?? '').toLowerCase(), String(r.Value ?? r.value ?? '')]));
  return values.get('aurora_load_from_s3_role') || values.get('aws_default_s3_role') || null;
}

export const S3_ROLE_QUERY = "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('aurora_load_from_s3_role', 'aws_default_s3_role')";

/** Refuses (exit 2, saying what to set) when the cluster has no IAM role for LOAD DATA FROM S3. */
export async function checkS3Role(session: SqlSession, bucket: string, prefix: string): Promise<string> {
  const role = s3RoleOf(await session.query(S3_ROLE_QUERY));
  if (role) return role;
  throw usageError(
    `the Aurora cluster has no IAM role for LOAD DATA FROM S3 (aws_default_s3_role and aurora_load_from_s3_role are empty): ` +
      `create a role that allows s3:GetObject and s3:ListBucket on s3://${bucket}/${prefix}*, associate it with the cluster ` +
      '(`aws rds add-role-to-db-cluster --db-cluster-identifier CLUSTER --role-arn ROLE_ARN --feature-name s3Import`), set aws_default_s3_role ' +
      '(aurora_load_from_s3_role on Aurora MySQL 2) to its ARN in the cluster parameter group, and grant the database user AWS_LOAD_S3_ACCESS',
  );
}
