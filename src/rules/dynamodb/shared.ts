/** Helpers shared by the DynamoDB rules (not a rule: rules are the other files in this folder). */
import type { DynamoTable } from '../../inventory/snapshot.js';
import { BYTES_PER_GB, HOURS_PER_MONTH, costLine } from '../../pricing/estimator.js';
import type { EnvTargets } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import { metricsUsed } from '../metrics.js';
import { buildFinding, inScope, type FindingFields } from '../finding.js';
import type { CostLine, Finding, RuleContext, RuleMeta } from '../types.js';
import { monthlyText } from '../money-text.js';
import { tableSubject } from '../../targets/environment-resolver.js';

export interface TableScope {
  table: DynamoTable;
  env: Env;
  targets: EnvTargets['dynamodb'];
}

export function tablesInScope(context: RuleContext): TableScope[] {
  return inScope(context, context.snapshot.dynamoTables, 'dynamodb', tableSubject).map(({ item, env, targets }) => ({ table: item, env, targets }));
}

export function tableFinding(meta: RuleMeta, { table, env }: TableScope, fields: Omit<FindingFields, 'fixable'>): Finding {
  return buildFinding(meta, { service: 'dynamodb', resource: table.arn, resourceName: table.name, region: table.region, env }, fields);
}

/** The consumed-capacity metrics behind a table's monthly request units. */
export function requestMetrics(table: DynamoTable): string[] {
  return metricsUsed([
    ['dynamodbReads', table.usage?.readRequestUnitsPerMonth],
    ['dynamodbWrites', table.usage?.writeRequestUnitsPerMonth],
  ]);
}

/** Provisioned table capacity held all month (GSI capacity is not included). */
export function provisionedLines(table: DynamoTable, sign: 1 | -1): (CostLine | null)[] {
  if (!table.provisioned) return [];
  const { rcu, wcu } = table.provisioned;
  const verb = sign < 0 ? 'no longer provisioned' : 'provisioned';
  return [
    costLine(table.region, `${rcu} RCU ${verb} (× ${HOURS_PER_MONTH} h)`, sign * rcu * HOURS_PER_MONTH, 'RCU-hours', 'dynamodb.provisioned.rcuHour'),
    costLine(table.region, `${wcu} WCU ${verb} (× ${HOURS_PER_MONTH} h)`, sign * wcu * HOURS_PER_MONTH, 'WCU-hours', 'dynamodb.provisioned.wcuHour'),
  ];
}

/** On-demand request units of a month's usage; null without usage. */
export function onDemandLines(table: DynamoTable, sign: 1 | -1): (CostLine | null)[] | null {
  const reads = table.usage?.readRequestUnitsPerMonth;
  const writes = table.usage?.writeRequestUnitsPerMonth;
  if (reads === null || reads === undefined || writes === null || writes === undefined) return null;
  return [
    costLine(table.region, `${reads} read request units on demand`, (sign * reads) / 1e6, 'million RRU', 'dynamodb.onDemand.readPerMillion'),
    costLine(table.region, `${writes} write request units on demand`, (sign * writes) / 1e6, 'million WRU', 'dynamodb.onDemand.writePerMillion'),
  ];
}

export function storageLine(table: DynamoTable, sign: 1 | -1): CostLine | null {
  const gb = table.sizeBytes / BYTES_PER_GB;
  return costLine(table.region, `${gb.toFixed(3)} GB stored`, sign * gb, 'GB-month', 'dynamodb.storageGbMonth');
}

export function usd(value: number): string {
  return monthlyText(value);
}
