/**
 * A small AWS Budgets behind aws-sdk-client-mock, answering as the real API does: DescribeBudget
 * echoes amounts in its own format, adds spend and dates, and shows the filter expression only when
 * asked (ShowFilterExpression); notifications come back with their state; deleting a budget deletes
 * its alerts, deleting an alert its subscribers, deleting an alert's last subscriber the alert;
 * NotFoundException (HTTP 400) for what does not exist. Also a runner for `clinnet-opt rollback`.
 */
import {
  BudgetsClient,
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteBudgetCommand,
  DeleteNotificationCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  DuplicateRecordException,
  NotFoundException,
  UpdateBudgetCommand,
  type Budget,
  type Notification,
  type Subscriber,
} from '@aws-sdk/client-budgets';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli, type CliRun } from '../fixers/cli-harness.js';
import { NOW } from './harness.js';

export const ACCOUNT = '123456789012';
export const budgets = mockClient(BudgetsClient);
export const sts = mockClient(STSClient);

export interface Stored {
  budget: Budget;
  notifications: Array<{ notification: Notification; subscribers: Subscriber[] }>;
}

export const MUTATIONS = [CreateBudgetCommand, UpdateBudgetCommand, DeleteBudgetCommand, CreateNotificationCommand, DeleteNotificationCommand, CreateSubscriberCommand, DeleteSubscriberCommand];

export function mutations(): number {
  return MUTATIONS.reduce((n, command) => n + budgets.commandCalls(command as never).length, 0);
}

const notFound = (message: string) => new NotFoundException({ message, $metadata: { httpStatusCode: 400 } });
const sameNotification = (a: Notification, b: Notification | undefined) =>
  a.NotificationType === b?.NotificationType && a.ComparisonOperator === b?.ComparisonOperator && a.Threshold === b?.Threshold && (a.ThresholdType ?? 'PERCENTAGE') === (b?.ThresholdType ?? 'PERCENTAGE');

export function installFakeBudgets(): Map<string, Stored> {
  budgets.reset();
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/ops`, UserId: 'AIDAEXAMPLE' });
  const store = new Map<string, Stored>();
  const stored = (b: Budget): Budget => ({
    ...structuredClone(b),
    BudgetLimit: { Amount: Number(b.BudgetLimit?.Amount).toFixed(1), Unit: b.BudgetLimit?.Unit ?? 'USD' },
    CalculatedSpend: { ActualSpend: { Amount: '12.3', Unit: 'USD' }, ForecastedSpend: { Amount: '30.1', Unit: 'USD' } },
    TimePeriod: { Start: new Date('2025-06-01T00:00:00Z'), End: new Date('2087-06-15T00:00:00Z') },
    LastUpdatedTime: new Date('2025-06-15T08:00:00Z'),
  });
  const entry = (name: string | undefined, what: string): Stored => {
    const found = store.get(name ?? '');
    if (!found) throw notFound(`Unable to ${what}: ${name} - the budget doesn't exist.`);
    return found;
  };
  const alert = (name: string | undefined, n: Notification | undefined) => {
    const found = entry(name, 'get notification').notifications.find((x) => sameNotification(x.notification, n));
    if (!found) throw notFound('Unable to get notification: the notification does not exist.');
    return found;
  };
  budgets.on(DescribeBudgetCommand).callsFake((input) => {
    const budget = structuredClone(entry(input.BudgetName, 'get budget').budget);
    if (!input.ShowFilterExpression) delete budget.FilterExpression;
    return { Budget: budget };
  });
  budgets.on(CreateBudgetCommand).callsFake((input) => {
    const name = input.Budget.BudgetName;
    if (store.has(name)) throw new DuplicateRecordException({ message: `Error creating budget: ${name} - the budget already exists.`, $metadata: { httpStatusCode: 400 } });
    store.set(name, {
      budget: stored(input.Budget),
      notifications: (input.NotificationsWithSubscribers ?? []).map((n: { Notification: Notification; Subscribers: Subscriber[] }) => ({ notification: { ...n.Notification }, subscribers: [...n.Subscribers] })),
    });
    return {};
  });
  budgets.on(UpdateBudgetCommand).callsFake((input) => {
    entry(input.NewBudget.BudgetName, 'update budget').budget = stored(input.NewBudget);
    return {};
  });
  budgets.on(DeleteBudgetCommand).callsFake((input) => {
    entry(input.BudgetName, 'delete budget');
    store.delete(input.BudgetName);
    return {};
  });
  budgets.on(DescribeNotificationsForBudgetCommand).callsFake((input) => ({
    Notifications: entry(input.BudgetName, 'get notifications').notifications.map((n) => ({ ...structuredClone(n.notification), NotificationState: 'OK' })),
  }));
  budgets.on(DescribeSubscribersForNotificationCommand).callsFake((input) => ({ Subscribers: structuredClone(alert(input.BudgetName, input.Notification).subscribers) }));
  budgets.on(CreateNotificationCommand).callsFake((input) => {
    const budget = entry(input.BudgetName, 'create notification');
    if (budget.notifications.some((n) => sameNotification(n.notification, input.Notification))) {
      throw new DuplicateRecordException({ message: 'Error creating notification: the notification already exists.', $metadata: { httpStatusCode: 400 } });
    }
    budget.notifications.push({ notification: { ...input.Notification }, subscribers: [...input.Subscribers] });
    return {};
  });
  budgets.on(DeleteNotificationCommand).callsFake((input) => {
    const budget = entry(input.BudgetName, 'delete notification');
    alert(input.BudgetName, input.Notification);
    budget.notifications = budget.notifications.filter((n) => !sameNotification(n.notification, input.Notification));
    return {};
  });
  budgets.on(CreateSubscriberCommand).callsFake((input) => {
    alert(input.BudgetName, input.Notification).subscribers.push({ ...input.Subscriber });
    return {};
  });
  budgets.on(DeleteSubscriberCommand).callsFake((input) => {
    const budget = entry(input.BudgetName, 'delete subscriber');
    const n = alert(input.BudgetName, input.Notification);
    n.subscribers = n.subscribers.filter((s) => s.Address !== input.Subscriber.Address);
    // Deleting an alert's last subscriber deletes the alert.
    if (!n.subscribers.length) budget.notifications = budget.notifications.filter((x) => x !== n);
    return {};
  });
  return store;
}

/** `clinnet-opt rollback …` in-process, errors mapped to exit codes as src/cli.ts does. */
export function runRollback(args: string[]): Promise<CliRun> {
  return runCli(['rollback', ...args], { now: () => NOW });
}
