/** An AWS error reaches the user as one line: the SDK's extra hint lines are dropped. */
import { expect, it } from 'vitest';
import { describeAwsError } from '../../src/aws/errors.js';

it('keeps the first line of a multi-line SDK message', () => {
  // What the SDK raises for an HTML answer (an emulator's 500 page) to a JSON-protocol call.
  const error = Object.assign(
    new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'),
    { $metadata: { httpStatusCode: 500 } },
  );
  expect(describeAwsError(error)).toBe('SyntaxError: Unexpected token \'<\', "<!doctype "... is not valid JSON');
});

it('keeps a one-line message as it is, and a bare name when there is no message', () => {
  expect(describeAwsError(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }))).toBe('AccessDenied: User is not authorized');
  expect(describeAwsError(Object.assign(new Error(''), { name: 'ThrottlingException' }))).toBe('ThrottlingException');
});
