/** An AWS error reaches the user as one line: the SDK's extra hint lines are dropped, the failed call named. */
import { DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { cliErrorForAws, describeAwsError, describeAwsFailure } from '../../src/aws/errors.js';
import { ExitCode } from '../../src/errors.js';
import { fakeHttpHandler } from '../support/fake-http-handler.js';

it('keeps the first line of a multi-line SDK message, and says when the answer was not an AWS response', () => {
  // What the SDK raises for an HTML answer (an emulator's 500 page) to a JSON-protocol call.
  const error = Object.assign(
    new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'),
    { $metadata: { httpStatusCode: 500 } },
  );
  expect(describeAwsError(error)).toBe('the endpoint answered HTTP 500 with a body that is not an AWS response (SyntaxError: Unexpected token \'<\', "<!doctype "... is not valid JSON)');
});

it('keeps a one-line message as it is, and a bare name when there is no message', () => {
  expect(describeAwsError(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }))).toBe('AccessDenied: User is not authorized');
  expect(describeAwsError(Object.assign(new Error(''), { name: 'ThrottlingException' }))).toBe('ThrottlingException');
});

it('names the call that failed when the error comes through a client from the factory', async () => {
  const page = '<!doctype html><html><head><title>500 Internal Server Error</title></head></html>';
  const handler = fakeHttpHandler(() => ({ statusCode: 500, headers: { 'content-type': 'text/html' }, body: page }));
  const factory = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1, clientConfig: { requestHandler: handler, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } } });
  const error = await factory.budgets().send(new DescribeBudgetsCommand({ AccountId: '111122223333' })).catch((e: unknown) => e);
  expect(describeAwsFailure(error)).toMatch(/^budgets:DescribeBudgets: the endpoint answered HTTP 500 with a body that is not an AWS response \(/);
  expect(describeAwsFailure(new Error('plain'))).toBe('Error: plain');
});

describe('cliErrorForAws: what a user can cause is one line with its exit code, never "unexpected"', () => {
  const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });

  it('refused credentials, exit 3, saying what to check', () => {
    const error = cliErrorForAws(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', { $metadata: { httpStatusCode: 403 } }));
    expect(error).toMatchObject({ exitCode: ExitCode.access, message: 'AWS refused the credentials: InvalidClientTokenId: The security token included in the request is invalid; check the access keys or the profile (`aws sso login` for SSO)' });
    expect(cliErrorForAws(sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'))?.message).toMatch(/^AWS refused the credentials: UnrecognizedClientException/);
  });

  it('an endpoint that does not answer, exit 3, naming the endpoint override', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', $metadata: { attempts: 1 } });
    const before = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    try {
      expect(cliErrorForAws(refused)).toMatchObject({ exitCode: ExitCode.access, message: 'cannot reach AWS: Error: connect ECONNREFUSED 127.0.0.1:9 (AWS_ENDPOINT_URL=http://127.0.0.1:9)' });
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = before;
    }
  });

  it('an answer without an AWS error code (an HTML 500 to a query-protocol call) says so', () => {
    const unknown = Object.assign(new Error('Unknown'), { name: 'Unknown', $metadata: { httpStatusCode: 500 } });
    expect(cliErrorForAws(unknown)).toMatchObject({ exitCode: ExitCode.access, message: 'AWS error: the endpoint answered HTTP 500 with a body that is not an AWS error' });
  });

  it('the SDK\'s "Region is missing" is a usage error (exit 2) with what to set', () => {
    expect(cliErrorForAws(new Error('Region is missing'))).toMatchObject({ exitCode: ExitCode.usage, message: expect.stringMatching(/^no region: pass --region/) });
  });

  it('leaves a programming error alone', () => {
    expect(cliErrorForAws(new TypeError('x is not a function'))).toBeUndefined();
    expect(cliErrorForAws('text')).toBeUndefined();
  });
});
