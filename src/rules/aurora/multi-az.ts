/**
 * Multi-AZ for Aurora Serverless v2 means a reader instance in a second Availability Zone (the
 * storage is already replicated across three AZs). That reader bills its own ACUs: an honest cost
 * increase, not the saving the document's "optimized" heading suggests.
 */
import { HOURS_PER_MONTH, costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { auroraFinding, clustersInScope, usd } from './shared.js';

const meta: RuleMeta = {
  id: 'aurora/multi-az',
  service: 'aurora',
  title: 'Production Aurora has a reader in a second Availability Zone',
  rationale: 'Design document, "Environment-Specific Configurations": MultiAZ true (prod).',
  severity: 'medium',
  fixable: false,
  description:
    'Aurora fails over in about a minute when a reader in another AZ can be promoted; without one, recovery means creating a new instance. ' +
    'For Serverless v2 the reader is a db.serverless instance in promotion tier 0 or 1 so it scales with the writer, and it bills its own ACUs: a cost increase. ' +
    'Advisory: adding an instance is a deployment decision (CreateDBInstance in the cluster), not changed by this tool.',
};

export const auroraMultiAz: Rule = {
  meta,
  check(context) {
    return clustersInScope(context).flatMap((scope) => {
      const { cluster, targets } = scope;
      if (targets.multiAz !== true) return [];
      const writer = cluster.instances.find((i) => i.isWriter);
      const readers = cluster.instances.filter((i) => !i.isWriter);
      const zones = [...new Set(cluster.instances.map((i) => i.availabilityZone).filter((z): z is string => z !== null))].sort();
      const readerElsewhere = readers.some((r) => r.availabilityZone !== null && r.availabilityZone !== writer?.availabilityZone);
      const zonesUnknown = readers.length > 0 && readers.every((r) => r.availabilityZone === null);
      if (readerElsewhere || (cluster.multiAz && zonesUnknown)) return [];
      const serverless = cluster.serverlessV2 !== null;
      const avg = cluster.usage?.avgAcu ?? null;
      const money =
        serverless && avg !== null
          ? priced([
              costLine(cluster.region, `${cluster.id} reader in a second AZ tracking the writer: ${avg} avg ACU × ${HOURS_PER_MONTH} h`, avg * HOURS_PER_MONTH, 'ACU-hours', 'aurora.acuHour'),
            ])
          : { monthlyDeltaUsd: null, costLines: [] };
      const priceText =
        money.monthlyDeltaUsd !== null
          ? `a cost increase of ${usd(money.monthlyDeltaUsd)}`
          : serverless
            ? 'a cost increase; usage data needed (average ACU) to price it'
            : 'a cost increase of one more instance (provisioned instance prices are not in the catalog)';
      return [
        auroraFinding(meta, scope, {
          current: { readers: readers.length, availabilityZones: zones },
          target: { readersInAnotherAz: 1 },
          ...money,
          message:
            `no reader in a second Availability Zone${readers.length ? ' (its readers share the writer\'s AZ)' : ''}: Multi-AZ for ${serverless ? 'Serverless v2' : 'Aurora'} means adding a ` +
            `${serverless ? 'db.serverless reader in promotion tier 0 or 1 (it scales with the writer)' : 'reader instance'} in another AZ — ${priceText}, not a saving`,
          ...(serverless ? { metricsUsed: metricsUsed([['auroraAcuAvg', avg]]) } : {}),
        }),
      ];
    });
  },
};
