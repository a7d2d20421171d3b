/**
 * Advisory: the services and users tables move to Aurora MySQL (the design's consolidation). The
 * move is a data migration, not a setting: `clinnet-opt migrate-dynamo` does it, with verification.
 */
import { priced } from '../../pricing/estimator.js';
import { DESIGN_TABLES, designTableOf } from '../../migrate/design-tables.js';
import { matchesAny } from '../../targets/glob.js';
import type { Rule, RuleMeta } from '../types.js';
import { onDemandLines, provisionedLines, requestMetrics, storageLine, tableFinding, tablesInScope } from './shared.js';

const meta: RuleMeta = {
  id: 'dynamodb/migrate-to-aurora',
  service: 'dynamodb',
  title: 'Services and users tables live in Aurora, not DynamoDB',
  rationale: 'Design document, "DynamoDB Consolidation Strategy" and "Migration Approach": services and users migrate to Aurora (services_migrated, users_migrated).',
  severity: 'low',
  fixable: false,
  description:
    'The design consolidates the low-throughput, relational services and users tables into the Aurora MySQL cluster. This is a data migration: ' +
    'run `clinnet-opt migrate-dynamo schema` to create the tables, then `clinnet-opt migrate-dynamo --table NAME` to copy and verify the items. ' +
    'Delete the DynamoDB table only after the application reads from Aurora.',
};

export const dynamodbMigrateToAurora: Rule = {
  meta,
  check(context) {
    return tablesInScope(context).flatMap((scope) => {
      const { table, targets } = scope;
      if (!matchesAny(table.name, targets.migrateToAurora)) return [];
      const design = designTableOf(table.name);
      const auroraTable = design ? DESIGN_TABLES[design].target : null;
      const throughput = table.billingMode === 'PROVISIONED' ? provisionedLines(table, 1) : onDemandLines(table, 1);
      const now = throughput === null ? null : priced([storageLine(table, 1), ...throughput]).monthlyDeltaUsd;
      const costText =
        now === null
          ? 'its DynamoDB cost needs usage (usage.readRequestUnitsPerMonth / writeRequestUnitsPerMonth)'
          : `it costs $${now.toFixed(2)}/month in DynamoDB now (storage and ${table.billingMode === 'PROVISIONED' ? 'provisioned capacity' : 'requests'})`;
      return [
        tableFinding(meta, scope, {
          current: { store: 'dynamodb', table: table.name, billingMode: table.billingMode, itemCount: table.itemCount },
          target: { store: 'aurora-mysql', table: auroraTable },
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            `still in DynamoDB (${table.itemCount} items); the design moves it to Aurora${auroraTable ? ` as ${auroraTable}` : ''}: ` +
            `run \`clinnet-opt migrate-dynamo schema --table ${table.name} --region ${table.region}\`, then \`clinnet-opt migrate-dynamo --table ${table.name} --region ${table.region}\`. ` +
            `Not priced: ${costText}; Aurora's added I/O and capacity for these queries depend on the workload`,
          ...(table.billingMode === 'PAY_PER_REQUEST' ? { metricsUsed: requestMetrics(table) } : {}),
        }),
      ];
    });
  },
};
