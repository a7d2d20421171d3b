/**
 * On-demand billing for the tables that stay in DynamoDB (medical_reports). Priced both ways from
 * usage: a steadily busy table costs more on demand than provisioned, and the finding says so.
 * AWS allows four switches to on-demand per rolling 24 hours (back to provisioned at any time).
 */
import { priced } from '../../pricing/estimator.js';
import { matchesAny } from '../../targets/glob.js';
import type { Rule, RuleMeta } from '../types.js';
import { onDemandLines, provisionedLines, requestMetrics, tableFinding, tablesInScope, usd } from './shared.js';

const meta: RuleMeta = {
  id: 'dynamodb/on-demand',
  service: 'dynamodb',
  title: 'Tables that stay in DynamoDB bill on demand',
  rationale: 'Design document, "DynamoDB Consolidation Strategy" and "DynamoDB Optimization": MedicalReportsTable BillingMode ON_DEMAND (PAY_PER_REQUEST).',
  severity: 'medium',
  fixable: true,
  description:
    'Provisioned capacity is billed every hour whether used or not; on-demand bills each request. The fix sets BillingMode PAY_PER_REQUEST. ' +
    'For a steadily busy table on-demand can cost more: the finding compares the provisioned capacity with the month\'s requests priced on demand. ' +
    'AWS allows up to four switches from provisioned to on-demand per table in a rolling 24 hours, and a switch back to provisioned at any time.',
};

const DAY_MS = 24 * 3600 * 1000;
export const ON_DEMAND_SWITCHES_PER_DAY = 4;

export const dynamodbOnDemand: Rule = {
  meta,
  check(context) {
    const collectedAt = Date.parse(context.snapshot.collectedAt);
    return tablesInScope(context).flatMap((scope) => {
      const { table, targets } = scope;
      if (table.billingMode !== 'PROVISIONED' || !matchesAny(table.name, targets.onDemand) || matchesAny(table.name, targets.migrateToAurora)) return [];
      const requests = onDemandLines(table, 1);
      const money = requests === null || !table.provisioned ? { monthlyDeltaUsd: null, costLines: [] } : priced([...provisionedLines(table, -1), ...requests]);
      let figure: string;
      if (!table.provisioned) figure = 'not priced: the table has no provisioned capacity recorded';
      else if (requests === null) figure = 'usage data needed: usage.readRequestUnitsPerMonth and usage.writeRequestUnitsPerMonth';
      else if (money.monthlyDeltaUsd === null) figure = `no DynamoDB price for ${table.region} in the catalog`;
      else if (money.monthlyDeltaUsd > 0) figure = `a cost INCREASE of ${usd(money.monthlyDeltaUsd)}: this month's requests cost more on demand than the ${table.provisioned.rcu} RCU / ${table.provisioned.wcu} WCU provisioned now`;
      else figure = `${usd(money.monthlyDeltaUsd)}: the provisioned ${table.provisioned.rcu} RCU / ${table.provisioned.wcu} WCU cost more than this month's requests on demand`;
      const gsiText = table.gsis.length ? `; index capacity and index writes (${table.gsis.map((g) => g.name).join(', ')}) are not included` : '';
      const last = table.lastSwitchToPayPerRequest ? Date.parse(table.lastSwitchToPayPerRequest) : NaN;
      const switchText =
        Number.isFinite(last) && Number.isFinite(collectedAt) && collectedAt - last < DAY_MS
          ? `; the table last switched to on-demand at ${table.lastSwitchToPayPerRequest}, less than 24 hours before the snapshot: AWS allows ${ON_DEMAND_SWITCHES_PER_DAY} such switches per rolling 24 hours, so the switch may be refused until ${new Date(last + DAY_MS).toISOString()}`
          : '';
      return [
        tableFinding(meta, scope, {
          current: 'PROVISIONED',
          target: 'PAY_PER_REQUEST',
          ...money,
          message: `bills PROVISIONED; the design keeps this table in DynamoDB on demand (${figure})${gsiText}${switchText}`,
          metricsUsed: requestMetrics(table),
        }),
      ];
    });
  },
};
