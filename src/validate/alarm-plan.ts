/**
 * The alarms as a plan for the change engine: what exists is read (DescribeAlarms), the desired
 * definitions are compared with it, and each alarm to create or replace becomes a Change with its
 * price, its read-back and its undo (DeleteAlarms for a new alarm, the old definition otherwise).
 */
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { ClientFactory } from '../aws/clients.js';
import { changeId, type Change, type JsonObject } from '../changes/change.js';
import { alarmDefinition } from '../changes/operations/cloudwatch.js';
import { sortKeys } from '../changes/operations/index.js';
import { PLAN_KIND, PLAN_SCHEMA_VERSION, withContentId, type Plan } from '../changes/plan.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { roundCents, unitPrice } from '../pricing/estimator.js';
import type { Env } from '../targets/environment.js';
import { ALARM_PREFIX, type AlarmSpec } from './alarms.js';

export const ALARM_RULE = 'monitoring/alarm';

/** The alarms `validate alarms` manages that exist now, by name, per region. */
export async function readAlarms(factory: ClientFactory, regions: readonly string[]): Promise<Map<string, JsonObject>> {
  const found = new Map<string, JsonObject>();
  for (const region of new Set(regions)) {
    let token: string | undefined;
    do {
      const page = await factory.cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${ALARM_PREFIX}-`, AlarmTypes: ['MetricAlarm'], NextToken: token }));
      for (const alarm of page.MetricAlarms ?? []) if (alarm.AlarmName) found.set(`${region}|${alarm.AlarmName}`, alarmDefinition(alarm));
      token = page.NextToken;
    } while (token);
  }
  return found;
}

const same = (a: JsonObject, b: JsonObject): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

/** Alarm changes: new or different alarms only; an alarm already as wanted needs nothing. */
export function alarmChanges(alarms: readonly AlarmSpec[], existing: ReadonlyMap<string, JsonObject>): Change[] {
  const changes: Change[] = [];
  for (const alarm of alarms) {
    const name = String(alarm.definition.AlarmName);
    const before = existing.get(`${alarm.region}|${name}`) ?? null;
    const after = alarmDefinition(alarm.definition);
    if (before && same(before, after)) continue;
    const price = unitPrice(alarm.region, 'cloudwatch.alarmMetricMonth');
    changes.push({
      id: changeId(ALARM_RULE, alarm.resource, name, alarm.definition),
      rule: ALARM_RULE,
      service: 'cloudwatch',
      region: alarm.region,
      resource: alarm.resource,
      resourceName: alarm.resourceName,
      env: alarm.env,
      attribute: 'MetricAlarm',
      operation: 'cloudwatch:PutMetricAlarm',
      input: alarm.definition,
      before,
      after,
      undo: before ? { operation: 'cloudwatch:PutMetricAlarm', input: before } : { operation: 'cloudwatch:DeleteAlarms', input: { AlarmNames: [name] } },
      // A new alarm costs its metrics × the alarm price; replacing one changes nothing.
      monthlyDeltaUsd: before ? 0 : price === null ? null : roundCents(alarm.metricsEvaluated * price),
      notes: [`${alarm.benchmark}; ${alarm.metricsEvaluated} metric(s) × $${price ?? '?'} per alarm metric-month (the account's 10 free alarm metrics are not counted)`],
    });
  }
  return changes;
}

export function alarmPlan(snapshot: AccountSnapshot, env: Env | undefined, changes: Change[], now: Date): Plan {
  return withContentId({
    kind: PLAN_KIND,
    schemaVersion: PLAN_SCHEMA_VERSION,
    createdAt: now.toISOString(),
    account: snapshot.account,
    env: env ?? null,
    regions: snapshot.regions,
    selection: { source: 'alarms', only: [], resources: [], allowDrift: false },
    changes,
    findings: [],
  });
}
