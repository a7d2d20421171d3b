/**
 * Phase 5's budgets: one AWS Budget per environment, filtered on the environment tag, with alerts
 * at 80 % of actual and 100 % of forecast spend. Read from the account and turned into Change
 * records (budget, alerts, subscribers), so the change engine applies them like any fix: plan file,
 * journal, drift guard, read-back, rollback. What is already as wanted makes no change, so a second
 * --apply finds nothing to do.
 */
import type { Budget, Notification, Subscriber } from '@aws-sdk/client-budgets';
import type { ClientFactory } from '../aws/clients.js';
import { changeId, type Change, type JsonObject } from '../changes/change.js';
import {
  budgetArn,
  budgetState,
  BUDGETS_REGION,
  describeBudget,
  describeNotifications,
  describeSubscribers,
  notificationState,
  restorableBudget,
  sameNotification,
  sameSubscriber,
  subscriberState,
} from '../changes/operations/budgets.js';
import { sameState } from '../changes/operations/index.js';
import { plain } from '../changes/operations/types.js';
import type { JsonValue } from '../rules/types.js';
import { ENVIRONMENTS, type Env } from '../targets/environment.js';
import { budgetsError } from './aws-errors.js';
import type { CostConfig } from './config-schema.js';
import { envTagValues } from './env-tag.js';

/** The rule every budget change carries. */
export const BUDGET_RULE = 'cost/budget';
/** The design's optimised monthly cost per environment ("Expected Cost Savings"). */
export const DESIGN_BUDGETS: Partial<Record<Env, number>> = { dev: 40, prod: 480 };
export const DEFAULT_BUDGET_PREFIX = 'clinnet-opt';

export interface DesiredNotification {
  type: 'ACTUAL' | 'FORECASTED';
  /** Percent of the budget. */
  threshold: number;
}

export const NOTIFICATIONS: DesiredNotification[] = [
  { type: 'ACTUAL', threshold: 80 },
  { type: 'FORECASTED', threshold: 100 },
];

export interface DesiredBudget {
  env: Env;
  name: string;
  limitUsd: number;
  tagKey: string;
  tagValues: string[];
  subscribers: Subscriber[];
}

/** One budget's changes as read from the account now. */
export interface BudgetChangeSet {
  budget: DesiredBudget;
  exists: boolean;
  /** What --apply sends, in order: the budget, then each alert, then its subscribers (adds before removals). */
  changes: Change[];
  /** Parts already as wanted, as changes whose before is their after (to tell "done since the plan" from drift). */
  unchanged: Change[];
}

export function desiredBudgets(config: CostConfig | undefined, tagKey: string, only: Env | null): DesiredBudget[] {
  const settings = config?.budgets;
  const prefix = settings?.namePrefix ?? DEFAULT_BUDGET_PREFIX;
  const subscribers: Subscriber[] = [
    ...(settings?.snsTopicArn ? [{ SubscriptionType: 'SNS' as const, Address: settings.snsTopicArn }] : []),
    ...(settings?.emails ?? []).map((address) => ({ SubscriptionType: 'EMAIL' as const, Address: address })),
  ];
  const out: DesiredBudget[] = [];
  for (const env of ENVIRONMENTS) {
    if (only && env !== only) continue;
    const configured: Partial<Record<Env, { limitUsd?: number }>> | undefined = settings?.environments;
    const limitUsd = configured?.[env]?.limitUsd ?? DESIGN_BUDGETS[env];
    if (limitUsd === undefined) continue;
    out.push({ env, name: `${prefix}-${env}`, limitUsd, tagKey, tagValues: envTagValues(env, config), subscribers });
  }
  return out;
}

export function budgetSpec(desired: DesiredBudget): Budget {
  return {
    BudgetName: desired.name,
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    BudgetLimit: { Amount: desired.limitUsd.toFixed(2), Unit: 'USD' },
    FilterExpression: { Tags: { Key: desired.tagKey, Values: desired.tagValues, MatchOptions: ['EQUALS'] } },
    Metrics: ['UnblendedCost'],
  };
}

export function notificationOf(desired: DesiredNotification): Notification {
  return { NotificationType: desired.type, ComparisonOperator: 'GREATER_THAN', Threshold: desired.threshold, ThresholdType: 'PERCENTAGE' };
}

function subscriberKey(s: Subscriber): string {
  return JSON.stringify(subscriberState(s));
}

export const notificationLabel = (n: DesiredNotification): string => `${n.threshold}% ${n.type === 'ACTUAL' ? 'actual' : 'forecast'}`;

interface Draft {
  attribute: 'Budget' | 'Notification' | 'Subscriber';
  operation: string;
  input: JsonObject;
  before: JsonValue;
  after: JsonValue;
  undo: Change['undo'];
  notes?: string[];
}

