/** Reserved concurrency: PutFunctionConcurrency, or DeleteFunctionConcurrency for "no reservation". */
import type { AwsCall } from '../types.js';
import { defineFixer } from '../define.js';
import { functionNameOf } from './config-change.js';

const call = (name: string, value: number | null): AwsCall =>
  value === null
    ? { operation: 'lambda:DeleteFunctionConcurrency', input: { FunctionName: name } }
    : { operation: 'lambda:PutFunctionConcurrency', input: { FunctionName: name, ReservedConcurrentExecutions: value } };

export const lambdaReservedConcurrencyFixer = defineFixer({
  rule: 'lambda/reserved-concurrency',
  permissions: ['lambda:GetFunctionConcurrency', 'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency'],
  billedEffect: (current, target) => ({ direction: 'unchanged', quantity: `reserved concurrency ${current ?? 'none'} → ${target ?? 'none'}, not billed` }),
  async plan(finding, snapshot) {
    const name = functionNameOf(finding, snapshot);
    const forward = call(name, finding.target);
    return [
      {
        attribute: 'ReservedConcurrentExecutions',
        ...forward,
        before: finding.current,
        after: finding.target,
        undo: call(name, finding.current),
        templateProperty: 'AWS::Lambda::Function.ReservedConcurrentExecutions',
      },
    ];
  },
});
