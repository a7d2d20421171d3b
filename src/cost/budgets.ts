/**
 * Phase 5's budgets: one AWS Budget per environment, filtered on the environment tag, with alerts
 * at 80 % of actual and 100 % of forecast spend. Planned by comparing with what exists, so a second
 * --apply finds nothing to do.
 */
import {
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  UpdateBudgetCommand,
  type Budget,
  type BudgetsClient,
  type Notification,
  type Subscriber,
} from '@aws-sdk/client-budgets';
import { awsErrorName } from '../aws/errors.js';
import { ENVIRONMENTS, type Env } from '../targets/environment.js';
import { budgetsError } from './aws-errors.js';
import type { CostConfig } from './config-schema.js';
import { envTagValues } from './env-tag.js';

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

export type BudgetAction =
  | { kind: 'create-budget'; budget: string; detail: string }
  | { kind: 'update-budget'; budget: string; detail: string }
  | { kind: 'create-notification'; budget: string; notification: DesiredNotification; detail: string }
  | { kind: 'create-subscriber'; budget: string; notification: DesiredNotification; subscriber: Subscriber; detail: string }
  | { kind: 'delete-subscriber'; budget: string; notification: DesiredNotification; subscriber: Subscriber; detail: string };

export interface BudgetPlan {
  budget: DesiredBudget;
  exists: boolean;
  actions: BudgetAction[];
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
    const limitUsd = settings?.environments?.[env]?.limitUsd ?? DESIGN_BUDGETS[env];
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

function notificationOf(desired: DesiredNotification): Notification {
  return { NotificationType: desired.type, ComparisonOperator: 'GREATER_THAN', Threshold: desired.threshold, ThresholdType: 'PERCENTAGE' };
}

const sameNotification = (a: Notification, b: DesiredNotification): boolean =>
  a.NotificationType === b.type && a.ComparisonOperator === 'GREATER_THAN' && Number(a.Threshold) === b.threshold && (a.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE';

function subscriberKey(s: Subscriber): string {
  const address = s.Address ?? '';
  return `${s.SubscriptionType}:${s.SubscriptionType === 'EMAIL' ? address.toLowerCase() : address}`;
}

/** What differs between an existing budget and the desired one (empty: nothing). */
export function budgetDifferences(existing: Budget, desired: DesiredBudget): string[] {
  const want = budgetSpec(desired);
  const out: string[] = [];
  if (existing.BudgetType !== want.BudgetType) out.push(`type ${existing.BudgetType} → COST`);
  if (existing.TimeUnit !== want.TimeUnit) out.push(`time unit ${existing.TimeUnit} → MONTHLY`);
  const amount = Number(existing.BudgetLimit?.Amount);
  if (amount !== desired.limitUsd || (existing.BudgetLimit?.Unit ?? 'USD') !== 'USD') out.push(`limit ${existing.BudgetLimit?.Amount ?? 'none'} ${existing.BudgetLimit?.Unit ?? ''}`.trimEnd() + ` → ${desired.limitUsd.toFixed(2)} USD`);
  const tags = existing.FilterExpression?.Tags;
  const sameFilter =
    tags?.Key === desired.tagKey &&
    [...(tags.Values ?? [])].sort().join('\u0000') === [...desired.tagValues].sort().join('\u0000') &&
    (tags.MatchOptions ?? ['EQUALS']).join() === 'EQUALS' &&
    !existing.FilterExpression?.And &&
    !existing.FilterExpression?.Or &&
    !existing.FilterExpression?.Not &&
    !existing.FilterExpression?.Dimensions &&
    !existing.FilterExpression?.CostCategories &&
    !Object.keys(existing.CostFilters ?? {}).length;
  if (!sameFilter) out.push(`filter → tag ${desired.tagKey}=${desired.tagValues.join('|')}`);
  if ((existing.Metrics ?? ['UnblendedCost']).join() !== 'UnblendedCost') out.push(`metric ${existing.Metrics?.join(',')} → UnblendedCost`);
  return out;
}

interface ExistingNotification {
  notification: Notification;
  subscribers: Subscriber[];
}

async function describeBudget(client: BudgetsClient, accountId: string, name: string): Promise<Budget | null> {
  try {
    return (await client.send(new DescribeBudgetCommand({ AccountId: accountId, BudgetName: name }))).Budget ?? null;
  } catch (error) {
    if (awsErrorName(error) === 'NotFoundException') return null;
    throw budgetsError(error);
  }
}

async function describeNotifications(client: BudgetsClient, accountId: string, name: string): Promise<ExistingNotification[]> {
  const out: ExistingNotification[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new DescribeNotificationsForBudgetCommand({ AccountId: accountId, BudgetName: name, MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
      for (const notification of page.Notifications ?? []) {
        const subscribers: Subscriber[] = [];
        let subToken: string | undefined;
        do {
          const subs = await client.send(
            new DescribeSubscribersForNotificationCommand({ AccountId: accountId, BudgetName: name, Notification: notification, MaxResults: 100, ...(subToken ? { NextToken: subToken } : {}) }),
          );
          subscribers.push(...(subs.Subscribers ?? []));
          subToken = subs.NextToken || undefined;
        } while (subToken);
        out.push({ notification, subscribers });
      }
      token = page.NextToken || undefined;
    } while (token);
  } catch (error) {
    if (awsErrorName(error) === 'NotFoundException') return out;
    throw budgetsError(error);
  }
  return out;
}

const label = (n: DesiredNotification): string => `${n.threshold}% ${n.type === 'ACTUAL' ? 'actual' : 'forecast'}`;

/** Reads what exists and lists what --apply would do; no action means the budget is as desired. */
export async function planBudget(client: BudgetsClient, accountId: string, desired: DesiredBudget): Promise<BudgetPlan> {
  const existing = await describeBudget(client, accountId, desired.name);
  const subscribers = desired.subscribers.map((s) => `${s.SubscriptionType === 'SNS' ? 'SNS' : 'e-mail'} ${s.Address}`).join(', ') || 'no subscribers';
  if (!existing) {
    return {
      budget: desired,
      exists: false,
      actions: [{ kind: 'create-budget', budget: desired.name, detail: `$${desired.limitUsd.toFixed(2)}/month on tag ${desired.tagKey}=${desired.tagValues.join('|')}; alerts at ${NOTIFICATIONS.map(label).join(' and ')} to ${subscribers}` }],
    };
  }
  const actions: BudgetAction[] = [];
  const differences = budgetDifferences(existing, desired);
  if (differences.length) actions.push({ kind: 'update-budget', budget: desired.name, detail: differences.join('; ') });
  const notifications = await describeNotifications(client, accountId, desired.name);
  for (const want of NOTIFICATIONS) {
    const found = notifications.find((n) => sameNotification(n.notification, want));
    if (!found) {
      if (desired.subscribers.length) actions.push({ kind: 'create-notification', budget: desired.name, notification: want, detail: `alert at ${label(want)} to ${subscribers}` });
      continue;
    }
    const have = new Set(found.subscribers.map(subscriberKey));
    const wantKeys = new Set(desired.subscribers.map(subscriberKey));
    for (const subscriber of desired.subscribers) {
      if (!have.has(subscriberKey(subscriber))) actions.push({ kind: 'create-subscriber', budget: desired.name, notification: want, subscriber, detail: `add ${subscriber.Address} to the ${label(want)} alert` });
    }
    // Only remove when someone else stays subscribed: AWS requires at least one per notification.
    if (desired.subscribers.length) {
      for (const subscriber of found.subscribers) {
        if (!wantKeys.has(subscriberKey(subscriber))) actions.push({ kind: 'delete-subscriber', budget: desired.name, notification: want, subscriber, detail: `remove ${subscriber.Address} from the ${label(want)} alert` });
      }
    }
  }
  return { budget: desired, exists: true, actions };
}

export async function applyBudgetPlan(client: BudgetsClient, accountId: string, plan: BudgetPlan): Promise<number> {
  const spec = budgetSpec(plan.budget);
  let requests = 0;
  const send = async (call: () => Promise<unknown>): Promise<void> => {
    requests++;
    try {
      await call();
    } catch (error) {
      throw budgetsError(error);
    }
  };
  for (const action of plan.actions) {
    switch (action.kind) {
      case 'create-budget':
        await send(() =>
          client.send(
            new CreateBudgetCommand({
            AccountId: accountId,
            Budget: spec,
              NotificationsWithSubscribers: plan.budget.subscribers.length ? NOTIFICATIONS.map((n) => ({ Notification: notificationOf(n), Subscribers: plan.budget.subscribers })) : undefined,
            }),
          ),
        );
        break;
      case 'update-budget':
        await send(() => client.send(new UpdateBudgetCommand({ AccountId: accountId, NewBudget: spec })));
        break;
      case 'create-notification':
        await send(() => client.send(new CreateNotificationCommand({ AccountId: accountId, BudgetName: plan.budget.name, Notification: notificationOf(action.notification), Subscribers: plan.budget.subscribers })));
        break;
      case 'create-subscriber':
        await send(() => client.send(new CreateSubscriberCommand({ AccountId: accountId, BudgetName: plan.budget.name, Notification: notificationOf(action.notification), Subscriber: action.subscriber })));
        break;
      case 'delete-subscriber':
        await send(() => client.send(new DeleteSubscriberCommand({ AccountId: accountId, BudgetName: plan.budget.name, Notification: notificationOf(action.notification), Subscriber: action.subscriber })));
        break;
    }
  }
  return requests;
}
