import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/inventory/snapshot-file.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { alarmChanges } from '../../src/validate/alarm-plan.js';
import { desiredAlarms } from '../../src/validate/alarms.js';
import { alarmDefinition } from '../../src/changes/operations/cloudwatch.js';
import { limitViolations } from '../../src/changes/limits/index.js';

describe('validate alarms on the prod demo', () => {
  it('one alarm per resource with a metric to watch, the rest named with what to enable; an existing equal alarm is no change', async () => {
    const snapshot = await loadSnapshot(resolve(import.meta.dirname, '../../examples/demo-prod.snapshot.json'));
    const { alarms, skipped } = desiredAlarms(snapshot, { targets: DESIGN_TARGETS, env: 'prod', topicArn: 'arn:aws:sns:us-east-1:444455556666:clinnet-alerts' });
    const byBenchmark = (b: string) => alarms.filter((a) => a.benchmark.startsWith(b)).length;
    expect(byBenchmark('API response time')).toBe(snapshot.restApis.flatMap((a) => a.stages).length);
    expect(byBenchmark('Database query time')).toBe(snapshot.auroraClusters.filter((c) => c.engine.startsWith('aurora-mysql')).length);
    expect(alarms.every((a) => a.env === 'prod' && (a.definition.AlarmActions as string[])[0].endsWith(':clinnet-alerts'))).toBe(true);
    for (const a of alarms) {
      expect(String(a.definition.AlarmName)).toMatch(/^clinnet-opt-/);
      // Either one statistic on one metric, or metric math: never both.
      expect(Boolean(a.definition.Metrics) !== Boolean(a.definition.MetricName)).toBe(true);
    }
    expect(skipped.every((s) => s.reason.length > 20)).toBe(true);

    const changes = alarmChanges(alarms, new Map());
    expect(changes).toHaveLength(alarms.length);
    expect(changes.every((c) => c.undo.operation === 'cloudwatch:DeleteAlarms' && (c.monthlyDeltaUsd ?? 0) > 0 && limitViolations(c).length === 0)).toBe(true);
    const existing = new Map(alarms.map((a) => [`${a.region}|${String(a.definition.AlarmName)}`, alarmDefinition(a.definition)]));
    expect(alarmChanges(alarms, existing)).toEqual([]);
  });
});
