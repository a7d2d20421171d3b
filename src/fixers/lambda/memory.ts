import { defineFixer } from '../define.js';
import { lambdaOf } from '../lookup.js';
import { RELEASE_CONFIG, RESTORE_CONFIG, throughAlias } from './alias-route.js';
import { ALIAS_RELEASE_PERMISSIONS, configChange, functionNameOf, LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE } from './config-change.js';
import { numericEffect } from '../../changes/billed-effect.js';

export const lambdaMemoryFixer = defineFixer({
  rule: 'lambda/memory',
  permissions: [LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE, ...ALIAS_RELEASE_PERMISSIONS],
  billedEffect: (current, target) => numericEffect(current, target, (b, a) => `memory ${b} → ${a} MB, GB-seconds billed per ms of duration`),
  async plan(finding, snapshot) {
    const name = functionNameOf(finding, snapshot);
    const change = configChange(name, 'MemorySize', finding.current, finding.target, (v) => ({ MemorySize: v }), 'AWS::Lambda::Function.MemorySize');
    const fn = lambdaOf(snapshot, finding);
    return [fn ? throughAlias(change, fn, 'MemorySize', RELEASE_CONFIG, RESTORE_CONFIG) : change];
  },
});
