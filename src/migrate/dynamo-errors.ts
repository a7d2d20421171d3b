/** DynamoDB failures a user can act on: a wrong table name or region (2), no way to reach the endpoint (3). */
import { describeAwsError, isAccessDenied } from '../aws/errors.js';
import { CliError, accessError, messageOf, usageError } from '../errors.js';

export async function withDynamoErrors<T>(table: string, region: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CliError) throw error;
    const name = (error as { name?: string } | null)?.name ?? '';
    if (name === 'ResourceNotFoundException') {
      throw usageError(`DynamoDB table "${table}" not found in ${region ?? 'the default region'}: check --table and --region`);
    }
    if (isAccessDenied(error)) throw accessError(`DynamoDB refused access to ${table}: ${describeAwsError(error)} (needs dynamodb:DescribeTable and dynamodb:Scan)`);
    const code = (error as { code?: string } | null)?.code;
    if (code && /^E[A-Z]+/.test(code)) {
      throw accessError(`cannot reach DynamoDB (${code}): ${messageOf(error)}; check the network, --region, or AWS_ENDPOINT_URL_DYNAMODB`);
    }
    throw error;
  }
}
