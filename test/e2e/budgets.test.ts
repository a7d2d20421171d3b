/**
 * `cost-report budgets` through the change engine, from the built binary against the emulator:
 * --plan-out, --apply FILE (journaled, read back), an edited file refused, `rollback JOURNAL`.
 * moto serves CreateBudget, DescribeBudget(s), DeleteBudget, Create/DeleteNotification and
 * DescribeNotificationsForBudget, but not UpdateBudget, the subscriber calls or
 * DescribeSubscribersForNotification (docs/e2e.md): updates and subscriber changes, and the plan of
 * an account whose budgets already have alerts, are covered by test/cost/budgets*.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand } from '@aws-sdk/client-budgets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { parseJournal } from '../../src/changes/journal.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';
import { withoutNodeNotice } from '../cli/built-cli.js';

const ACCOUNT = '123456789012';
const EMAIL = 'finance@example.com';

let moto: Moto;
let f: ClientFactory;
let dir: string;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('budgets'));
  writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { budgets: { emails: [EMAIL] } } }));
});
afterAll(async () => moto?.stop());

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
}

/** Every budget with its alerts, as the API reports them (moto cannot report subscribers). */
async function readBudgets() {
  const client = f.budgets();
  const budgets = (await client.send(new DescribeBudgetsCommand({ AccountId: ACCOUNT, ShowFilterExpression: true }))).Budgets ?? [];
  const out = [];
  for (const b of budgets.sort((x, y) => (x.BudgetName ?? '').localeCompare(y.BudgetName ?? ''))) {
    const notifications = (await client.send(new DescribeNotificationsForBudgetCommand({ AccountId: ACCOUNT, BudgetName: b.BudgetName }))).Notifications ?? [];
    out.push({
      name: b.BudgetName,
      limit: Number(b.BudgetLimit?.Amount),
      unit: b.BudgetLimit?.Unit,
      timeUnit: b.TimeUnit,
      filter: b.FilterExpression,
      notifications: notifications.map((n) => ({ type: n.NotificationType, threshold: n.Threshold, comparison: n.ComparisonOperator })).sort((x, y) => String(x.type).localeCompare(String(y.type))),
    });
  }
  return out;
}

const ALERTS = [
  { type: 'ACTUAL', threshold: 80, comparison: 'GREATER_THAN' },
  { type: 'FORECASTED', threshold: 100, comparison: 'GREATER_THAN' },
];

describe('cost-report budgets through the change engine', () => {
  it('plans to a file, applies exactly it with a journal, refuses an edited copy, and rolls back', async () => {
    await moto.reset();
    const planFile = join(dir, 'budgets-plan.json');
    const planned = await cli(['cost-report', 'budgets', '--plan-out', planFile]);
    expectClean(planned, 0);
    expect(planned.stdout).toMatch(/clinnet-opt-dev \(dev, \$40\.00\/month\): 3 change\(s\) planned/);
    expect(planned.stdout).toContain(`    Subscribers: [{"SubscriptionType":"EMAIL","Address":"${EMAIL}"}]`);
    expect(await readBudgets()).toEqual([]);
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    expect(plan).toMatchObject({ kind: 'clinnet-opt/plan', schemaVersion: 2, account: ACCOUNT, selection: { source: 'budgets' } });
    expect(plan.changes).toHaveLength(6);

    // An edited copy is refused whole before any request.
    const edited = join(dir, 'edited-plan.json');
    writeFileSync(edited, readFileSync(planFile, 'utf8').replace('"Amount": "480.00"', '"Amount": "4800.00"'));
    const refused = await cli(['cost-report', 'budgets', '--apply', edited]);
    expectClean(refused, 2);
    expect(refused.stderr).toMatch(/does not match its content/);
    expect(await readBudgets()).toEqual([]);

    const journal = join(dir, 'budgets-journal.json');
    const applied = await cli(['cost-report', 'budgets', '--apply', planFile, '--journal', journal]);
    expectClean(applied, 0);
    expect(applied.stdout).toMatch(/6 applied, 0 skipped \(drift\), 0 failed, 0 unknown, 0 refused, 0 not attempted/);
    expect(await readBudgets()).toEqual([
      { name: 'clinnet-opt-dev', limit: 40, unit: 'USD', timeUnit: 'MONTHLY', filter: { Tags: { Key: 'Environment', Values: ['dev', 'develop', 'development'], MatchOptions: ['EQUALS'] } }, notifications: ALERTS },
      { name: 'clinnet-opt-prod', limit: 480, unit: 'USD', timeUnit: 'MONTHLY', filter: { Tags: { Key: 'Environment', Values: ['prod', 'prd', 'production'], MatchOptions: ['EQUALS'] } }, notifications: ALERTS },
    ]);
    const written = parseJournal(readFileSync(journal, 'utf8'), journal);
    expect(written.header).toMatchObject({ mode: 'apply', planId: plan.id, account: ACCOUNT });
    expect(written.records.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);

    // A second plan reads each alert's subscribers first, which moto does not serve
    // (DescribeSubscribersForNotification, docs/e2e.md): exit 3 with one line, nothing sent.
    const created = await readBudgets();
    const second = await cli(['cost-report', 'budgets', '--apply']);
    expectClean(second, 3);
    expect(withoutNodeNotice(second.stderr).trim().split('\n')).toEqual([expect.stringMatching(/^clinnet-opt: AWS error: budgets:DescribeSubscribersForNotification: the endpoint answered HTTP 500 /)]);
    expect(await readBudgets()).toEqual(created);

    // Prod budgets are among the changes: rollback asks for --yes without a terminal.
    const noYes = await cli(['rollback', journal, '--journal', join(dir, 'rollback-no.json')]);
    expectClean(noYes, 2);
    expect(await readBudgets()).toEqual(created);
    const rolled = await cli(['rollback', journal, '--yes', '--journal', join(dir, 'rollback.json')]);
    expectClean(rolled, 0);
    expect(rolled.stdout).toMatch(/6 applied, 0 skipped \(drift\), 0 failed, 0 unknown/);
    expect(await readBudgets()).toEqual([]);
  });
});
