/** `cost-report budgets`: a plan without --apply, creation with it, and nothing to do the second time. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BudgetsClient,
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  NotFoundException,
  UpdateBudgetCommand,
  type Budget,
  type Notification,
  type Subscriber,
} from '@aws-sdk/client-budgets';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './harness.js';

const budgets = mockClient(BudgetsClient);
const sts = mockClient(STSClient);
let dir: string;

interface Stored {
  budget: Budget;
  notifications: Array<{ notification: Notification; subscribers: Subscriber[] }>;
}

const MUTATIONS = [CreateBudgetCommand, UpdateBudgetCommand, CreateNotificationCommand, CreateSubscriberCommand, DeleteSubscriberCommand];

/** A small AWS Budgets: answers the Describe calls from what the Create and Update calls stored. */
function installFakeBudgets(): Map<string, Stored> {
  const store = new Map<string, Stored>();
  const notFound = (name: string) => new NotFoundException({ message: `Unable to get budget: ${name} - the budget doesn't exist.`, $metadata: { httpStatusCode: 400 } });
  // AWS echoes amounts with its own formatting and adds spend and dates the caller never set.
  const stored = (b: Budget): Budget => ({
    ...b,
    BudgetLimit: { Amount: Number(b.BudgetLimit?.Amount).toFixed(1), Unit: 'USD' },
    CalculatedSpend: { ActualSpend: { Amount: '12.3', Unit: 'USD' } },
    TimePeriod: { Start: new Date('2025-06-01T00:00:00Z'), End: new Date('2087-06-15T00:00:00Z') },
  });
  const find = (name: string | undefined, n: Notification | undefined) =>
    store.get(name ?? '')?.notifications.find((x) => x.notification.NotificationType === n?.NotificationType && x.notification.Threshold === n?.Threshold);
  budgets.on(DescribeBudgetCommand).callsFake((input) => {
    const entry = store.get(input.BudgetName);
    if (!entry) throw notFound(input.BudgetName);
    return { Budget: structuredClone(entry.budget) };
  });
  budgets.on(CreateBudgetCommand).callsFake((input) => {
    store.set(input.Budget.BudgetName, {
      budget: stored(input.Budget),
      notifications: (input.NotificationsWithSubscribers ?? []).map((n: { Notification: Notification; Subscribers: Subscriber[] }) => ({ notification: { ...n.Notification, NotificationState: 'OK' }, subscribers: [...n.Subscribers] })),
    });
    return {};
  });
  budgets.on(UpdateBudgetCommand).callsFake((input) => {
    const entry = store.get(input.NewBudget.BudgetName);
    if (!entry) throw notFound(input.NewBudget.BudgetName);
    entry.budget = stored(input.NewBudget);
    return {};
  });
  budgets.on(DescribeNotificationsForBudgetCommand).callsFake((input) => {
    const entry = store.get(input.BudgetName);
    if (!entry) throw notFound(input.BudgetName);
    return { Notifications: entry.notifications.map((n) => structuredClone(n.notification)) };
  });
  budgets.on(DescribeSubscribersForNotificationCommand).callsFake((input) => ({ Subscribers: structuredClone(find(input.BudgetName, input.Notification)?.subscribers ?? []) }));
  budgets.on(CreateNotificationCommand).callsFake((input) => {
    store.get(input.BudgetName)?.notifications.push({ notification: input.Notification, subscribers: [...input.Subscribers] });
    return {};
  });
  budgets.on(CreateSubscriberCommand).callsFake((input) => {
    find(input.BudgetName, input.Notification)?.subscribers.push(input.Subscriber);
    return {};
  });
  budgets.on(DeleteSubscriberCommand).callsFake((input) => {
    const n = find(input.BudgetName, input.Notification);
    if (n) n.subscribers = n.subscribers.filter((s) => s.Address !== input.Subscriber.Address);
    return {};
  });
  return store;
}

function mutations(): number {
  return MUTATIONS.reduce((n, command) => n + budgets.commandCalls(command as never).length, 0);
}

function config(budgetsSection: Record<string, unknown>): void {
  writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { budgets: budgetsSection } }));
}

const run = (args: string[]) => runCli(['cost-report', 'budgets', ...args], { cwd: () => dir });
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:cost-alerts';

