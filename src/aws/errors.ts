/** Classifies AWS SDK errors so collectors can record coverage gaps instead of crashing. */
import { accessError, usageError, type CliError } from '../errors.js';

interface AwsErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** AWS refused the credentials themselves (unknown key, bad signature, expired token): nothing can be read. */
const REFUSED_CREDENTIAL_NAMES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'ExpiredToken',
  'ExpiredTokenException',
  'AuthFailure',
]);

/** Node's socket errors: nothing answered at the endpoint (or the name does not resolve). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
const UNREACHABLE_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError']);

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

/** The credentials were refused by AWS (as opposed to a permission missing for one call). */
export function isCredentialsRefused(error: unknown): boolean {
  return REFUSED_CREDENTIAL_NAMES.has(nameOf(error));
}

/** No answer came from the endpoint: connection refused, DNS failure, reset or timeout. */
export function isUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as AwsErrorLike).code;
  return (typeof code === 'string' && UNREACHABLE_CODES.has(code)) || UNREACHABLE_NAMES.has(nameOf(error));
}

/** The SDK's "Region is missing" (no --region, no AWS_REGION, no region in the profile). */
export function isRegionMissing(error: unknown): boolean {
  return error instanceof Error && /^Region is missing/.test(error.message);
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

/** Set beside FAILED_OPERATION: the named profile the failed call used (--profile or AWS_PROFILE). */
export const PROFILE_IN_USE = Symbol.for('clinnet-opt.profile-in-use');

function profileOf(error: object): string | undefined {
  const profile = (error as Record<symbol, unknown>)[PROFILE_IN_USE];
  return typeof profile === 'string' ? profile : undefined;
}

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
  // A query/XML-protocol client meeting an answer without an AWS error code calls it "Unknown".
  if (status && name === 'Unknown' && (!message || message === 'Unknown')) return `the endpoint answered HTTP ${status} with a body that is not an AWS error`;
  return text;
}

/** As describeAwsError, led by the call that failed when the client factory recorded it. */
export function describeAwsFailure(error: unknown): string {
  const operation = failedOperationOf(error);
  return operation ? `${operation}: ${describeAwsError(error)}` : describeAwsError(error);
}

/** Where requests go when the environment redirects them (an emulator, a proxy): said beside "cannot reach". */
function endpointNote(): string {
  const overrides = Object.entries(process.env).filter(([key, value]) => key.startsWith('AWS_ENDPOINT_URL') && value);
  return overrides.length ? ` (${overrides.map(([key, value]) => `${key}=${value}`).join(', ')})` : '';
}

/**
 * The one-line, exit-coded error for an AWS failure a user can cause or fix: refused credentials, an
 * endpoint that does not answer, no region, a refused call. undefined for anything else (a bug).
 */
export function cliErrorForAws(error: unknown): CliError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (isMissingCredentials(error)) {
    const profile = profileOf(error);
    if (profile) return accessError(`profile "${profile}" gave no credentials: add keys, a role or an SSO session to it, or run \`aws sso login --profile ${profile}\``);
    return accessError('no AWS credentials found: set AWS_PROFILE or pass --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY');
  }
  if (isRegionMissing(error)) return usageError('no region: pass --region (e.g. --region eu-west-1), set AWS_REGION, or set a region in your AWS profile');
  if (isCredentialsRefused(error)) {
    return accessError(`AWS refused the credentials: ${describeAwsFailure(error).replace(/\.$/, '')}; check the access keys or the profile (\`aws sso login\` for SSO)`);
  }
  if (isUnreachable(error)) return accessError(`cannot reach AWS: ${describeAwsFailure(error)}${endpointNote()}`);
  if (isAccessDenied(error)) return accessError(`AWS refused the request: ${describeAwsFailure(error)}`);
  if ('$metadata' in error) return accessError(`AWS error: ${describeAwsFailure(error)}`);
  return undefined;
}
