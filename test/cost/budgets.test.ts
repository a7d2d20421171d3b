/**
 * `cost-report budgets` through the change engine: a plan that shows every request without --apply,
 * creation with it (journaled and read back), nothing to do the second time, only what differs
 * after that, and `rollback JOURNAL` putting each budget back as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  UpdateBudgetCommand,
} from '@aws-sdk/client-budgets';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/changes/journal.js';
import { ACCOUNT, budgets, installFakeBudgets, mutations, runRollback, type Stored } from './budgets-fake.js';
import { runCli, tempDir } from './harness.js';

let dir: string;
let store: Map<string, Stored>;

function config(budgetsSection: Record<string, unknown>): void {
  writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { budgets: budgetsSection } }));
}

const run = (args: string[]) => runCli(['cost-report', 'budgets', ...args], { cwd: () => dir, sleep: async () => {} });
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:cost-alerts';
const PROD_ARN = `arn:aws:budgets::${ACCOUNT}:budget/clinnet-opt-prod`;

/** What a person would check in the console: limit, filter, alerts and who gets them. */
function view(name: string) {
  const entry = store.get(name);
  if (!entry) return null;
  return {
    limit: entry.budget.BudgetLimit,
    filter: entry.budget.FilterExpression,
    alerts: entry.notifications.map((n) => ({ type: n.notification.NotificationType, threshold: n.notification.Threshold, to: n.subscribers.map((s) => s.Address).sort() })),
  };
}

beforeEach(() => {
  dir = tempDir();
  store = installFakeBudgets();
});

