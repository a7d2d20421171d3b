/**
 * AWS Budgets through the change engine: a budget (CreateBudget / UpdateBudget / DeleteBudget), its
 * alerts (CreateNotification / DeleteNotification) and each alert's subscribers (CreateSubscriber /
 * DeleteSubscriber), each with the reader that reads its state back in the shape of before/after.
 * Budgets is a global service: every call goes to us-east-1. The changes name the budget by its ARN,
 * `arn:aws:budgets::ACCOUNT:budget/NAME`, so a reader needs nothing but the change.
 */
import {
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteBudgetCommand,
  DeleteNotificationCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  UpdateBudgetCommand,
  type Budget,
  type BudgetsClient,
  type CreateBudgetCommandInput,
  type CreateNotificationCommandInput,
  type CreateSubscriberCommandInput,
  type DeleteBudgetCommandInput,
  type DeleteNotificationCommandInput,
  type DeleteSubscriberCommandInput,
  type Expression,
  type Notification,
  type Subscriber,
  type UpdateBudgetCommandInput,
} from '@aws-sdk/client-budgets';
import { awsErrorName } from '../../aws/errors.js';
import type { JsonValue } from '../../rules/types.js';
import type { Change, JsonObject } from '../change.js';
import { registerOperations } from './index.js';
import { plain, sdkInput, sendWrite, type AwsContext, type ServiceOperations } from './types.js';

/** Budgets' only endpoint. */
export const BUDGETS_REGION = 'us-east-1';
const VIEW = 'budgets:ViewBudget';
const MODIFY = 'budgets:ModifyBudget';

export function budgetArn(account: string, name: string): string {
  return `arn:aws:budgets::${account}:budget/${name}`;
}

export function parseBudgetArn(arn: string): { account: string; name: string } {
  const match = /^arn:aws[a-z-]*:budgets::(\d{12}):budget\/(.+)$/.exec(arn);
  if (!match) throw new Error(`${arn} is not a budget ARN (arn:aws:budgets::ACCOUNT:budget/NAME)`);
  return { account: match[1], name: match[2] };
}

const isNotFound = (error: unknown): boolean => awsErrorName(error) === 'NotFoundException';

/** The budget as DescribeBudget answers it (with its filter expression), or null when there is none. */
export async function describeBudget(ctx: Pick<AwsContext, 'factory'>, account: string, name: string): Promise<Budget | null> {
  try {
    const response = await ctx.factory.budgets().send(new DescribeBudgetCommand({ AccountId: account, BudgetName: name, ShowFilterExpression: true }));
    return response.Budget ?? null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Every item of a paged Budgets list, following NextToken; none when what it lists does not exist. */
async function everyPageOrNone<T>(read: (token: { NextToken?: string }) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await read(token ? { NextToken: token } : {});
      out.push(...(page.items ?? []));
      token = page.next || undefined;
    } while (token);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  return out;
}

/** Every alert of a budget (none when the budget does not exist). */
export function describeNotifications(ctx: Pick<AwsContext, 'factory'>, account: string, name: string): Promise<Notification[]> {
  return everyPageOrNone(async (token) => {
    const page = await ctx.factory.budgets().send(new DescribeNotificationsForBudgetCommand({ AccountId: account, BudgetName: name, MaxResults: 100, ...token }));
    return { items: page.Notifications, next: page.NextToken };
  });
}

/** Every subscriber of one alert (none when the budget or the alert does not exist). */
export function describeSubscribers(ctx: Pick<AwsContext, 'factory'>, account: string, name: string, notification: Notification): Promise<Subscriber[]> {
  return everyPageOrNone(async (token) => {
    const page = await ctx.factory.budgets().send(new DescribeSubscribersForNotificationCommand({ AccountId: account, BudgetName: name, Notification: notification, MaxResults: 100, ...token }));
    return { items: page.Subscribers, next: page.NextToken };
  });
}

/** An amount as a canonical decimal string: AWS answers "480.0" for "480.00". */
function amount(value: string | undefined): string | null {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? String(n) : value;
}

/** A filter expression with every value list sorted (AWS does not promise their order). */
function canonicalExpression(expression: Expression): JsonValue {
  const sortLists = (value: JsonValue, key?: string): JsonValue => {
    if (Array.isArray(value)) {
      const items = value.map((v) => sortLists(v));
      return key === 'Values' || key === 'MatchOptions' ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
    }
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortLists(v, k)]));
    return value;
  };
  return sortLists(plain(expression));
}

/**
 * What a budget change compares: type, period, limit, filter and metric. Spend, dates and health
 * are AWS's own and left out.
 */
export function budgetState(budget: Budget | null): JsonValue {
  if (!budget) return null;
  const costFilters = Object.entries(budget.CostFilters ?? {}).filter(([, values]) => values.length);
  const state: JsonObject = {
    BudgetType: budget.BudgetType ?? null,
    TimeUnit: budget.TimeUnit ?? null,
    BudgetLimit: budget.BudgetLimit ? { Amount: amount(budget.BudgetLimit.Amount), Unit: budget.BudgetLimit.Unit ?? null } : null,
    FilterExpression: budget.FilterExpression ? canonicalExpression(budget.FilterExpression) : null,
    CostFilters: costFilters.length ? Object.fromEntries(costFilters.map(([k, values]) => [k, [...values].sort()])) : null,
    Metrics: budget.Metrics?.length ? [...budget.Metrics] : null,
  };
  // A part the budget does not have is left out rather than shown as null.
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== null));
}

