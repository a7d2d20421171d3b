/** An AWS error reaches the user as one line: the SDK's extra hint lines are dropped, the failed call named. */
import { DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { describeAwsError, describeAwsFailure } from '../../src/aws/errors.js';
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