describe('cost-report budgets', () => {
  it('without --apply prints the plan with every request field and changes nothing', async () => {
    config({ snsTopicArn: TOPIC });
    const r = await run([]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/clinnet-opt-dev \(dev, \$40\.00\/month\): 3 change\(s\) planned: create on tag Environment=dev\|develop\|development; alerts at 80% actual and 100% forecast to SNS arn:aws:sns/);
    expect(r.stdout).toMatch(/clinnet-opt-prod \(prod, \$480\.00\/month\): 3 change\(s\) planned/);
    expect(r.stdout).toMatch(/Plan [0-9a-f]{16} for all environments \(account 123456789012\): 6 change\(s\) to apply, 0 refused/);
    expect(r.stdout).toContain('sends budgets:CreateBudget');
    expect(r.stdout).toContain(
      '    Budget: {"BudgetName":"clinnet-opt-prod","BudgetType":"COST","TimeUnit":"MONTHLY","BudgetLimit":{"Amount":"480.00","Unit":"USD"},"FilterExpression":{"Tags":{"Key":"Environment","Values":["prod","prd","production"],"MatchOptions":["EQUALS"]}},"Metrics":["UnblendedCost"]}',
    );
    expect(r.stdout).toContain(`    Subscribers: [{"SubscriptionType":"SNS","Address":"${TOPIC}"}]`);
    expect(r.stdout).toContain(`  undo: budgets:DeleteBudget {"AccountId":"${ACCOUNT}","BudgetName":"clinnet-opt-prod"}`);
    expect(r.stderr).toMatch(/Not applied: rerun with --apply/);
    expect(mutations()).toBe(0);
  });

  it('--apply creates one budget per environment on the tag, with both alerts, journaled; a second --apply changes nothing', async () => {
    config({ snsTopicArn: TOPIC, emails: ['ops@example.com'] });
    const journal = join(dir, 'apply.json');
    const first = await run(['--apply', '--journal', journal]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/6 applied, 0 skipped \(drift\), 0 failed, 0 unknown/);
    const creates = budgets.commandCalls(CreateBudgetCommand);
    expect(creates).toHaveLength(2);
    expect(creates[1].args[0].input).toEqual({
      AccountId: ACCOUNT,
      Budget: {
        BudgetName: 'clinnet-opt-prod',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: '480.00', Unit: 'USD' },
        FilterExpression: { Tags: { Key: 'Environment', Values: ['prod', 'prd', 'production'], MatchOptions: ['EQUALS'] } },
        Metrics: ['UnblendedCost'],
      },
    });
    const alerts = budgets.commandCalls(CreateNotificationCommand).map((c) => c.args[0].input);
    expect(alerts).toHaveLength(4);
    expect(alerts[2]).toEqual({
      AccountId: ACCOUNT,
      BudgetName: 'clinnet-opt-prod',
      Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
      Subscribers: [
        { SubscriptionType: 'SNS', Address: TOPIC },
        { SubscriptionType: 'EMAIL', Address: 'ops@example.com' },
      ],
    });
    // The filter is read with ShowFilterExpression, or AWS leaves it out and every run would update.
    expect(budgets.commandCalls(DescribeBudgetCommand).every((c) => c.args[0].input.ShowFilterExpression === true)).toBe(true);
    expect(view('clinnet-opt-prod')).toEqual({
      limit: { Amount: '480.0', Unit: 'USD' },
      filter: { Tags: { Key: 'Environment', Values: ['prod', 'prd', 'production'], MatchOptions: ['EQUALS'] } },
      alerts: [
        { type: 'ACTUAL', threshold: 80, to: [TOPIC, 'ops@example.com'] },
        { type: 'FORECASTED', threshold: 100, to: [TOPIC, 'ops@example.com'] },
      ],
    });
    const written = parseJournal(readFileSync(journal, 'utf8'), journal);
    expect(written.header).toMatchObject({ mode: 'apply', account: ACCOUNT, env: null });
    expect(written.records.map((r) => [r.change.resource, r.change.attribute, r.outcome])).toEqual([
      [`arn:aws:budgets::${ACCOUNT}:budget/clinnet-opt-dev`, 'Budget', 'applied'],
      [`arn:aws:budgets::${ACCOUNT}:budget/clinnet-opt-dev`, 'Notification', 'applied'],
      [`arn:aws:budgets::${ACCOUNT}:budget/clinnet-opt-dev`, 'Notification', 'applied'],
      [PROD_ARN, 'Budget', 'applied'],
      [PROD_ARN, 'Notification', 'applied'],
      [PROD_ARN, 'Notification', 'applied'],
    ]);
    expect(written.finished).toBe(true);

    const before = mutations();
    const second = await run(['--apply', '--journal', join(dir, 'again.json')]);
    expect(second.exitCode).toBe(0);
    expect(mutations()).toBe(before);
    expect(second.stdout).toMatch(/clinnet-opt-dev \(dev, \$40\.00\/month\): up to date, nothing to change/);
    expect(second.stdout).toMatch(/clinnet-opt-prod \(prod, \$480\.00\/month\): up to date/);
    expect(second.stderr).toMatch(/Nothing to apply\./);
  });

  it('changes only what differs (a new limit, a swapped address), and rollback puts it all back', async () => {
    config({ snsTopicArn: TOPIC, emails: ['ops@example.com'] });
    await run(['--apply', '--journal', join(dir, 'create.json')]);
    const created = { dev: view('clinnet-opt-dev'), prod: view('clinnet-opt-prod') };
    const before = mutations();
    config({ snsTopicArn: TOPIC, emails: ['finance@example.com'], environments: { prod: { limitUsd: 500 } } });
    const journal = join(dir, 'update.json');
    const r = await run(['--apply', '--journal', journal]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(budgets.commandCalls(UpdateBudgetCommand)).toHaveLength(1);
    expect(budgets.commandCalls(UpdateBudgetCommand)[0].args[0].input.NewBudget?.BudgetLimit).toEqual({ Amount: '500.00', Unit: 'USD' });
    expect(r.stdout).toMatch(/Budget: .*"Amount":"480".* → .*"Amount":"500"/);
    // Per budget and alert: add finance@, then remove ops@ (an alert always keeps a subscriber).
    expect(budgets.commandCalls(CreateSubscriberCommand)).toHaveLength(4);
    expect(budgets.commandCalls(DeleteSubscriberCommand)).toHaveLength(4);
    expect(mutations() - before).toBe(9);
    expect(view('clinnet-opt-prod')?.alerts[0].to).toEqual([TOPIC, 'finance@example.com']);
    expect(view('clinnet-opt-prod')?.limit).toEqual({ Amount: '500.0', Unit: 'USD' });
    const again = await run(['--apply', '--journal', join(dir, 'again.json')]);
    expect(again.stdout).not.toMatch(/change\(s\) planned/);
    expect(mutations() - before).toBe(9);

    const rolled = await runRollback([journal, '--yes', '--journal', join(dir, 'rollback.json')]);
    expect(rolled.exitCode, rolled.stderr).toBe(0);
    expect(rolled.stdout).toMatch(/9 applied, 0 skipped \(drift\), 0 failed, 0 unknown/);
    expect({ dev: view('clinnet-opt-dev'), prod: view('clinnet-opt-prod') }).toEqual(created);
    // The undo of the update sends the budget as it was read, without AWS's own spend and dates.
    const undo = budgets.commandCalls(UpdateBudgetCommand)[1].args[0].input;
    expect(undo).toEqual({
      AccountId: ACCOUNT,
      NewBudget: {
        BudgetName: 'clinnet-opt-prod',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: '480.0', Unit: 'USD' },
        FilterExpression: { Tags: { Key: 'Environment', Values: ['prod', 'prd', 'production'], MatchOptions: ['EQUALS'] } },
        Metrics: ['UnblendedCost'],
      },
    });
  });

  it('rollback of a creation deletes the alerts, then the budgets', async () => {
    config({ emails: ['ops@example.com'] });
    const journal = join(dir, 'apply.json');
    await run(['--apply', '--env', 'dev', '--journal', journal]);
    expect(view('clinnet-opt-dev')?.alerts).toHaveLength(2);
    const rolled = await runRollback([journal, '--journal', join(dir, 'rollback.json')]);
    expect(rolled.exitCode, rolled.stderr).toBe(0);
    expect(rolled.stderr).toMatch(/\[1\/3\] undo cost\/budget clinnet-opt-dev Notification\n\[2\/3\] undo cost\/budget clinnet-opt-dev Notification\n\[3\/3\] undo cost\/budget clinnet-opt-dev Budget/);
    expect(store.size).toBe(0);
    // Rolled back twice: nothing is there to undo, and nothing is sent.
    const before = mutations();
    const twice = await runRollback([journal, '--journal', join(dir, 'rollback2.json')]);
    expect(twice.exitCode).toBe(0);
    expect(twice.stdout).toMatch(/0 applied, 3 skipped \(drift\)/);
    expect(mutations()).toBe(before);
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
