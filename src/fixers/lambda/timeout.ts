import { defineFixer } from '../define.js';
import { lambdaOf } from '../lookup.js';
import { RELEASE_CONFIG, RESTORE_CONFIG, throughAlias } from './alias-route.js';
import { ALIAS_RELEASE_PERMISSIONS, configChange, functionNameOf, LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE } from './config-change.js';

export const lambdaTimeoutFixer = defineFixer({
  rule: 'lambda/timeout',
  permissions: [LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE, ...ALIAS_RELEASE_PERMISSIONS],
  async plan(finding, snapshot) {
    const name = functionNameOf(finding, snapshot);
    const change = configChange(name, 'Timeout', finding.current, finding.target, (v) => ({ Timeout: v }), 'AWS::Lambda::Function.Timeout');
    const fn = lambdaOf(snapshot, finding);
    return [fn ? throughAlias(change, fn, 'Timeout', RELEASE_CONFIG, RESTORE_CONFIG) : change];
  },
});
