import { expect } from 'vitest';
import { auroraBackupRetention } from '../../../src/rules/aurora/backup-retention.js';
import { auroraCluster, ruleCases, snapshotWith } from '../fragments.js';

ruleCases(auroraBackupRetention, {
  valid: [
    { name: 'prod keeps 7 days', snapshot: snapshotWith({ auroraClusters: [auroraCluster({ backupRetentionDays: 7 })] }) },
    { name: 'staging sets no retention', snapshot: snapshotWith({ auroraClusters: [auroraCluster({ id: 'clinnet-aurora-staging', backupRetentionDays: 14 })] }) },
  ],
  invalid: [
    {
      name: 'prod 14 → 7 days, priced from billed backup storage',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ backupRetentionDays: 14, usage: { source: 'demo', avgAcu: 1, peakAcu: 2, backupStorageGb: 200 } })] }),
      // 200 GB × (7/14 − 1) × $0.021
      expect: [{ current: 14, target: 7, fixable: true, monthlyDeltaUsd: -2.1, message: expect.stringContaining('older than 7 days are deleted') }],
    },
    {
      name: 'dev 7 → 1 day without usage: null, says which usage',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ id: 'clinnet-aurora-dev', backupRetentionDays: 7 })] }),
      expect: [{ env: 'dev', current: 7, target: 1, monthlyDeltaUsd: null, message: expect.stringContaining('usage data needed (billed backup storage GB)') }],
    },
    {
      name: 'a longer retention is a cost increase',
      snapshot: snapshotWith({ auroraClusters: [auroraCluster({ backupRetentionDays: 1, usage: { source: 'demo', avgAcu: 1, peakAcu: 2, backupStorageGb: 10 } })] }),
      // 10 × (7 − 1) × 0.021
      expect: [{ current: 1, target: 7, monthlyDeltaUsd: 1.26 }],
    },
  ],
});
