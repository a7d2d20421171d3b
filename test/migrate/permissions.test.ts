import { describe, expect, it } from 'vitest';
// The command module imports every declaring module, as `clinnet-opt iam-policy` does.
import '../../src/commands/iam-policy.js';
import { policyActions } from '../../src/fixers/iam-policy.js';

describe('iam-policy --for migrate: the optional paths', () => {
  it('grants what --env sends to find the tables by tag and name', () => {
    expect(policyActions('migrate')).toEqual(expect.arrayContaining(['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource']));
  });
});
