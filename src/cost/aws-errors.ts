/** Cost Explorer, Budgets and CloudWatch failures as one-line errors that say what to do (exit 3). */
import { accessError } from '../errors.js';
import { awsErrorName, describeAwsError, isAccessDenied, isMissingCredentials } from '../aws/errors.js';

export function costExplorerError(error: unknown): unknown {
  if (isMissingCredentials(error)) return error;
  const name = awsErrorName(error);
  if (name === 'DataUnavailableException') {
    return accessError(
      'Cost Explorer has no data for this account: enable it once in the Billing and Cost Management console (Cost Explorer → Launch) and wait up to 24 hours; in an AWS Organization, run from the management account or have it grant member accounts access',
    );
  }
  if (isAccessDenied(error)) {
    return accessError(
      `Cost Explorer refused the request (${awsErrorName(error)}): grant ce:GetCostAndUsage to this identity (docs/cron.md has the policy); in an Organization member account the management account must also allow IAM access to billing data`,
    );
  }
  if (name === 'BillExpirationException') return accessError(`Cost Explorer cannot report that period: ${describeAwsError(error)}; pick a more recent --period`);
  if (name === 'LimitExceededException') return accessError('Cost Explorer request limit reached (after retries): run again in a few minutes');
  return error;
}

export function budgetsError(error: unknown): unknown {
  if (isAccessDenied(error)) {
    return accessError(`AWS Budgets refused the request (${awsErrorName(error)}): grant budgets:ViewBudget and budgets:ModifyBudget (docs/cron.md)`);
  }
  return error;
}

export function cloudwatchError(error: unknown): unknown {
  if (isAccessDenied(error)) {
    return accessError(`CloudWatch refused PutMetricData (${awsErrorName(error)}): grant cloudwatch:PutMetricData, or run without --put-metrics`);
  }
  return error;
}
