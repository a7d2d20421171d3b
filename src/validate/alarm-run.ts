/**
 * `validate alarms` end to end: collect (with metrics, for the NAT baseline), plan the alarms,
 * and with apply send them through the change engine (journal, drift guard, read-back, rollback).
 */
import type { ClientFactory } from '../aws/clients.js';
import type { ExecuteEvent, ExecuteResult, ExecutionItem } from '../changes/executor.js';
import type { Plan } from '../changes/plan.js';
import { applyItems } from '../changes/session.js';
import { collectSnapshot } from '../inventory/collect.js';
import { assertInventoryRead } from '../inventory/completeness.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env } from '../targets/environment.js';
import { alarmChanges, alarmPlan, readAlarms } from './alarm-plan.js';
import { desiredAlarms, type SkippedAlarm } from './alarms.js';

export interface AlarmRequest {
  factory: ClientFactory;
  regions: string[];
  env: Env | undefined;
  targets: TargetProfile;
  topicArn?: string;
  metricsDays: number;
  apply: boolean;
  journalPath: () => string;
  now: () => Date;
  continueOnError: boolean;
  /** Plan for what could be read when a service's inventory could not be listed (else exit 3). */
  allowGaps: boolean;
}

export interface AlarmHooks {
  onPlan: (plan: Plan, skipped: SkippedAlarm[]) => Promise<void>;
  confirm: (plan: Plan, items: readonly ExecutionItem[]) => Promise<void>;
  onEvent?: (event: ExecuteEvent) => void;
}

export type AlarmRun = { plan: Plan; skipped: SkippedAlarm[]; result: ExecuteResult | null };

export async function runAlarms(request: AlarmRequest, hooks: AlarmHooks): Promise<AlarmRun> {
  const snapshot = await collectSnapshot(request.factory, { regions: request.regions, env: request.env, metricsDays: request.metricsDays });
  assertInventoryRead(snapshot.coverageGaps, { allowGaps: request.allowGaps, what: 'the account' });
  const { alarms, skipped } = desiredAlarms(snapshot, { targets: request.targets, env: request.env, topicArn: request.topicArn });
  const existing = await readAlarms(request.factory, alarms.map((a) => a.region));
  const plan = alarmPlan(snapshot, request.env, alarmChanges(alarms, existing), request.now());
  await hooks.onPlan(plan, skipped);
  if (!request.apply || !plan.changes.length) return { plan, skipped, result: null };
  const items = plan.changes.map((change) => ({ change }));
  await hooks.confirm(plan, items);
  const result = await applyItems(plan, items, { factory: request.factory, journalPath: request.journalPath(), continueOnError: request.continueOnError, onEvent: hooks.onEvent });
  return { plan, skipped, result };
}
