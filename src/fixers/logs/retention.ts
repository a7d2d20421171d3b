/** CloudWatch Logs retention: PutRetentionPolicy, or DeleteRetentionPolicy for "never expire". */
import type { AwsCall } from '../types.js';
import { defineFixer } from '../define.js';
import { logGroupOf } from '../lookup.js';
import { numericEffect } from '../../changes/billed-effect.js';

const call = (name: string, days: number | null): AwsCall =>
  days === null
    ? { operation: 'logs:DeleteRetentionPolicy', input: { logGroupName: name } }
    : { operation: 'logs:PutRetentionPolicy', input: { logGroupName: name, retentionInDays: days } };

export const logsRetentionFixer = defineFixer({
  rule: 'logs/retention',
  permissions: ['logs:DescribeLogGroups', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy'],
  billedEffect: (current, target) =>
    numericEffect(current, target, (b, a) => `log retention ${b} → ${a} days, stored GB-month`, Number.POSITIVE_INFINITY, 'never-expire'),
  async plan(finding, snapshot) {
    const name = logGroupOf(snapshot, finding)?.name ?? finding.resourceName;
    const shortens = finding.target !== null && (finding.current === null || finding.target < finding.current);
    return [
      {
        attribute: 'RetentionInDays',
        ...call(name, finding.target),
        before: finding.current,
        after: finding.target,
        undo: call(name, finding.current),
        templateProperty: 'AWS::Logs::LogGroup.RetentionInDays',
        ...(shortens ? { notes: [`log events older than ${finding.target} days are deleted by AWS and cannot be restored by a rollback`] } : {}),
      },
    ];
  },
});