function toChange(desired: DesiredBudget, account: string, draft: Draft): Change {
  const resource = budgetArn(account, desired.name);
  const change: Change = {
    id: changeId(BUDGET_RULE, resource, draft.attribute, draft.input),
    rule: BUDGET_RULE,
    service: 'budgets',
    region: BUDGETS_REGION,
    resource,
    resourceName: desired.name,
    env: desired.env,
    attribute: draft.attribute,
    operation: draft.operation,
    input: draft.input,
    before: draft.before,
    after: draft.after,
    undo: draft.undo,
    // Budgets without actions cost nothing.
    monthlyDeltaUsd: 0,
  };
  if (draft.notes?.length) change.notes = draft.notes;
  return change;
}

function budgetDraft(existing: Budget | null, desired: DesiredBudget, account: string): Draft {
  const spec = plain(budgetSpec(desired)) as JsonObject;
  const after = budgetState(budgetSpec(desired));
  if (!existing) {
    return {
      attribute: 'Budget',
      operation: 'budgets:CreateBudget',
      input: { AccountId: account, Budget: spec },
      before: null,
      after,
      undo: { operation: 'budgets:DeleteBudget', input: { AccountId: account, BudgetName: desired.name } },
      notes: ['its alerts are created by the changes after it; DeleteBudget (the undo) deletes them and their subscribers too'],
    };
  }
  return {
    attribute: 'Budget',
    operation: 'budgets:UpdateBudget',
    input: { AccountId: account, NewBudget: spec },
    before: budgetState(existing),
    after,
    undo: { operation: 'budgets:UpdateBudget', input: { AccountId: account, NewBudget: restorableBudget(existing) } },
    notes: ["AWS sets the budget's calculated spend to zero until it has new usage data"],
  };
}

/** Reads one budget, its alerts and their subscribers, and lists the changes that make it as desired. */
export async function budgetChanges(factory: ClientFactory, account: string, desired: DesiredBudget): Promise<BudgetChangeSet> {
  const ctx = { factory };
  const changes: Change[] = [];
  const unchanged: Change[] = [];
  const add = (draft: Draft): void => {
    const change = toChange(desired, account, draft);
    (sameState(draft.attribute, draft.before, draft.after) ? unchanged : changes).push(change);
  };
  try {
    const existing = await describeBudget(ctx, account, desired.name);
    add(budgetDraft(existing, desired, account));
    const notifications = existing ? await describeNotifications(ctx, account, desired.name) : [];
    for (const want of NOTIFICATIONS) {
      const notification = notificationOf(want);
      const base = { AccountId: account, BudgetName: desired.name, Notification: plain(notification) };
      const found = notifications.find((n) => sameNotification(n, notification));
      if (!found) {
        // AWS requires at least one subscriber per alert: without any, no alert is planned.
        if (!desired.subscribers.length) continue;
        add({
          attribute: 'Notification',
          operation: 'budgets:CreateNotification',
          input: { ...base, Subscribers: plain(desired.subscribers) },
          before: null,
          after: notificationState(notification),
          undo: { operation: 'budgets:DeleteNotification', input: base },
          notes: [`alert at ${notificationLabel(want)}; DeleteNotification (the undo) deletes its subscribers too`],
        });
        continue;
      }
      const state = notificationState(found);
      add({ attribute: 'Notification', operation: 'budgets:CreateNotification', input: { ...base, Subscribers: plain(desired.subscribers) }, before: state, after: state, undo: { operation: 'budgets:DeleteNotification', input: base } });
      const have = await describeSubscribers(ctx, account, desired.name, found);
      for (const subscriber of desired.subscribers) {
        const input = { ...base, Subscriber: plain(subscriber) };
        const present = have.find((s) => sameSubscriber(s, subscriber));
        add({
          attribute: 'Subscriber',
          operation: 'budgets:CreateSubscriber',
          input,
          before: present ? subscriberState(present) : null,
          after: subscriberState(subscriber),
          undo: { operation: 'budgets:DeleteSubscriber', input },
        });
      }
      // Removals come after the additions, and only when someone stays subscribed: deleting an
      // alert's last subscriber deletes the alert (DeleteSubscriber).
      if (!desired.subscribers.length) continue;
      const wanted = new Set(desired.subscribers.map(subscriberKey));
      for (const subscriber of have) {
        if (wanted.has(subscriberKey(subscriber))) continue;
        const input = { ...base, Subscriber: plain({ SubscriptionType: subscriber.SubscriptionType, Address: subscriber.Address }) };
        add({ attribute: 'Subscriber', operation: 'budgets:DeleteSubscriber', input, before: subscriberState(subscriber), after: null, undo: { operation: 'budgets:CreateSubscriber', input } });
      }
    }
    return { budget: desired, exists: existing !== null, changes, unchanged };
  } catch (error) {
    throw budgetsError(error);
  }
}
