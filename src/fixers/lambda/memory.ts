import { defineFixer } from '../define.js';
import { configChange, functionNameOf, LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE } from './config-change.js';

export const lambdaMemoryFixer = defineFixer({
  rule: 'lambda/memory',
  permissions: [LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE],
  async plan(finding, snapshot) {
    const name = functionNameOf(finding, snapshot);
    return [configChange(name, 'MemorySize', finding.current, finding.target, (v) => ({ MemorySize: v }), 'AWS::Lambda::Function.MemorySize')];
  },
});
