/**
 * Provisioned concurrency lives on a qualifier: an alias or a published version, never $LATEST.
 * When the function has no alias or version to carry it, the change is refused with the reason
 * (creating aliases changes how callers invoke the function: that is a deployment decision).
 */
import type { AwsCall, ChangeDraft } from '../types.js';
import { defineFixer } from '../define.js';
import { lambdaOf } from '../lookup.js';
import { functionNameOf } from './config-change.js';
import { numericEffect } from '../../changes/billed-effect.js';

const put = (name: string, qualifier: string, count: number): AwsCall => ({
  operation: 'lambda:PutProvisionedConcurrencyConfig',
  input: { FunctionName: name, Qualifier: qualifier, ProvisionedConcurrentExecutions: count },
});
const remove = (name: string, qualifier: string): AwsCall => ({
  operation: 'lambda:DeleteProvisionedConcurrencyConfig',
  input: { FunctionName: name, Qualifier: qualifier },
});
const TEMPLATE = 'AWS::Lambda::Alias.ProvisionedConcurrencyConfig';

export const lambdaProvisionedConcurrencyFixer = defineFixer({
  rule: 'lambda/provisioned-concurrency',
  permissions: [
    'lambda:GetProvisionedConcurrencyConfig',
    'lambda:PutProvisionedConcurrencyConfig',
    'lambda:DeleteProvisionedConcurrencyConfig',
  ],
  billedEffect: (current, target) =>
    numericEffect(current?.count ?? 0, target?.count ?? 0, (b, a) => `provisioned concurrency ${b} → ${a}, billed every hour it is configured, invoked or not`),
  async plan(finding, snapshot) {
    const fn = lambdaOf(snapshot, finding);
    const name = functionNameOf(finding, snapshot);
    const { current, target } = finding;
    const changes: ChangeDraft[] = [];
    // Releasing provisioned concurrency from a qualifier the target no longer uses.
    if (current && (!target || target.qualifier !== current.qualifier)) {
      changes.push({
        attribute: 'ProvisionedConcurrency',
        ...remove(name, current.qualifier),
        before: current.count,
        after: null,
        undo: put(name, current.qualifier, current.count),
        templateProperty: TEMPLATE,
      });
    }
    if (target) {
      const before = current && current.qualifier === target.qualifier ? current.count : null;
      const draft: ChangeDraft = {
        attribute: 'ProvisionedConcurrency',
        ...put(name, target.qualifier, target.count),
        before,
        after: target.count,
        undo: before === null ? remove(name, target.qualifier) : put(name, target.qualifier, before),
        templateProperty: TEMPLATE,
      };
      const isVersion = /^\d+$/.test(target.qualifier);
      const aliases = fn?.aliases;
      if (target.qualifier === '$LATEST') {
        draft.refused = 'provisioned concurrency needs an alias or a published version, not $LATEST: publish a version, point an alias at it and invoke through the alias';
      } else if (!isVersion && aliases && !aliases.includes(target.qualifier)) {
        draft.refused = `the function has no alias "${target.qualifier}"${aliases.length ? ` (aliases: ${aliases.join(', ')})` : ''}: create it (and invoke through it) first`;
      }
      changes.push(draft);
    }
    return changes;
  },
});
