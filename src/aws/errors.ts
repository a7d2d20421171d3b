/** Classifies AWS SDK errors so collectors can record coverage gaps instead of crashing. */

interface AwsErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const ACCESS_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'Forbidden',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
]);

const NOT_ENABLED_NAMES = new Set([
  'OptInRequired',
  'SubscriptionRequiredException',
  'NotSubscribed',
  'DataUnavailableException',
  'UnsupportedOperation',
  'InvalidAction',
  'NotImplemented',
  'NotImplementedException',
  'UnknownOperationException',
  'UnknownOperation',
]);

const CREDENTIAL_NAMES = new Set(['CredentialsProviderError', 'TokenProviderError']);

function nameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as AwsErrorLike;
  return e.name ?? e.Code ?? e.code ?? '';
}

export function isAccessDenied(error: unknown): boolean {
  const name = nameOf(error);
  if (ACCESS_NAMES.has(name)) return true;
  const status = (error as AwsErrorLike | null)?.$metadata?.httpStatusCode;
  return status === 403;
}

/** The service (or this operation) is not enabled, not subscribed, or not implemented by the endpoint. */
export function isNotEnabled(error: unknown): boolean {
  const name = nameOf(error);
  if (NOT_ENABLED_NAMES.has(name)) return true;
  const status = (error as AwsErrorLike | null)?.$metadata?.httpStatusCode;
  return status === 501;
}

export function isMissingCredentials(error: unknown): boolean {
  return CREDENTIAL_NAMES.has(nameOf(error));
}

export function isThrottling(error: unknown): boolean {
  const name = nameOf(error);
  return /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|ProvisionedThroughputExceeded/i.test(name);
}

export function awsErrorName(error: unknown): string {
  return nameOf(error) || 'Error';
}

/** Set on an error by the client factory's middleware: the call that failed ("budgets:DescribeBudgets"). */
export const FAILED_OPERATION = Symbol.for('clinnet-opt.failed-operation');

export function failedOperationOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const operation = (error as Record<symbol, unknown>)[FAILED_OPERATION];
  return typeof operation === 'string' ? operation : undefined;
}

/** The SDK could not parse the answer: an HTML error page, a proxy's reply, an emulator's stack trace. */
function isUnparsableAnswer(name: string, message: string): boolean {
  return name === 'SyntaxError' || /XML parse error|Deserialization error|Unexpected token|not valid JSON/i.test(message);
}

/**
 * One line for a user: the error's name and message, never a stack. The SDK appends hints on further
 * lines (a response it could not parse: "Deserialization error: … inspect the hidden field …"); only
 * the first line says what went wrong.
 */
export function describeAwsError(error: unknown): string {
  const name = awsErrorName(error);
  const message = (error instanceof Error ? error.message : String(error)).split('\n').find((line) => line.trim())?.trim() ?? '';
  const text = message && message !== name ? `${name}: ${message}` : name;
  const status = (error as AwsErrorLike | null)?.$metadata?.httpStatusCode;
  if (status && isUnparsableAnswer(name, message)) return `the endpoint answered HTTP ${status} with a body that is not an AWS response (${text})`;
  return text;
}

/** As describeAwsError, led by the call that failed when the client factory recorded it. */
export function describeAwsFailure(error: unknown): string {
  const operation = failedOperationOf(error);
  return operation ? `${operation}: ${describeAwsError(error)}` : describeAwsError(error);
}
