/** Lambda's limits on what `fix` sends. */
import { RELEASE_CODE, RELEASE_CONFIG, RESTORE_CODE, RESTORE_CONFIG } from '../../fixers/lambda/alias-route.js';
import { integerIn, type Limit } from './types.js';

const CONFIG = 'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html';
const QUOTAS = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
/** Lambda keeps at least this much of the account's concurrency unreserved. */
export const MIN_UNRESERVED_CONCURRENCY = 100;

const BASE_LIMITS: Limit[] = [
  {
    operation: 'lambda:UpdateFunctionConfiguration',
    field: 'MemorySize',
    rule: '128–10,240 MB, in 1-MB steps',
    source: CONFIG,
    check: (input) => integerIn('MemorySize', input.MemorySize, 128, 10_240, ' MB'),
  },
  {
    operation: 'lambda:UpdateFunctionConfiguration',
    field: 'Timeout',
    rule: '1–900 seconds',
    source: QUOTAS,
    check: (input) => integerIn('Timeout', input.Timeout, 1, 900, ' s'),
  },
  {
    operation: 'lambda:PutFunctionConcurrency',
    field: 'ReservedConcurrentExecutions',
    rule: `0 or more, leaving at least ${MIN_UNRESERVED_CONCURRENCY} of the account's concurrency unreserved (checked against the account when planning)`,
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html',
    check: (input) => integerIn('ReservedConcurrentExecutions', input.ReservedConcurrentExecutions, 0, Number.MAX_SAFE_INTEGER),
  },
  {
    operation: 'lambda:PutProvisionedConcurrencyConfig',
    field: 'ProvisionedConcurrentExecutions',
    rule: '1 or more, on an alias or a published version (never $LATEST)',
    source: 'https://docs.aws.amazon.com/lambda/latest/api/API_PutProvisionedConcurrencyConfig.html',
    check: (input) =>
      integerIn('ProvisionedConcurrentExecutions', input.ProvisionedConcurrentExecutions, 1, Number.MAX_SAFE_INTEGER) ??
      (input.Qualifier === '$LATEST' ? 'Qualifier $LATEST cannot carry provisioned concurrency' : null),
  },
  {
    operation: 'lambda:UpdateFunctionCode',
    field: 'Architectures',
    rule: 'exactly one of x86_64, arm64',
    source: 'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html',
    check: (input) => {
      const value = input.Architectures;
      if (value === undefined) return null;
      return Array.isArray(value) && value.length === 1 && (value[0] === 'x86_64' || value[0] === 'arm64')
        ? null
        : `Architectures ${JSON.stringify(value)} must list exactly one of x86_64, arm64`;
    },
  },
];

/** The same limits on the requests that also publish a version and move an alias (and their undo). */
const ALIASED: Record<string, string[]> = {
  'lambda:UpdateFunctionConfiguration': [RELEASE_CONFIG, RESTORE_CONFIG],
  'lambda:UpdateFunctionCode': [RELEASE_CODE, RESTORE_CODE],
};

export const LAMBDA_LIMITS: Limit[] = [...BASE_LIMITS, ...BASE_LIMITS.flatMap((limit) => (ALIASED[limit.operation] ?? []).map((operation) => ({ ...limit, operation })))];
