/** CloudWatch alarms: PutMetricAlarm (create or replace whole), DeleteAlarms; the reader gives an alarm's definition as `validate alarms` writes it. */
import { DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand, type MetricAlarm, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { JsonObject } from '../change.js';
import { plain, sdkInput, sendWrite, type ServiceOperations } from './types.js';

/** The fields `validate alarms` sets, as DescribeAlarms returns them, in the request's shape. */
const ALARM_FIELDS = [
  'AlarmName',
  'AlarmDescription',
  'ActionsEnabled',
  'AlarmActions',
  'Namespace',
  'MetricName',
  'Dimensions',
  'Statistic',
  'ExtendedStatistic',
  'Period',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'Metrics',
] as const;

/** An alarm as a comparable definition: the fields above, empty lists and absent fields dropped. */
export function alarmDefinition(alarm: MetricAlarm | JsonObject): JsonObject {
  const source = plain(alarm) as JsonObject;
  const out: JsonObject = {};
  for (const field of ALARM_FIELDS) {
    const value = source[field];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    out[field] = field === 'Metrics' ? (value as JsonObject[]).map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null))) : value;
  }
  // ActionsEnabled defaults to true: an explicit true and an absent field are the same alarm.
  if (out.ActionsEnabled === true) delete out.ActionsEnabled;
  return out;
}

export const cloudwatchOperations: ServiceOperations = {
  operations: {
    'cloudwatch:PutMetricAlarm': {
      iam: ['cloudwatch:PutMetricAlarm'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.cloudwatch(ctx.region).send(new PutMetricAlarmCommand(sdkInput<PutMetricAlarmCommandInput>(input))));
        return {};
      },
    },
    'cloudwatch:DeleteAlarms': {
      iam: ['cloudwatch:DeleteAlarms'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.cloudwatch(ctx.region).send(new DeleteAlarmsCommand({ AlarmNames: input.AlarmNames as string[] })));
        return {};
      },
    },
  },
  readers: {
    'cloudwatch:MetricAlarm': {
      iam: ['cloudwatch:DescribeAlarms'],
      read: async (c, ctx) => {
        const name = String(c.input.AlarmName ?? (c.input.AlarmNames as string[] | undefined)?.[0]);
        const { MetricAlarms } = await ctx.factory.cloudwatch(ctx.region).send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm'] }));
        const found = MetricAlarms?.find((a) => a.AlarmName === name);
        return found ? alarmDefinition(found) : null;
      },
    },
  },
};
