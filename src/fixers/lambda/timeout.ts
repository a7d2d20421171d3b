import { defineFixer } from '../define.js';
import { lambdaOf } from '../lookup.js';
import { RELEASE_CONFIG, RESTORE_CONFIG, throughAlias } from './alias-route.js';
import { ALIAS_RELEASE_PERMISSIONS, configChange, functionNameOf, LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE } from './config-change.js';
import { numericEffect } from '../../changes/billed-effect.js';

export const lambdaTimeoutFixer = defineFixer({
  rule: 'lambda/timeout',
  permissions: [LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE, ...ALIAS_RELEASE_PERMISSIONS],
  billedEffect: (current, target) =>
    target > current
      ? { direction: 'depends', quantity: `timeout ${current} → ${target} s: invocations that time out today may run, and bill, up to the new limit` }
      : numericEffect(current, target, (b, a) => `timeout ${b} → ${a} s, the longest duration one invocation can bill`),
  async plan(finding, snapshot) {
    const name = functionNameOf(finding, snapshot);
    const change = configChange(name, 'Timeout', finding.current, finding.target, (v) => ({ Timeout: v }), 'AWS::Lambda::Function.Timeout');
    const fn = lambdaOf(snapshot, finding);
    return [fn ? throughAlias(change, fn, 'Timeout', RELEASE_CONFIG, RESTORE_CONFIG) : change];
  },
});
