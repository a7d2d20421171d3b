/** Automated backup retention per environment (1–35 days, what RDS accepts). */
import { costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { auroraFinding, clustersInScope, usd } from './shared.js';

const meta: RuleMeta = {
  id: 'aurora/backup-retention',
  service: 'aurora',
  title: 'Aurora backup retention matches the environment',
  rationale: 'Design document, "Environment-Specific Configurations": BackupRetentionPeriod 1 (dev), 7 (prod).',
  severity: 'medium',
  fixable: true,
  description:
    'Backup storage beyond the cluster\'s own size is billed per GB-month and grows with the retention period. ' +
    'Shortening retention deletes older automated backups; lengthening it is a cost increase. Priced from the billed backup storage in the usage block, assuming it scales with the days kept.',
};

export const auroraBackupRetention: Rule = {
  meta,
  check(context) {
    return clustersInScope(context).flatMap((scope) => {
      const { cluster, targets } = scope;
      if (targets.backupRetentionDays === null) return [];
      const target = Math.min(35, Math.max(1, targets.backupRetentionDays));
      const current = cluster.backupRetentionDays;
      if (target === current) return [];
      const backupGb = cluster.usage?.backupStorageGb ?? null;
      const money =
        backupGb === null || current <= 0
          ? { monthlyDeltaUsd: null, costLines: [] }
          : priced([
              costLine(cluster.region, `${cluster.id} backup storage ${backupGb} GB × (${target}/${current} − 1)`, backupGb * (target / current - 1), 'GB-month', 'aurora.backupGbMonth'),
            ]);
      const priceText =
        money.monthlyDeltaUsd !== null
          ? `${usd(money.monthlyDeltaUsd)}, assuming billed backup storage scales with the days kept`
          : backupGb === null
            ? 'usage data needed (billed backup storage GB)'
            : 'no price for this region';
      return [
        auroraFinding(meta, scope, {
          current,
          target,
          ...money,
          message:
            `backup retention ${current} → ${target} days (${priceText})` +
            (target < current ? `; automated backups older than ${target} days are deleted` : '; a longer retention costs more backup storage'),
          metricsUsed: metricsUsed([['auroraBackupStorage', backupGb]]),
        }),
      ];
    });
  },
};
