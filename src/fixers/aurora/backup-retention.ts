import { defineFixer } from '../define.js';
import { auroraOf } from '../lookup.js';
import { numericEffect } from '../../changes/billed-effect.js';

const modify = (id: string, days: number) => ({ DBClusterIdentifier: id, BackupRetentionPeriod: days, ApplyImmediately: true });

export const auroraBackupRetentionFixer = defineFixer({
  rule: 'aurora/backup-retention',
  permissions: ['rds:DescribeDBClusters', 'rds:ModifyDBCluster'],
  billedEffect: (current, target) => numericEffect(current, target, (b, a) => `backup retention ${b} → ${a} days, backup storage beyond the cluster's size is billed`),
  async plan(finding, snapshot) {
    const id = auroraOf(snapshot, finding)?.id ?? finding.resourceName;
    const notes =
      finding.target < finding.current
        ? [`automated backups older than ${finding.target} days are deleted by AWS; a rollback restores the setting, not those backups`]
        : undefined;
    return [
      {
        attribute: 'BackupRetentionPeriod',
        operation: 'rds:ModifyDBCluster',
        input: modify(id, finding.target),
        before: finding.current,
        after: finding.target,
        undo: { operation: 'rds:ModifyDBCluster', input: modify(id, finding.current) },
        templateProperty: 'AWS::RDS::DBCluster.BackupRetentionPeriod',
        ...(notes ? { notes } : {}),
      },
    ];
  },
});
