/**
 * CloudWatch Logs retention per environment, as a cap: a group that never expires (it grows
 * forever) or keeps logs longer than the environment's target is shortened; a shorter retention
 * someone chose is left alone. Only values PutRetentionPolicy accepts are targeted.
 */
import type { LogGroup } from '../../inventory/snapshot.js';
import { BYTES_PER_GB, costLine, priced, unitPrice } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { CostLine, Finding, Rule, RuleMeta } from '../types.js';
import { monthlyText } from '../money-text.js';
import { logGroupSubject } from '../../targets/environment-resolver.js';

const meta: RuleMeta = {
  id: 'logs/retention',
  service: 'logs',
  title: 'Log groups expire their events after the environment retention',
  rationale:
    'Design document, "Expected Cost Savings — CloudWatch: 25% reduction (optimized logging)"; the per-environment retention days are this tool\'s targets (dev 30, staging 90, prod 365), beyond the document.',
  severity: 'medium',
  fixable: true,
  description:
    'A log group without retention keeps every event forever, so its storage bill grows every month. The fix sets the environment\'s retention ' +
    '(a value CloudWatch Logs accepts) on groups that never expire or keep events longer; events older than that are deleted by AWS and cannot be restored. ' +
    'Ingestion, usually the larger cost, is unchanged (see lambda/log-level).',
};

/** The values PutRetentionPolicy accepts (CloudWatch Logs API reference, retentionInDays). */
export const VALID_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const DAYS_PER_MONTH = 365 / 12;

/** The smallest accepted value at or above `days` (never deletes more than asked), else the largest. */
export function nearestValidRetention(days: number): number {
  return VALID_RETENTION_DAYS.find((valid) => valid >= days) ?? VALID_RETENTION_DAYS[VALID_RETENTION_DAYS.length - 1];
}

function groupFinding(group: LogGroup, env: Finding['env'], fields: Pick<Finding, 'current' | 'target' | 'monthlyDeltaUsd' | 'costLines' | 'message' | 'metricsUsed'>): Finding {
  return {
    rule: meta.id,
    service: 'logs',
    resource: group.arn.replace(/:\*$/, ''),
    resourceName: group.name,
    region: group.region,
    env,
    ...fields,
    costLines: fields.monthlyDeltaUsd === null ? [] : fields.costLines,
    fixable: meta.fixable,
    severity: meta.severity,
  };
}

interface Money {
  monthlyDeltaUsd: number | null;
  costLines: CostLine[];
  text: string;
}

/**
 * Stored bytes at steady state: with a retention of C days the group holds about C days of logs, so
 * going to R keeps R/C of it; without retention, R days of the measured ingest rate are kept.
 */
function retentionMoney(group: LogGroup, current: number | null, target: number): Money {
  const storedGb = group.storedBytes / BYTES_PER_GB;
  const price = unitPrice(group.region, 'logs.storageGbMonth');
  const ingest = group.usage?.ingestedBytesPerMonth;
  const ingestGb = ingest === null || ingest === undefined ? null : ingest / BYTES_PER_GB;
  const growth = ingestGb !== null && price !== null ? `; without retention it grows by ${ingestGb.toFixed(2)} GB and ${monthlyText(ingestGb * price)} of storage every month` : '';
  let keptGb: number;
  if (current !== null) {
    keptGb = storedGb * (target / current);
  } else if (ingestGb !== null) {
    keptGb = Math.min(storedGb, ingestGb * (target / DAYS_PER_MONTH));
  } else {
    return { monthlyDeltaUsd: null, costLines: [], text: 'it grows forever; usage data needed: usage.ingestedBytesPerMonth (to tell how much of the stored data is older than the target)' };
  }
  const removedGb = Math.max(0, storedGb - keptGb);
  const money = priced([costLine(group.region, `${removedGb.toFixed(2)} GB of events older than ${target} days deleted`, -removedGb, 'GB-month', 'logs.storageGbMonth')]);
  if (money.monthlyDeltaUsd === null) return { ...money, text: `no CloudWatch Logs price for ${group.region} in the catalog` };
  const figure = `${monthlyText(money.monthlyDeltaUsd)} of storage (${removedGb.toFixed(2)} of ${storedGb.toFixed(2)} GB stored)`;
  return { ...money, text: current === null ? `it grows forever: ${figure}${growth}` : figure };
}

export const logsRetention: Rule = {
  meta,
  check(context) {
    const findings: Finding[] = [];
    for (const group of context.snapshot.logGroups) {
      const env = context.envOf(logGroupSubject(group));
      if (env === 'unknown') continue;
      const wanted = context.targets.envs[env].logs.retentionDays;
      if (wanted === null) continue;
      const target = nearestValidRetention(wanted);
      const current = group.retentionDays;
      if (current !== null && current <= target) continue;
      const adjusted = target !== wanted ? ` (the target ${wanted} is not a value CloudWatch Logs accepts; nearest accepted value at or above it: ${target})` : '';
      const money = retentionMoney(group, current, target);
      const what = current === null ? `never expires: set retention to ${target} days` : `keeps events ${current} days: shorten to ${target} days`;
      findings.push(
        groupFinding(group, env, {
          current,
          target,
          monthlyDeltaUsd: money.monthlyDeltaUsd,
          costLines: money.costLines,
          message: `${what}${adjusted}; ${money.text}. Events older than ${target} days are deleted by AWS for good`,
          // Only a group that never expires is priced from its ingest rate.
          ...(current === null ? { metricsUsed: metricsUsed([['logsIncomingBytes', group.usage?.ingestedBytesPerMonth]]) } : {}),
        }),
      );
    }
    return findings;
  },
};
