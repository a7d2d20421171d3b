import { defineFixer } from '../define.js';
import { configChange, functionNameOf, LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE } from './config-change.js';

export const lambdaTimeoutFixer = defineFixer({
  rule: 'lambda/timeout',
  permissions: [LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE],
  async plan(finding, snapshot) {
    const name = functionNameOf(finding, snapshot);
    return [configChange(name, 'Timeout', finding.current, finding.target, (v) => ({ Timeout: v }), 'AWS::Lambda::Function.Timeout')];
  },
});