let store: Map<string, Stored>;
beforeEach(() => {
  budgets.reset();
  sts.reset();
  dir = tempDir();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  store = installFakeBudgets();
});

describe('cost-report budgets', () => {
  it('without --apply prints the plan and changes nothing', async () => {
    config({ snsTopicArn: TOPIC });
    const r = await run([]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/clinnet-opt-dev \(dev, \$40\.00\/month\): 1 change\(s\) planned/);
    expect(r.stdout).toMatch(/clinnet-opt-prod \(prod, \$480\.00\/month\)/);
    expect(r.stdout).toMatch(/alerts at 80% actual and 100% forecast to SNS arn:aws:sns/);
    expect(r.stdout).toMatch(/Not applied: rerun with --apply/);
    expect(mutations()).toBe(0);
  });

  it('--apply creates one budget per environment on the tag, with both alerts; a second --apply changes nothing', async () => {
    config({ snsTopicArn: TOPIC, emails: ['ops@example.com'] });
    const first = await run(['--apply']);
    expect(first.exitCode).toBe(0);
    const creates = budgets.commandCalls(CreateBudgetCommand);
    expect(creates).toHaveLength(2);
    expect(creates[1].args[0].input).toMatchObject({
      AccountId: '123456789012',
      Budget: {
        BudgetName: 'clinnet-opt-prod',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: '480.00', Unit: 'USD' },
        FilterExpression: { Tags: { Key: 'Environment', Values: ['prod', 'prd', 'production'], MatchOptions: ['EQUALS'] } },
      },
      NotificationsWithSubscribers: [
        { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' } },
        { Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' } },
      ],
    });
    expect(creates[1].args[0].input.NotificationsWithSubscribers?.[0].Subscribers).toEqual([
      { SubscriptionType: 'SNS', Address: TOPIC },
      { SubscriptionType: 'EMAIL', Address: 'ops@example.com' },
    ]);
    const before = mutations();
    const second = await run(['--apply']);
    expect(second.exitCode).toBe(0);
    expect(mutations()).toBe(before);
    expect(second.stdout).toMatch(/clinnet-opt-dev \(dev, \$40\.00\/month\): up to date, nothing to change/);
    expect(second.stdout).toMatch(/clinnet-opt-prod \(prod, \$480\.00\/month\): up to date/);
  });

  it('changes only what differs: a new limit updates the budget, a new address swaps the subscriber', async () => {
    config({ snsTopicArn: TOPIC, emails: ['ops@example.com'] });
    await run(['--apply']);
    const before = mutations();
    config({ snsTopicArn: TOPIC, emails: ['finance@example.com'], environments: { prod: { limitUsd: 500 } } });
    const r = await run(['--apply']);
    expect(r.exitCode).toBe(0);
    expect(budgets.commandCalls(UpdateBudgetCommand)).toHaveLength(1);
    expect(budgets.commandCalls(UpdateBudgetCommand)[0].args[0].input.NewBudget?.BudgetLimit).toEqual({ Amount: '500.00', Unit: 'USD' });
    // Per budget and alert: add finance@, then remove ops@ (an alert always keeps a subscriber).
    expect(budgets.commandCalls(CreateSubscriberCommand)).toHaveLength(4);
    expect(budgets.commandCalls(DeleteSubscriberCommand)).toHaveLength(4);
    expect(mutations() - before).toBe(9);
    expect(store.get('clinnet-opt-prod')?.notifications[0].subscribers.map((s) => s.Address)).toEqual([TOPIC, 'finance@example.com']);
    const again = await run(['--apply']);
    expect(again.stdout).not.toMatch(/change\(s\)/);
    expect(mutations() - before).toBe(9);
  });

  it('--apply with nowhere to send alerts is a usage error (exit 2)', async () => {
    const r = await run(['--apply']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/set cost\.budgets\.snsTopicArn or cost\.budgets\.emails/);
    expect(mutations()).toBe(0);
  });

  it('AccessDenied from Budgets exits 3 naming the actions to grant', async () => {
    config({ snsTopicArn: TOPIC });
    budgets.on(DescribeBudgetCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const r = await run(['--env', 'dev']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/grant budgets:ViewBudget and budgets:ModifyBudget/);
  });
});