/** The parts of a budget an UpdateBudget can put back (what an undo of an update sends). */
export function restorableBudget(budget: Budget): JsonObject {
  const fields = ['BudgetName', 'BudgetType', 'TimeUnit', 'BudgetLimit', 'PlannedBudgetLimits', 'CostFilters', 'CostTypes', 'FilterExpression', 'Metrics'] as const;
  const out: JsonObject = {};
  for (const field of fields) if (budget[field] !== undefined) out[field] = plain(budget[field]);
  // Only one of BudgetLimit and PlannedBudgetLimits may be sent (UpdateBudget).
  if (out.PlannedBudgetLimits !== undefined) delete out.BudgetLimit;
  return out;
}

/** An alert's identity and state: what it compares, how and at which threshold. */
export function notificationState(notification: Notification): JsonObject {
  return {
    NotificationType: notification.NotificationType ?? null,
    ComparisonOperator: notification.ComparisonOperator ?? null,
    Threshold: Number(notification.Threshold),
    ThresholdType: notification.ThresholdType ?? 'PERCENTAGE',
  };
}

export const sameNotification = (a: Notification, b: Notification): boolean => JSON.stringify(notificationState(a)) === JSON.stringify(notificationState(b));

/** A subscriber's identity and state; e-mail addresses compare without case. */
export function subscriberState(subscriber: Subscriber): JsonObject {
  const address = subscriber.Address ?? '';
  return { SubscriptionType: subscriber.SubscriptionType ?? null, Address: subscriber.SubscriptionType === 'EMAIL' ? address.toLowerCase() : address };
}

export const sameSubscriber = (a: Subscriber, b: Subscriber): boolean => JSON.stringify(subscriberState(a)) === JSON.stringify(subscriberState(b));

const notificationOfInput = (change: Pick<Change, 'input'>): Notification => change.input.Notification as unknown as Notification;
const subscriberOfInput = (change: Pick<Change, 'input'>): Subscriber => change.input.Subscriber as unknown as Subscriber;

/** Which alert or subscriber a change is about (its budget is its resource). */
export function budgetChangeIdentity(change: Pick<Change, 'rule' | 'resource' | 'attribute' | 'input'>): string {
  const parts = [change.rule, change.resource, change.attribute];
  if (change.attribute === 'Notification' || change.attribute === 'Subscriber') parts.push(JSON.stringify(notificationState(notificationOfInput(change))));
  if (change.attribute === 'Subscriber') parts.push(JSON.stringify(subscriberState(subscriberOfInput(change))));
  return parts.join('|');
}

async function readNotification(change: Change, ctx: AwsContext): Promise<JsonValue> {
  const { account, name } = parseBudgetArn(change.resource);
  const want = notificationOfInput(change);
  const found = (await describeNotifications(ctx, account, name)).find((n) => sameNotification(n, want));
  return found ? notificationState(found) : null;
}

async function readSubscriber(change: Change, ctx: AwsContext): Promise<JsonValue> {
  const { account, name } = parseBudgetArn(change.resource);
  const notification = (await describeNotifications(ctx, account, name)).find((n) => sameNotification(n, notificationOfInput(change)));
  if (!notification) return null;
  const want = subscriberOfInput(change);
  const found = (await describeSubscribers(ctx, account, name, notification)).find((s) => sameSubscriber(s, want));
  return found ? subscriberState(found) : null;
}

/** One write, sent so its outcome is classified (a 4xx: not made; anything else after sending: unknown). */
function write(send: (client: BudgetsClient, input: JsonObject) => Promise<unknown>) {
  return async (input: JsonObject, ctx: AwsContext) => {
    await sendWrite(ctx, () => send(ctx.factory.budgets(), input));
    return {};
  };
}

export const budgetsOperations: ServiceOperations = {
  operations: {
    'budgets:CreateBudget': { iam: [MODIFY], apply: write((c, i) => c.send(new CreateBudgetCommand(sdkInput<CreateBudgetCommandInput>(i)))) },
    'budgets:UpdateBudget': { iam: [MODIFY], apply: write((c, i) => c.send(new UpdateBudgetCommand(sdkInput<UpdateBudgetCommandInput>(i)))) },
    'budgets:DeleteBudget': { iam: [MODIFY], apply: write((c, i) => c.send(new DeleteBudgetCommand(sdkInput<DeleteBudgetCommandInput>(i)))) },
    'budgets:CreateNotification': { iam: [MODIFY], apply: write((c, i) => c.send(new CreateNotificationCommand(sdkInput<CreateNotificationCommandInput>(i)))) },
    'budgets:DeleteNotification': { iam: [MODIFY], apply: write((c, i) => c.send(new DeleteNotificationCommand(sdkInput<DeleteNotificationCommandInput>(i)))) },
    'budgets:CreateSubscriber': { iam: [MODIFY], apply: write((c, i) => c.send(new CreateSubscriberCommand(sdkInput<CreateSubscriberCommandInput>(i)))) },
    'budgets:DeleteSubscriber': { iam: [MODIFY], apply: write((c, i) => c.send(new DeleteSubscriberCommand(sdkInput<DeleteSubscriberCommandInput>(i)))) },
  },
  readers: {
    'budgets:Budget': {
      iam: [VIEW],
      read: async (change, ctx) => {
        const { account, name } = parseBudgetArn(change.resource);
        return budgetState(await describeBudget(ctx, account, name));
      },
    },
    'budgets:Notification': { iam: [VIEW], read: readNotification },
    'budgets:Subscriber': { iam: [VIEW], read: readSubscriber },
  },
};

let registered = false;

/** Adds the budgets operations to the engine (once): `cost-report budgets` and `rollback` call it. */
export function registerBudgetOperations(): void {
  if (registered) return;
  registered = true;
  registerOperations('cost-report budgets', budgetsOperations);
}
